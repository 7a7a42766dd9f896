package io.kboss.server.backup;

/**
 * A VM of the inventory as a backup provider sees it.
 *
 * @param libvirtUuid the libvirt domain uuid, which the agent knows the VM by
 * @param hostId      null when discovery has not placed the VM on a host
 * @param state       the management state (Running, Stopped, BackupError, ...)
 * @param powerState  what the hypervisor last reported: PowerOn, PowerOff or PowerUnknown
 * @param offeringId  the backup offering the VM is assigned to, or null
 */
public record VmRef(long id, String uuid, String name, String libvirtUuid, long accountId, long domainId,
        String domainPath, long zoneId, Long hostId, String state, String powerState, Long offeringId) {

    /** The VM as messages name it: its name and uuid. */
    public String label() {
        return name + " (" + uuid + ")";
    }

    /** The state a VM returns to when it leaves a backup state: what the hypervisor last reported. */
    public String powerStateName() {
        return "PowerOn".equals(powerState) ? "Running" : "PowerOff".equals(powerState) ? "Stopped" : "Unknown";
    }
}
