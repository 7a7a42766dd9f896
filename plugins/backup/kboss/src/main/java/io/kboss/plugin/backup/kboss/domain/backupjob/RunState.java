package io.kboss.plugin.backup.kboss.domain.backupjob;

/** A run as a whole. */
public enum RunState {
    /** Some VM is still OUTDATED or ONGOING. */
    RUNNING,
    /** Every VM is UPDATED or ERROR. */
    FINISHED,
    /** Cancelled: its queued backups were dropped, its running ones left to end. */
    CANCELLED
}
