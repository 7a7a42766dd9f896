package io.kboss.client.model;

import java.time.Instant;

/**
 * A VM the hosts' agents discovered (listVirtualMachines). {@code name} is its libvirt domain name,
 * which inside CloudStack is the instance name (i-2-10-VM). {@code hostId} and
 * {@code instanceName} are shown to admins only.
 */
public record VirtualMachine(String id, String name, String displayName, String instanceName, String state,
        String hostId, String hostName, String zoneId, String zoneName, String account, String domainId, String domain,
        String backupOfferingId, String backupOfferingName, String hypervisor, Instant created) {
}
