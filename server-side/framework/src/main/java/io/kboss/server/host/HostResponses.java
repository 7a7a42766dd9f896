package io.kboss.server.host;

import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmRepository.Vm;
import io.kboss.server.host.VmRepository.Volume;
import java.time.Instant;

/** Hosts, VMs and volumes as the API shows them (CloudStack's field names). Never a channel key. */
final class HostResponses {
    private HostResponses() {
    }

    record HostResponse(String id, String name, String type, String hypervisor, String hypervisorversion, String state,
            String resourcestate, String ipaddress, String version, String zoneid, String zonename,
            String clusterid, String clustername, Integer cpunumber, Long memorytotal, Instant lastpinged,
            Instant created) {
        static HostResponse of(Host h) {
            return new HostResponse(h.uuid(), h.name(), "Routing", "KVM", h.qemuVersion(), h.status().name(), "Enabled",
                    h.address(), h.agentVersion(), h.zoneUuid(), h.zoneName(), h.clusterUuid(), h.clusterName(),
                    h.cpus(),
                    h.memoryBytes(), h.lastContact(), h.created());
        }
    }

    record VmResponse(String id, String name, String displayname, String instancename, String state, String hostid,
            String hostname, String zoneid, String zonename, String account, String domainid, String domain,
            String backupofferingid, String backupofferingname, String hypervisor, Instant created,
            java.util.Map<String, String> details, Integer cpunumber, Long memory) {
        static VmResponse of(Vm v, boolean admin) {
            return of(v, admin, null);
        }

        /** With the VM's details (null leaves them out). */
        static VmResponse of(Vm v, boolean admin, java.util.Map<String, String> details) {
            // Users do not see which host runs their VM (as CloudStack).
            return new VmResponse(v.uuid(), v.name(), v.name(), admin ? v.name() : null, v.state(),
                    admin ? v.hostUuid() : null, admin ? v.hostName() : null, v.zoneUuid(), v.zoneName(),
                    v.accountName(),
                    v.ownerDomainUuid(), v.ownerDomainName(), v.backupOfferingUuid(), v.backupOfferingName(), "KVM",
                    v.created(), details, v.cpus(),
                    // CloudStack's memory is in MiB; absent until discovery has read the VM's size.
                    v.memoryBytes() == null ? null : v.memoryBytes() >> 20);
        }
    }

    record VolumeResponse(String id, String name, String type, Integer deviceid, String device, String virtualmachineid,
            String vmname, String path, Long size, Long physicalsize, String format, String storagetype,
            String state, String zoneid, String zonename, String account, String domainid, String domain,
            Instant created) {
        static VolumeResponse of(Volume v, boolean admin) {
            return new VolumeResponse(v.uuid(), v.name(), v.type(), v.deviceId(), v.device(), v.vmUuid(), v.vmName(),
                    admin ? v.path() : null, v.virtualSize(), v.allocatedSize(), v.format(), v.storageKind(), v.state(),
                    v.zoneUuid(), v.zoneName(), v.accountName(), v.ownerDomainUuid(), v.ownerDomainName(), v.created());
        }
    }
}
