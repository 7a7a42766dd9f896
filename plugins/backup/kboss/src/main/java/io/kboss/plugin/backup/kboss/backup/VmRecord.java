package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;

/**
 * A VM as backup orchestration reads it from {@code vm_instance}.
 *
 * @param libvirtUuid     the libvirt domain uuid, which the agent knows the VM by
 * @param hostId          null when discovery has not placed the VM on a host
 * @param offeringId      the assigned backup offering, or null
 */
public record VmRecord(long id, String uuid, String name, String libvirtUuid, long accountId, long domainId,
        String domainPath, long zoneId, Long hostId, String state, String powerState, Long offeringId) {

    /** BackupError is a management state of the VM (CloudStack's layout); anything else is a normal VM. */
    public VmBackupState backupState() {
        return VmBackupState.BACKUP_ERROR.apiName().equals(state) ? VmBackupState.BACKUP_ERROR : VmBackupState.NORMAL;
    }

    /** The VM as messages name it: its name and uuid. */
    public String label() {
        return name + " (" + uuid + ")";
    }

    /** The state a VM returns to when it leaves BackupError: what the hypervisor last reported. */
    public String powerStateName() {
        return "PowerOn".equals(powerState) ? "Running" : "PowerOff".equals(powerState) ? "Stopped" : "Unknown";
    }
}
