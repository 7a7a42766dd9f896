package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/** createBackupJob: a named set of VMs backed up with one policy; owned by the caller's account. */
public class CreateBackupJobCommand extends BackupJobCommand {
    private static final CommandSpec SPEC = JobParams.fields(JobParams.policy(CommandSpec.named("createBackupJob")
            .description("Creates a backup job: VMs backed up together with one policy (runBackupJob).")
            .roles(Role.ALL)
            .param(ParamSpec.string("name").required().maxLength(255).description("name of the backup job"))))
            .build();

    public CreateBackupJobCommand(BackupJobService service, BackupJobViews views) {
        super(SPEC, service, views);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        return answer(service.create(call.caller(), JobParams.of(call.params(), true)));
    }
}
