package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.SyncCommand;

/**
 * What the backup job commands that act on jobs (create, update, delete, list, listBackupJobRuns) share:
 * their fixed spec, the service that finds a job and checks the caller may act on it, and the views that
 * answer with it. A subclass declares its parameters and does its one thing in {@code execute}.
 */
abstract class BackupJobCommand extends FixedSpecCommand implements SyncCommand {
    protected final BackupJobService service;
    protected final BackupJobViews views;

    protected BackupJobCommand(CommandSpec spec, BackupJobService service, BackupJobViews views) {
        super(spec);
        this.service = service;
        this.views = views;
    }

    /** A job in the answer's shape, as createBackupJob and updateBackupJob return it. */
    protected ObjectResponse answer(BackupJobRepository.Job job) {
        return new ObjectResponse(BackupJobViews.JobResponse.OBJECT_NAME, views.job(job));
    }
}
