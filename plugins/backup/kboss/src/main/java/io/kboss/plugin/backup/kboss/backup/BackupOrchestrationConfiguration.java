package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.event.EventLog;
import io.kboss.plugin.backup.kboss.backup.api.FinishBackupChainCommand;
import io.kboss.plugin.backup.kboss.compression.CompressionRequests;
import io.kboss.plugin.backup.kboss.delete.Retention;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.BackupSchedules;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup orchestration's beans: VM ↔ offering assignment, createBackup and its BACKUP operation,
 * listBackups and finishBackupChain. The JdbcTemplate, transactions, clock, queue and agent channels
 * are the framework's.
 */
@Configuration
public class BackupOrchestrationConfiguration {

    @Bean
    public BackupRepository kbossBackups(JdbcTemplate jdbc) {
        return new BackupRepository(jdbc);
    }

    @Bean
    public KbossBackupUsage kbossBackupUsage(JdbcTemplate jdbc) {
        return new KbossBackupUsage(jdbc);
    }

    @Bean
    public BackupAccess kbossBackupAccess(BackupRepository backups, Directory directory) {
        return new BackupAccess(backups, directory);
    }

    @Bean
    public ChainRepository kbossBackupChains(JdbcTemplate jdbc) {
        return new ChainRepository(jdbc);
    }

    @Bean
    public BackupListing kbossBackupListing(JdbcTemplate jdbc, VmInventory vms, Directory directory,
            OperationQueue queue, TransactionTemplate tx, BackupSchedules schedules) {
        TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
        readOnly.setReadOnly(true);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return new BackupListing(jdbc, vms, directory, queue, readOnly, schedules);
    }

    @Bean
    public VmAssignmentService kbossVmAssignments(JdbcBackupOfferingRepository offerings, Directory directory,
            VmInventory vms, ChainRepository chains, OperationQueue queue, TransactionTemplate tx, Clock clock,
            List<VmLeftOfferingListener> listeners, EventLog events) {
        return new VmAssignmentService(offerings, directory, vms, chains, queue, tx, clock, listeners, events);
    }

    @Bean
    public BackupRequestService kbossBackupRequests(JdbcBackupOfferingRepository offerings,
            BackupRepository backups, Ports ports) {
        return new BackupRequestService(ports, backups, offerings, () -> UUID.randomUUID().toString());
    }

    @Bean
    public BackupOperation kbossBackupOperation(JdbcTemplate jdbc, BackupRepository backups, ChainRepository chains,
            BackupListing listing, Retention retention, CompressionRequests compressions,
            ValidationScheduler validations, Settings settings, Ports ports, List<BackupEndListener> listeners) {
        return new BackupOperation(backups, ports, chains, new OfferingChainSizes(jdbc, settings), listing,
                compressions::backedUp, b -> {
                    retention.afterBackup(b);
                    validations.afterBackup(b);
                }, listeners);
    }

    @Bean
    public ChainFinisher kbossChainFinisher(VmInventory vms, ChainRepository chains, OperationQueue queue,
            AgentChannels agents, TransactionTemplate tx, Clock clock) {
        return new ChainFinisher(vms, chains, queue, agents, tx, clock);
    }

    @Bean
    public FinishBackupChainCommand finishBackupChainCommand(ChainFinisher finisher) {
        return new FinishBackupChainCommand(finisher);
    }
}
