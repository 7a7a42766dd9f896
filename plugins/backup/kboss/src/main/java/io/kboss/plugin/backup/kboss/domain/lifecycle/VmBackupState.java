package io.kboss.plugin.backup.kboss.domain.lifecycle;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The backup side of a VM's state. A backup that failed part-way may leave the VM's disks with
 * leftovers (temporary overlays, stale bitmaps); until finishBackupChain normalizes them the VM is in
 * BackupError and takes no new backup or restore, because both would build on disks we cannot trust.
 */
public enum VmBackupState {
    NORMAL("Normal"), BACKUP_ERROR("BackupError");

    private final String apiName;

    VmBackupState(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** BackupError is a management state of the VM (CloudStack's layout); any other state is a normal VM. */
    public static VmBackupState of(String managementState) {
        return BACKUP_ERROR.apiName.equals(managementState) ? BACKUP_ERROR : NORMAL;
    }

    /** The one place a VM's backup state changes; anything else throws naming state and event. */
    public VmBackupState next(VmBackupEvent event) {
        VmBackupState to = switch (this) {
            case NORMAL -> switch (event) {
                case BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT -> BACKUP_ERROR;
                // finishBackupChain on a healthy VM just ends its chains.
                case CHAIN_FINISHED -> NORMAL;
                case NORMALIZATION_FAILED -> null;
            };
            case BACKUP_ERROR -> switch (event) {
                case CHAIN_FINISHED -> NORMAL;
                // Stays in BackupError; the operator retries finishBackupChain once storage is back.
                case NORMALIZATION_FAILED -> BACKUP_ERROR;
                // No backup may start in BackupError, so a second Error cannot be reported.
                case BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT -> null;
            };
        };
        if (to == null) {
            throw new IllegalTransitionException("VM", apiName, event, accepted());
        }
        return to;
    }

    /** The events this state accepts. */
    public Set<VmBackupEvent> accepted() {
        return this == NORMAL
                ? EnumSet.of(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT, VmBackupEvent.CHAIN_FINISHED)
                : EnumSet.of(VmBackupEvent.CHAIN_FINISHED, VmBackupEvent.NORMALIZATION_FAILED);
    }

    /** A new backup may start only on disks we trust. */
    public boolean allowsBackup() {
        return this == NORMAL;
    }

    /** A restore overwrites the disks, but its leftovers check runs in normalization: normalize first. */
    public boolean allowsRestore() {
        return this == NORMAL;
    }

    /**
     * Why a backup or restore is refused in this state, and what to do; empty when it is allowed.
     *
     * @param vm the VM as the message names it (its name and uuid)
     */
    public Optional<String> refusalForBackupOrRestore(String vm) {
        return this == NORMAL
                ? Optional.empty()
                : Optional.of("VM " + vm + " is in BackupError: a failed backup may have left its disks "
                        + "inconsistent; run finishBackupChain for the VM to normalize it, then retry");
    }

    @Override
    public String toString() {
        return apiName;
    }
}
