package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRuns;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.SyncCommand;

/** cancelBackupJob: cancels the job's run in progress; see {@link BackupJobRuns#cancel}. */
public class CancelBackupJobCommand extends FixedSpecCommand implements SyncCommand {
    private static final CommandSpec SPEC = RunAnswers.spec("cancelBackupJob", "Cancels the job's run in "
            + "progress: its queued backups are dropped (their VMs stay OUTDATED); backups already running end as "
            + "they would.")
            .responseField("state", "string", "CANCELLED")
            .build();

    private final BackupJobRuns runs;
    private final RunAnswers answers;

    public CancelBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        super(SPEC);
        this.runs = runs;
        this.answers = new RunAnswers(jobs, views);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        return answers.now(runs.cancel(call.caller(), call.params().uuid("id").toString()));
    }
}
