package io.kboss.agent.contract;

public enum BackupMode {
    FULL,
    /** Only what changed since {@link TakeBackupCommand#fromCheckpoint}. */
    INCREMENTAL
}
