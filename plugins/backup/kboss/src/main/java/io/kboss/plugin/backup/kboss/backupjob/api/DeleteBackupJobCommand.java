package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;

/** deleteBackupJob: the job goes; the backups it took stay with their VMs. */
public class DeleteBackupJobCommand extends BackupJobCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteBackupJob")
            .description("Deletes a backup job (not while a run of it is in progress); its backups stay.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup job"))
            .responseField("success", "boolean", "true when the job was deleted")
            .build();

    public DeleteBackupJobCommand(BackupJobService service, BackupJobViews views) {
        super(SPEC, service, views);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        service.delete(call.caller(), call.params().uuid("id").toString());
        return new SuccessResponse(true, null);
    }
}
