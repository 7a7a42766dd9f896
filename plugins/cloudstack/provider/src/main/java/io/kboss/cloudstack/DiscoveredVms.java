package io.kboss.cloudstack;

import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VirtualMachine;
import io.kboss.client.KbossClient;
import io.kboss.client.KbossClientException;
import java.util.Optional;

/**
 * CloudStack's VMs as kboss-server knows them. kboss-agent discovers the libvirt domains of its
 * host, and CloudStack names a VM's domain after its instance name (i-2-10-VM): that name is the
 * link, looked up afresh each time, since kboss gives a VM a new id when its domain is defined anew.
 */
final class DiscoveredVms {
    private DiscoveredVms() {
    }

    /** The kboss VM of {@code vm}, if kboss-server knows its domain now. */
    static Optional<io.kboss.client.model.VirtualMachine> find(KbossClient kboss, String instanceName) {
        try {
            return kboss.virtualMachines().byName(instanceName);
        } catch (KbossClientException e) {
            throw KbossFailures.of("look up VM " + instanceName, e);
        }
    }

    /** The kboss VM of {@code vm}; it must be known to kboss-server. */
    static io.kboss.client.model.VirtualMachine require(KbossClient kboss, VirtualMachine vm) {
        return require(kboss, vm.getInstanceName());
    }

    static io.kboss.client.model.VirtualMachine require(KbossClient kboss, String instanceName) {
        return find(kboss, instanceName).orElseThrow(() -> new CloudRuntimeException("kboss-server at "
                + kboss.endpoint() + " has not discovered VM " + instanceName + ": kboss-agent finds a VM by its "
                + "libvirt domain, so the VM must be running on a KVM host whose kboss-agent is paired with that "
                + "kboss-server. Start the VM (or pair the host's agent), run reconnectHost for the host in "
                + "kboss-server, then retry"));
    }
}
