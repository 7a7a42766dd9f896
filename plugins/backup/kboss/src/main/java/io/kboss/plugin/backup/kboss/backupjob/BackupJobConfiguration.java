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
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup jobs' beans: the jobs, their runs (told of each backup's end) and their commands. The imported classes
 * are built through their one constructor (BackupJobScheduler is fired in each round of the framework's backup
 * scheduler); the methods below add what a constructor cannot ask for (the wiring rule is in
 * {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({BackupJobRepository.class, BackupJobSchedules.class, BackupJobScheduler.class, BackupJobViews.class,
        CreateBackupJobCommand.class, UpdateBackupJobCommand.class, DeleteBackupJobCommand.class,
        ListBackupJobsCommand.class, ListBackupJobRunsCommand.class, CancelBackupJobCommand.class})
public class BackupJobConfiguration {

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

    /** runBackupJob and retryBackupJob: one command class, two texts, so two beans built by hand. */
    @Bean
    public StartRunCommand runBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs, BackupJobViews views) {
        return StartRunCommand.run(runs, jobs, views);
    }

    @Bean
    public StartRunCommand retryBackupJobCommand(BackupJobRuns runs, BackupJobRepository jobs,
            BackupJobViews views) {
        return StartRunCommand.retry(runs, jobs, views);
    }
}
