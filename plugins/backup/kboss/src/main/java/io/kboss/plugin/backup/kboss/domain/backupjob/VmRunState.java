package io.kboss.plugin.backup.kboss.domain.backupjob;

/** Where one VM of a run stands: OpenNebula's four sets. */
public enum VmRunState {
    /** Not backed up in this run (yet, or ever: the run was cancelled before it). */
    OUTDATED,
    /** Its backup is queued or running. */
    ONGOING,
    /** Backed up in this run. */
    UPDATED,
    /** Its backup failed, or could not be asked for; retryBackupJob runs these again. */
    ERROR
}
