package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRuns;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;

/**
 * runBackupJob and retryBackupJob: asynchronous, and alike but for which VMs they queue. The start queues
 * the run's backups (refusals answer at once, with no job); the job then answers the run as it stands, its
 * VMs in the four sets. Each VM's backup is an ordinary queued operation, so the run is followed with
 * listBackupJobRuns or listBackupJobs.
 */
public final class StartRunCommand extends FixedSpecCommand implements AsyncCommand {

    /** What the command asks of {@link BackupJobRuns}: start a run of the job named by its uuid. */
    @FunctionalInterface
    private interface Starter {
        BackupJobRepository.Run start(Caller caller, String jobUuid) throws ApiException;
    }

    private final Starter starter;
    private final RunAnswers answers;

    private StartRunCommand(CommandSpec spec, Starter starter, RunAnswers answers) {
        super(spec);
        this.starter = starter;
        this.answers = answers;
    }

    /** runBackupJob: every VM of the job becomes OUTDATED and is queued. */
    public static StartRunCommand run(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        return new StartRunCommand(RunAnswers.startedRunFields(RunAnswers.spec("runBackupJob",
                "Runs a backup job now: every VM of it becomes OUTDATED and its backups are queued (SEQUENTIAL: one "
                        + "at a time). The job answers the run as started; follow it with listBackupJobRuns."))
                .build(), runs::run, new RunAnswers(jobs, views));
    }

    /** retryBackupJob: only the VMs in the ERROR set of the job's last run are queued again, in that run. */
    public static StartRunCommand retry(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        return new StartRunCommand(RunAnswers.startedRunFields(RunAnswers.spec("retryBackupJob",
                "Runs the VMs in the ERROR set of the job's last run again, in that run.")).build(), runs::retry,
                new RunAnswers(jobs, views));
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        return answers.started(starter.start(call.caller(), call.params().uuid("id").toString()));
    }
}
