package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * deleteBackup: deletes a backup, merging it into the backup after it so later backups stay restorable. The
 * job is a view of the queued DELETE operation.
 */
@Component
public class DeleteBackupCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteBackup")
            .description("Deletes a backup. A backup later backups depend on is merged into the next one, which stays "
                    + "restorable; with forced the backups taken on top of it are deleted too, and a request that "
                    + "never ran (Allocated, Queued) may be dropped.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup"))
            .param(ParamSpec.bool("forced").description("also delete the backups depending on it, or a queued request"))
            .responseField("success", "boolean", "true when the backup was deleted")
            .responseField("displaytext", "string", "what became of each backup touched")
            .build();

    private final BackupCommandSupport support;

    public DeleteBackupCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        String backup = call.params().uuid("id").toString();
        boolean forced = call.params().bool("forced", false);
        return support.inTransaction(() -> support.providerOfBackup(backup).deleteBackup(call.caller(), backup,
                forced));
    }
}
