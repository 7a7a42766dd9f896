package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.ObjectResponse;

/** How runBackupJob, retryBackupJob and cancelBackupJob answer a run: once, for all three. */
final class RunAnswers {
    private final BackupJobRepository jobs;
    private final BackupJobViews views;

    RunAnswers(BackupJobRepository jobs, BackupJobViews views) {
        this.jobs = jobs;
        this.views = views;
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
