package io.kboss.plugin.backup.kboss.restore.api;

import io.kboss.plugin.backup.kboss.restore.RestoreRequests;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import java.util.UUID;

/**
 * restoreBackup: restores a VM's disks to a backup's point in time. Refusals answer at once, with no job; the
 * job is a view of the queued RESTORE operation.
 */
public class RestoreBackupCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("restoreBackup")
            .description("Restores the VM's disks from a backup (the VM must be stopped). With quickrestore the VM "
                    + "is started at once on overlays over the backup and its disks are consolidated in the "
                    + "background. Ends the VM's backup chains: its next backup is full.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup"))
            .param(ParamSpec.bool("quickrestore").description("start the VM at once and consolidate in the "
                    + "background; only when the backup's offering allows quick restore"))
            .param(ParamSpec.uuid("hostid").description("the host to restore on; root administrators only"))
            .responseField("success", "boolean", "true when the restore finished")
            .responseField("displaytext", "string", "what was restored")
            .build();

    private final RestoreRequests requests;

    public RestoreBackupCommand(RestoreRequests requests) {
        this.requests = requests;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        UUID host = call.params().uuid("hostid");
        RestoreRequests.Accepted r = requests.restore(call.caller(), call.params().uuid("id").toString(),
                call.params().bool("quickrestore", false), host == null ? null : host.toString());
        return AsyncStart.operation(r.backup().uuid(), "Backup", r.operation().uuid());
    }
}
