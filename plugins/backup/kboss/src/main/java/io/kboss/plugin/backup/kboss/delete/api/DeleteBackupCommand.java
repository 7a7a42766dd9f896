package io.kboss.plugin.backup.kboss.delete.api;

import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.delete.BackupDeleter;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * deleteBackup: deletes a backup, merging it into the backup after it so later backups stay restorable. The
 * job is a view of the queued DELETE operation.
 */
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

    private final BackupDeleter deleter;

    public DeleteBackupCommand(BackupDeleter deleter) {
        this.deleter = deleter;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        BackupDeleter.Accepted d = deleter.request(call.caller(), call.params().uuid("id").toString(),
                call.params().bool("forced", false));
        if (d.operation() != null) {
            return AsyncStart.operation(d.backup().uuid(), "Backup", d.operation().uuid());
        }
        // A request that never ran was dropped at once: nothing is queued, the job only answers.
        List<DeletionOutcome> outcomes = d.doneNow();
        return new AsyncStart(d.backup().uuid(), "Backup", progress -> new SuccessResponse(true, outcomes.stream()
                .map(o -> o.describe(deleter::uuidOf)).collect(Collectors.joining("; "))));
    }
}
