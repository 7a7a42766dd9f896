package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.host.VmRepository.VolumeFilter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listVolumes}: the disks of the discovered VMs; users see their account's only. */
@Component
public class ListVolumesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listVolumes")
            .description("Lists volumes")
            .param(ParamSpec.uuid("id").description("the ID of the volume"))
            .param(ParamSpec.uuid("virtualmachineid").description("the ID of the virtual machine"))
            .param(ParamSpec.string("type").allowedValues("ROOT", "DATADISK").description("the type of disk volume"))
            .param(ParamSpec.string("name").maxLength(255).description("the name of the disk volume"))
            .param(ListAll.param("volumes"))
            .listCommand()
            .responseObject("volume")
            .responseField("id", "string", "ID of the disk volume")
            .responseField("name", "string", "name of the disk volume")
            .responseField("virtualmachineid", "string", "ID of the virtual machine")
            .responseField("deviceid", "integer", "the ID of the device on the VM: 0 for the root disk")
            .responseField("device", "string", "the guest device, e.g. vda")
            .responseField("path", "string", "the disk's path on the host (admins)")
            .responseField("size", "long", "the disk's virtual size in bytes")
            .responseField("type", "string", "ROOT or DATADISK")
            .responseField("format", "string", "qcow2, raw, ...")
            .build();

    private final VmRepository vms;

    public ListVolumesCommand(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        var p = call.params();
        Paging paging = call.paging();
        String like = p.has("name") ? p.string("name").toLowerCase(Locale.ROOT) : paging.likePattern();
        VolumeFilter f = new VolumeFilter(Visibilities.of(call.caller(), p),
                p.has("id") ? p.uuid("id").toString() : null,
                p.has("virtualmachineid") ? p.uuid("virtualmachineid").toString() : null, p.string("type"), like);
        boolean admin = call.caller().isAdmin();
        return new ListResponse<>("volume", vms.countVolumes(f), vms.listVolumes(f, paging.offset(), paging.pageSize())
                .stream().map(v -> HostResponses.VolumeResponse.of(v, admin)).toList());
    }
}
