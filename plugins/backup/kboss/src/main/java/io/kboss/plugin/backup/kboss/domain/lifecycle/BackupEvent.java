package io.kboss.plugin.backup.kboss.domain.lifecycle;

/** Something that happened to one backup; {@link BackupTransitions} says which status follows. */
public enum BackupEvent {
    QUEUED("queued"), STARTED("started"), SUCCEEDED("succeeded"),
    /** The attempt failed and the agent confirmed the VM's disks are untouched. */
    FAILED_DISKS_CONSISTENT("failed with disks consistent"),
    /** The attempt failed part-way (agent lost, timeout, crash): the VM's disks may be inconsistent. */
    FAILED_DISKS_MAYBE_INCONSISTENT("failed with disks maybe inconsistent"), RESTORE_STARTED("restore started"),
    /** The restore finished, well or badly: either way the backup itself is unchanged. */
    RESTORE_ENDED("restore ended"),
    /** Deleted: hidden from users and from the chain policy, files not yet reclaimed. */
    REMOVED("removed"),
    /** The files are gone. */
    EXPUNGED("expunged");

    private final String description;

    BackupEvent(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
