package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/** updateBackupJob: changes what is given; virtualmachineids replaces the job's VMs (not during a run). */
public class UpdateBackupJobCommand extends BackupJobCommand {
    private static final CommandSpec SPEC = JobParams.fields(JobParams.policy(CommandSpec.named("updateBackupJob")
            .description("Updates a backup job; parameters left out keep their values.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup job"))
            .param(ParamSpec.string("name").maxLength(255).description("the new name"))
            .param(ParamSpec.bool("removeschedule").description("true: the job no longer runs on a schedule"))))
            .build();

    public UpdateBackupJobCommand(BackupJobService service, BackupJobViews views) {
        super(SPEC, service, views);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        return answer(service.update(call.caller(), call.params().uuid("id").toString(), JobParams.of(call
                .params(), false)));
    }
}
