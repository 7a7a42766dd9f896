package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.server.event.EventLog;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.BackupRequestService;
import io.kboss.plugin.backup.kboss.backupjob.api.CancelBackupJobCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.CreateBackupJobCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.DeleteBackupJobCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.ListBackupJobRunsCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.ListBackupJobsCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.StartRunCommand;
import io.kboss.plugin.backup.kboss.backupjob.api.UpdateBackupJobCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.util.UUID;
import io.kboss.server.backup.BackupLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Backup jobs' beans: the jobs, their runs (told of each backup's end) and their commands. */
@Configuration
public class BackupJobConfiguration {

    @Bean
    public BackupJobSchedules kbossBackupJobSchedules(BackupJobService service, BackupJobRepository jobs) {
        return new BackupJobSchedules(service, jobs);
    }

    @Bean
    public BackupJobRepository kbossBackupJobs(JdbcTemplate jdbc) {
        return new BackupJobRepository(jdbc);
    }

    @Bean
    public BackupJobService kbossBackupJobService(BackupJobRepository jobs, VmInventory vms, Directory directory,
            TransactionTemplate tx, Clock clock) {
        return new BackupJobService(jobs, vms, directory, tx, clock, () -> UUID.randomUUID().toString());
    }

    @Bean
    public BackupJobRuns kbossBackupJobRuns(BackupJobRepository jobs, BackupJobService service,
            BackupRequestService requests, BackupRepository backups, VmInventory vms, OperationQueue queue,
            TransactionTemplate tx, Clock clock, BackupLimits limits, EventLog events) {
        return new BackupJobRuns(jobs, service, requests, backups, vms, queue, tx, clock,
                () -> UUID.randomUUID().toString(), limits, events);
    }

    /** Fired in each round of the framework's backup scheduler. */
    @Bean
    public BackupJobScheduler kbossBackupJobScheduler(BackupJobRepository jobs, BackupJobRuns runs) {
        return new BackupJobScheduler(jobs, runs);
    }

    @Bean
    public BackupJobViews kbossBackupJobViews(BackupJobRepository jobs, BackupRepository backups, VmInventory vms,
            Directory directory) {
        return new BackupJobViews(jobs, backups, vms, directory);
    }

    @Bean
    public CreateBackupJobCommand createBackupJobCommand(BackupJobService service, BackupJobViews views) {
        return new CreateBackupJobCommand(service, views);
    }

    @Bean
    public UpdateBackupJobCommand updateBackupJobCommand(BackupJobService service, BackupJobViews views) {
        return new UpdateBackupJobCommand(service, views);
    }

    @Bean
    public DeleteBackupJobCommand deleteBackupJobCommand(BackupJobService service, BackupJobViews views) {
        return new DeleteBackupJobCommand(service, views);
    }

    @Bean
    public ListBackupJobsCommand listBackupJobsCommand(BackupJobService service, BackupJobViews views) {
        return new ListBackupJobsCommand(service, views);
    }

    @Bean
    public ListBackupJobRunsCommand listBackupJobRunsCommand(BackupJobService service, BackupJobRepository jobs,
            BackupJobViews views) {
        return new ListBackupJobRunsCommand(service, jobs, views);
    }

    @Bean
    public StartRunCommand runBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        return StartRunCommand.run(runs, jobs, views);
    }

    @Bean
    public StartRunCommand retryBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs,
            BackupJobViews views) {
        return StartRunCommand.retry(runs, jobs, views);
    }

    @Bean
    public CancelBackupJobCommand cancelBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs,
            BackupJobViews views) {
        return new CancelBackupJobCommand(runs, jobs, views);
    }
}
