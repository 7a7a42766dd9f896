package io.kboss.server.backup.api;

import io.kboss.server.backup.BackupResponse;
import org.springframework.stereotype.Component;
import io.kboss.server.api.ApiCall;
import io.kboss.server.backup.BackupQueued;
import io.kboss.server.backup.TakeBackup;
import io.kboss.server.backup.VmRef;
import io.kboss.server.limits.ResourceLimits;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * createBackup: queues a backup of the VM and its BACKUP operation (refusals answer at once, no job is
 * made). The account's backup limits are checked in the transaction that queues it, under the account's
 * row lock ({@link ResourceLimits#reserveBackup}): a burst of requests cannot pass the limit. The job is a view of the operation: it answers the backup once it is BackedUp, or fails with
 * the reason it ended Failed or Error, whichever management server ran it.
 */
@Component
public class CreateBackupCommand implements AsyncCommand {
    private static final CommandSpec SPEC = BackupResponse.describeFields(CommandSpec.named("createBackup")
            .description("Takes a backup of a VM: incremental on the VM's open chain when the chain policy allows, "
                    + "else full. Users only when the VM's offering allows user-driven backups.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM"))
            .param(ParamSpec.bool("quiescevm").description("freeze the guest's file systems through its guest agent "
                    + "while the backup starts; fails when the guest agent does not answer"))
            .param(ParamSpec.bool("isolated").description("a full backup outside the VM's chains, never a parent"))
            .param(ParamSpec.string("name").maxLength(255).description("the name of the backup (default: the VM's "
                    + "name and the time, yyyyMMddHHmmss UTC)"))
            .param(ParamSpec.string("description").maxLength(4096).description("the description of the backup")))
            .build();

    private final BackupCommandSupport support;
    private final ResourceLimits limits;

    public CreateBackupCommand(BackupCommandSupport support, ResourceLimits limits) {
        this.support = support;
        this.limits = limits;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        boolean quiesce = call.params().bool("quiescevm", false);
        boolean isolated = call.params().bool("isolated", false);
        String name = call.params().has("name") ? call.params().string("name").trim() : null;
        if (name != null && name.isEmpty()) {
            throw ApiException.invalidParameter("Parameter name is blank; give a name or leave it out for the "
                    + "default");
        }
        String description = call.params().string("description");
        BackupQueued q = support.inTransaction(() -> {
            VmRef vm = support.lockVm(call.caller(), call.params().uuid("virtualmachineid").toString());
            limits.reserveBackup(vm.accountId(), vm.id());
            return support.providerOf(vm).takeBackup(TakeBackup.byCaller(call.caller(), vm, quiesce, isolated,
                    name, description));
        });
        return AsyncStart.operation(q.backupUuid(), "Backup", q.operationUuid());
    }
}
