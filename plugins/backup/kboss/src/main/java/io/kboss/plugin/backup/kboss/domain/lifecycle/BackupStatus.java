package io.kboss.plugin.backup.kboss.domain.lifecycle;

import java.util.Arrays;

/**
 * Where one backup is in its life. The API spells the states as CloudStack does ({@link #apiName()});
 * how a backup moves between them is decided only by {@link BackupTransitions}.
 */
public enum BackupStatus {
    /** The row exists, nothing has been asked of an agent yet. */
    ALLOCATED("Allocated"),
    /** Waiting for admission under the concurrency limits. */
    QUEUED("Queued"),
    /** An agent is writing the backup files. */
    BACKING_UP("BackingUp"),
    /** Complete and restorable; the only state a chain may grow from. */
    BACKED_UP("BackedUp"),
    /** Failed while the VM's disks may have been left inconsistent (the VM goes to BackupError). */
    ERROR("Error"),
    /** Failed cleanly: the VM's disks are as they were before the attempt. */
    FAILED("Failed"),
    /** An agent is reading this backup to restore a VM or volume from it. */
    RESTORING("Restoring"),
    /** Deleted by a user or retention: hidden, never restored or built upon; files are being reclaimed. */
    REMOVED("Removed"),
    /** Files are gone; the row stays only as history. */
    EXPUNGED("Expunged");

    private final String apiName;

    BackupStatus(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling used by the CloudStack API and the database. */
    public String apiName() {
        return apiName;
    }

    /** Parses the API spelling, case-insensitively; refuses anything else with the allowed values. */
    public static BackupStatus fromApiName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.apiName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backup status '" + name
                        + "'; expected one of " + Arrays.stream(values()).map(BackupStatus::apiName).toList()));
    }

    /** Only a complete backup that nobody is using can be restored. */
    public boolean allowsRestore() {
        return this == BACKED_UP;
    }

    /**
     * Which states a deleteBackup may start from. Work in progress (BackingUp, Restoring) is never deleted
     * under an agent's feet; {@code forced} additionally drops requests that never ran (Allocated, Queued).
     */
    public boolean allowsDelete(boolean forced) {
        return switch (this) {
            case BACKED_UP, ERROR, FAILED -> true;
            case ALLOCATED, QUEUED -> forced;
            case BACKING_UP, RESTORING, REMOVED, EXPUNGED -> false;
        };
    }

    /** A backup whose files other backups or an agent may be using right now. */
    public boolean isBusy() {
        return this == BACKING_UP || this == RESTORING;
    }

    @Override
    public String toString() {
        return apiName;
    }
}
