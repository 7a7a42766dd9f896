package io.kboss.client;

import io.kboss.client.model.VirtualMachine;
import io.kboss.client.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** VMs the hosts' agents discovered, and their disks: listVirtualMachines, listVolumes. */
public final class VirtualMachines {
    private final KbossClient client;

    VirtualMachines(KbossClient client) {
        this.client = client;
    }

    /** @param zoneId null for every zone */
    public List<VirtualMachine> list(String zoneId) {
        return client.all("listVirtualMachines", ApiParams.of("zoneid", zoneId, "listall", true), "virtualmachine",
                VirtualMachine.class, Paging.PAGE_SIZE);
    }

    public Optional<VirtualMachine> get(String id) {
        return client.page("listVirtualMachines", ApiParams.of("id", id), "virtualmachine", VirtualMachine.class)
                .items().stream().findFirst();
    }

    /**
     * The live VM whose libvirt domain is named exactly {@code name} (inside CloudStack: the
     * instance name). The server's name filter is a pattern, so the match is made exact here.
     */
    public Optional<VirtualMachine> byName(String name) {
        return client.all("listVirtualMachines", ApiParams.of("name", name, "listall", true), "virtualmachine",
                VirtualMachine.class,
                Paging.PAGE_SIZE).stream().filter(vm -> name.equals(vm.name())).findFirst();
    }

    /**
     * Replaces the VM's details (CloudStack's VM settings, such as {@code backupValidationScreenshotWait})
     * with {@code details}; a user's answer keeps those {@code user.vm.readonly.details} protects.
     */
    public void replaceDetails(String vmId, Map<String, String> details) {
        ApiParams p = ApiParams.of("id", vmId);
        int i = 0;
        for (Map.Entry<String, String> d : details.entrySet()) {
            p.with("details[" + i + "].key", d.getKey()).with("details[" + i + "].value", d.getValue());
            i++;
        }
        client.call("updateVirtualMachine", p);
    }

    /** The VM's disks, root disk (device 0) first as the server lists them. */
    public List<Volume> volumes(String vmId) {
        return client.all("listVolumes", ApiParams.of("virtualmachineid", vmId, "listall", true), "volume",
                Volume.class,
                Paging.PAGE_SIZE);
    }
}
