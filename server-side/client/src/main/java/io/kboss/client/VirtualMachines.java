package io.kboss.client;

import io.kboss.client.model.Success;
import io.kboss.client.model.VirtualMachine;
import io.kboss.client.model.Volume;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VMs the hosts' agents discovered, and their disks: listVirtualMachines, listVolumes,
 * updateVirtualMachine, expungeVirtualMachine.
 */
public final class VirtualMachines {
    /** How long {@link #expunge} waits for its job: it writes a few rows and talks to no agent. */
    public static final Duration EXPUNGE_WAIT = Duration.ofMinutes(2);
    private static final String EXPUNGE = "expungeVirtualMachine";

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

    /**
     * Forgets a VM its host no longer defines (a stopped VM whose domain was transient, as CloudStack
     * runs its VMs) and waits for the job (at most {@link #EXPUNGE_WAIT}); its backups are kept, listed
     * with {@code isbackupvmexpunged}. {@link #startExpunge} answers the job without waiting.
     *
     * @throws KbossApiException the server refused at once (unknown VM, a VM its host still defines,
     *     one an operation holds), or the job failed
     */
    public Success expunge(String vmId) {
        return startExpunge(vmId).await(EXPUNGE_WAIT);
    }

    /** expungeVirtualMachine's job; its result is {@code success}. */
    public PendingJob<Success> startExpunge(String vmId) {
        return client.start(EXPUNGE, ApiParams.of("id", vmId), r -> KbossClient.read(EXPUNGE, r, Success.class));
    }
}
