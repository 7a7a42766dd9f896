package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.VmRef;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;

/** assignVirtualMachineToBackupOffering: puts a KVM VM on qcow2 files under a backup offering of its zone. */
@Component
public class AssignVirtualMachineToBackupOfferingCommand implements SyncCommand {
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
    public Object execute(ApiCall call) throws ApiException {
        VmRef vm = support.vm(call.caller(), call.params().uuid("virtualmachineid").toString());
        support.providerOf(vm).assignVm(call.caller(), vm, call.params().uuid("backupofferingid").toString());
        return SuccessResponse.ok();
    }
}
