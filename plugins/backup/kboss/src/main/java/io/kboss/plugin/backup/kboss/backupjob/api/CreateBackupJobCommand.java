package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;

/** createBackupJob: a named set of VMs backed up with one policy; owned by the caller's account. */
public class CreateBackupJobCommand implements SyncCommand {
    private static final CommandSpec SPEC = JobParams.fields(JobParams.policy(CommandSpec.named("createBackupJob")
            .description("Creates a backup job: VMs backed up together with one policy (runBackupJob).")
            .roles(Role.ALL)
            .param(ParamSpec.string("name").required().maxLength(255).description("name of the backup job"))))
            .build();

    private final BackupJobService service;
    private final BackupJobViews views;

    public CreateBackupJobCommand(BackupJobService service, BackupJobViews views) {
        this.service = service;
        this.views = views;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        BackupJobRepository.Job j = service.create(call.caller(), JobParams.of(call.params(), true));
        return new ObjectResponse(BackupJobViews.JobResponse.OBJECT_NAME, views.job(j));
    }
}
