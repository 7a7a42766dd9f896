package io.kboss.plugin.backup.kboss.domain.lifecycle;

/** What changes a VM's backup state. */
public enum VmBackupEvent {
    /** A backup of this VM ended in Error: its disks may carry leftovers of the attempt. */
    BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT("backup left disks maybe inconsistent"),
    /** finishBackupChain ended the VM's chains and, if needed, repaired its disks. */
    CHAIN_FINISHED("finishBackupChain"),
    /** finishBackupChain ran but could not repair the disks (storage unavailable, agent down). */
    NORMALIZATION_FAILED("normalization failed");

    private final String description;

    VmBackupEvent(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
