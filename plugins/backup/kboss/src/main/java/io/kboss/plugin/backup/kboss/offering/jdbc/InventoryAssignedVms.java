package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.domain.offering.AssignedVms;
import io.kboss.server.backup.VmInventory;

/** The live VMs assigned to an offering, as the framework's inventory counts them. */
public class InventoryAssignedVms implements AssignedVms {
    private final VmInventory vms;

    public InventoryAssignedVms(VmInventory vms) {
        this.vms = vms;
    }

    @Override
    public long countAssignedTo(long offeringId) {
        return vms.countAssigned(offeringId);
    }
}
