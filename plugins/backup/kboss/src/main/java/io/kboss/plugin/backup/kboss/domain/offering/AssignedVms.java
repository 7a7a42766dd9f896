package io.kboss.plugin.backup.kboss.domain.offering;

/**
 * Which VMs use an offering. An offering may only be deleted while no VM is assigned to it; the
 * assignment itself (assignVirtualMachineToBackupOffering) belongs to the VM backup lifecycle.
 */
public interface AssignedVms {

    /** How many live VMs are assigned to the offering with this database id. */
    long countAssignedTo(long offeringId);
}
