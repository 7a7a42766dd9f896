package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRuns;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * runBackupJob: asynchronous. The start queues the run's backups (refusals answer at once, with no
 * job); the job then answers the run as it stands, its VMs in the four sets. Each VM's backup is an
 * ordinary queued operation, so the run is followed with listBackupJobRuns or listBackupJobs.
 */
public class RunBackupJobCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("runBackupJob")
            .description(
                    "Runs a backup job now: every VM of it becomes OUTDATED and its backups are queued (SEQUENTIAL: one at a time). The job answers the run as started; follow it with listBackupJobRuns.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup job"))
            .responseObject(BackupJobViews.RunResponse.OBJECT_NAME)
            .responseField("id", "string", "ID of the run")
            .responseField("state", "string", "RUNNING, FINISHED or CANCELLED")
            .build();

    private final BackupJobRuns runs;
    private final RunAnswers answers;

    public RunBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        this.runs = runs;
        this.answers = new RunAnswers(jobs, views);
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        return answers.started(runs.run(call.caller(), call.params().uuid("id").toString()));
    }
}
