package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.delete.api.DeleteBackupCommand;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import io.kboss.plugin.backup.kboss.schedule.ScheduleRepository;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** deleteBackup, retention and the sweep of Removed backups: all DELETE operations, one handler. */
@Configuration
public class DeleteConfiguration {

    @Bean
    public DeleteRepository kbossDeleteRepository(JdbcTemplate jdbc) {
        return new DeleteRepository(jdbc);
    }

    @Bean
    public BackupDeleter kbossBackupDeleter(BackupRepository backups, DeleteRepository deletes, VmRepository vms,
            OperationQueue queue, TransactionTemplate tx, Clock clock) {
        return new BackupDeleter(backups, deletes, vms, queue, tx, clock, () -> UUID.randomUUID().toString());
    }

    @Bean
    public Retention kbossRetention(JdbcTemplate jdbc, ScheduleRepository schedules, BackupRepository backups,
            VmRepository vms, DeleteRepository deletes, BackupDeleter deleter, OperationQueue queue,
            TransactionTemplate tx, Clock clock, Sleeper sleeper) {
        return new Retention(jdbc, schedules, backups, vms, deletes, deleter, queue, tx, clock, sleeper);
    }

    @Bean
    public DeleteOperation kbossDeleteOperation(BackupRepository backups, RestoreRepository files,
            DeleteRepository deletes, Retention retention, AgentChannels agents, AgentJobs jobs,
            TransactionTemplate tx, Clock clock) {
        return new DeleteOperation(backups, deletes, new DeleteSteps(backups, files, deletes, agents, jobs, tx, clock),
                retention, tx);
    }

    @Bean
    public RemovedBackupSweep kbossRemovedBackupSweep(DeleteRepository deletes, VmRepository vms,
            OperationQueue queue, Settings settings, TransactionTemplate tx, Clock clock,
            FrameworkProperties properties) {
        return new RemovedBackupSweep(deletes, vms, queue, settings, tx, clock, properties);
    }

    @Bean
    public DeleteBackupCommand deleteBackupCommand(BackupDeleter deleter) {
        return new DeleteBackupCommand(deleter);
    }
}
