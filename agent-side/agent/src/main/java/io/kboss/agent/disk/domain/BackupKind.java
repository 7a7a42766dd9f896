package io.kboss.agent.disk.domain;

public enum BackupKind {
    FULL, INCREMENTAL
}
