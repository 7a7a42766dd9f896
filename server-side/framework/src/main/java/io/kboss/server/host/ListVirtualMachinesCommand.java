package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.host.VmRepository.VmFilter;
import io.kboss.server.inventory.Zones;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listVirtualMachines}: the VMs discovered on the hosts; users see their account's only. */
@Component
public class ListVirtualMachinesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listVirtualMachines")
            .description("Lists virtual machines")
            .param(ParamSpec.uuid("id").description("the ID of the virtual machine"))
            .param(ParamSpec.uuid("hostid").description("the host ID (root admins)"))
            .param(ParamSpec.uuid("zoneid").description("the availability zone ID"))
            .param(ParamSpec.string("name").maxLength(255).description("name of the virtual machine"))
            .param(ParamSpec.string("state").maxLength(32).description("state of the virtual machine"))
            .param(ListAll.param("VMs"))
            .listCommand()
            .responseObject("virtualmachine")
            .responseField("id", "string", "the ID of the virtual machine")
            .responseField("name", "string", "the name of the virtual machine (its libvirt domain name)")
            .responseField("state", "string", "Running, Stopped, BackingUp, BackupError, Restoring, ...")
            .responseField("hostid", "string", "the ID of the host (root admins)")
            .responseField("zoneid", "string", "the ID of the zone")
            .responseField("account", "string", "the account owning the virtual machine")
            .responseField("domainid", "string", "the ID of the owner's domain")
            .responseField("backupofferingid", "string", "the ID of the VM's backup offering")
            .responseField("backupofferingname", "string", "the name of the VM's backup offering")
            .responseField("cpunumber", "integer", "the VM's vCPUs, as discovery last read them from libvirt")
            .responseField("memory", "integer", "the VM's memory in MiB, as discovery last read it from libvirt")
            .responseField("details", "map", "the VM's details (VM settings), set with updateVirtualMachine")
            .build();

    private final VmRepository vms;
    private final VmDetails details;
    private final HostRepository hosts;
    private final Zones zones;

    public ListVirtualMachinesCommand(VmRepository vms, HostRepository hosts, Zones zones, VmDetails details) {
        this.details = details;
        this.vms = vms;
        this.hosts = hosts;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        var p = call.params();
        Paging paging = call.paging();
        boolean root = call.caller().isRootAdmin();
        Long hostId = null;
        if (p.has("hostid")) {
            if (!root) {
                throw ApiException.permissionDenied("hostid is for root admins only");
            }
            String h = p.uuid("hostid").toString();
            hostId = hosts.findLive(h).orElseThrow(() -> ApiException.invalidParameter(
                    "Unable to find host by hostid " + h + "; listHosts shows the hosts")).id();
        }
        Long zoneId = p.has("zoneid") ? zones.zone("zoneid", p.uuid("zoneid")).id() : null;
        String like = p.has("name") ? p.string("name").toLowerCase(Locale.ROOT) : paging.likePattern();
        VmFilter f = new VmFilter(Visibilities.of(call.caller(), p), p.has("id") ? p.uuid("id").toString() : null,
                hostId,
                zoneId, p.string("state"), like);
        List<VmRepository.Vm> page = vms.listVms(f, paging.offset(), paging.pageSize());
        var byVm = details.of(page.stream().map(VmRepository.Vm::id).toList());
        List<HostResponses.VmResponse> out = page.stream()
                .map(v -> HostResponses.VmResponse.of(v, root, byVm.getOrDefault(v.id(), java.util.Map.of())))
                .toList();
        return new ListResponse<>("virtualmachine", vms.countVms(f), out);
    }
}
