package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * How runBackupJob, retryBackupJob and cancelBackupJob are described and answer a run: once, for all three
 * (listBackupJobRuns answers runs in the same shape).
 */
final class RunAnswers {
    private final BackupJobRepository jobs;
    private final BackupJobViews views;

    RunAnswers(BackupJobRepository jobs, BackupJobViews views) {
        this.jobs = jobs;
        this.views = views;
    }

    /** The spec of a command acting on a job's run, named by the job's id, for every role. */
    static CommandSpec.Builder spec(String name, String description) {
        return CommandSpec.named(name)
                .description(description)
                .roles(Role.ALL)
                .param(ParamSpec.uuid("id").required().description("ID of the backup job"))
                .responseObject(BackupJobViews.RunResponse.OBJECT_NAME);
    }

    /** The answer's fields of a run that is started (or listed): its ID and state. */
    static CommandSpec.Builder startedRunFields(CommandSpec.Builder b) {
        return b.responseField("id", "string", "ID of the run")
                .responseField("state", "string", "RUNNING, FINISHED or CANCELLED");
    }

    /** The run as it is now, in the API's shape. */
    ObjectResponse now(BackupJobRepository.Run run) {
        return new ObjectResponse(BackupJobViews.RunResponse.OBJECT_NAME, views.run(jobs.byId(run.jobId()), run));
    }

    /** The async job of a started run, whose result is the run as it is when the job is read. */
    AsyncStart started(BackupJobRepository.Run run) {
        return new AsyncStart(run.uuid(), "BackupJobRun", progress -> now(jobs.runByUuid(run.uuid()).orElseThrow()));
    }
}
