package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.compression.CompressionRequests;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import io.kboss.server.backup.BackupSchedules;
import io.kboss.server.backup.VmInventory;
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
    public BackupDeleter kbossBackupDeleter(BackupRepository backups, BackupAccess access, DeleteRepository deletes,
            Ports ports) {
        return new BackupDeleter(backups, access, deletes, ports, () -> UUID.randomUUID().toString());
    }

    @Bean
    public Retention kbossRetention(JdbcTemplate jdbc, BackupSchedules schedules, BackupRepository backups,
            DeleteRepository deletes, BackupDeleter deleter, Ports ports, Sleeper sleeper) {
        return new Retention(jdbc, schedules, backups, ports, deletes, deleter, sleeper);
    }

    @Bean
    public DeleteOperation kbossDeleteOperation(BackupRepository backups, RestoreRepository files,
            DeleteRepository deletes, Retention retention, CompressionRequests compressions, Ports ports) {
        return new DeleteOperation(backups, deletes, new DeleteSteps(backups, ports, files, deletes,
                compressions::rewritten), retention,
                ports.tx());
    }

    @Bean
    public RemovedBackupSweep kbossRemovedBackupSweep(DeleteRepository deletes, BackupRepository backups,
            VmInventory vms, OperationQueue queue, Settings settings, TransactionTemplate tx, Clock clock) {
        return new RemovedBackupSweep(deletes, backups, vms, queue, settings, tx, clock);
    }

}
