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
 * removeVirtualMachineFromBackupOffering: the VM keeps its backups; its chains are closed. Async as in
 * CloudStack: answered with a job id, the job's result is {@code {"success": true}}. Refusals the request
 * can decide (unknown VM, another account's, no offering, an operation holding the VM) are answered at
 * once, with no job.
 */
@Component
public class RemoveVirtualMachineFromBackupOfferingCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("removeVirtualMachineFromBackupOffering")
            .description("Removes a VM from its backup offering. Its backups are kept; its backup chains are closed, "
                    + "so the next backup after a new assignment is full.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM"))
            .responseField("success", "boolean", "true when the VM was removed from its offering")
            .build();

    private final BackupCommandSupport support;

    public RemoveVirtualMachineFromBackupOfferingCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        VmRef vm = support.vm(call.caller(), call.params().uuid("virtualmachineid").toString());
        return support.providerOf(vm).removeVm(call.caller(), vm);
    }
}
