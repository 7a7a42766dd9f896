package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.VmRef;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * assignVirtualMachineToBackupOffering: puts a KVM VM on qcow2 files under a backup offering of its zone.
 * Async as in CloudStack (its command is a BaseAsyncCmd): answered with a job id, the job's result is
 * {@code {"success": true}}. Refusals the request can decide (unknown VM or offering, another account's
 * VM, another zone's offering, disks that are not qcow2 files) are answered at once, with no job.
 */
@Component
public class AssignVirtualMachineToBackupOfferingCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("assignVirtualMachineToBackupOffering")
            .description("Assigns a VM to a backup offering of its zone; only VMs whose disks are all qcow2 files.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM"))
            .param(ParamSpec.uuid("backupofferingid").required().description("ID of the backup offering"))
            .responseField("success", "boolean", "true when the VM is assigned")
            .build();

    private final BackupCommandSupport support;

    public AssignVirtualMachineToBackupOfferingCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        VmRef vm = support.vm(call.caller(), call.params().uuid("virtualmachineid").toString());
        return support.providerOf(vm).assignVm(call.caller(), vm, call.params().uuid("backupofferingid").toString());
    }
}
