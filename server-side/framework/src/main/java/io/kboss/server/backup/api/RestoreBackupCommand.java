package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.RestoreBackup;

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
@Component
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

    private final BackupCommandSupport support;

    public RestoreBackupCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        UUID host = call.params().uuid("hostid");
        if (host != null && !call.caller().isRootAdmin()) {
            throw ApiException.permissionDenied("Only root administrators may choose the host of a restore (hostid); "
                    + "leave it out to restore on the VM's host");
        }
        String backup = call.params().uuid("id").toString();
        RestoreBackup request = new RestoreBackup(backup, call.params().bool("quickrestore", false),
                host == null ? null : host.toString());
        return support.inTransaction(() -> support.providerOfBackup(backup).restoreBackup(call.caller(), request));
    }
}
