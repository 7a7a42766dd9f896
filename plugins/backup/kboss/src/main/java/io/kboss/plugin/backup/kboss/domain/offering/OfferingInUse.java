package io.kboss.plugin.backup.kboss.domain.offering;

/** An offering cannot be deleted while VMs are assigned to it: their backups would lose their policy. */
public final class OfferingInUse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OfferingInUse(String offeringName, long assignedVms) {
        super("Backup offering " + offeringName + " is assigned to " + assignedVms + " VM"
                + (assignedVms == 1 ? "" : "s") + ": remove them from it with removeVirtualMachineFromBackupOffering, "
                + "then delete the offering.");
    }
}
