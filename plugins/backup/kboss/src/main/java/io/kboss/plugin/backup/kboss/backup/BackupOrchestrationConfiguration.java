package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.backup.api.AssignVirtualMachineToBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.backup.api.CreateBackupCommand;
import io.kboss.plugin.backup.kboss.backup.api.FinishBackupChainCommand;
import io.kboss.plugin.backup.kboss.backup.api.ListBackupsCommand;
import io.kboss.plugin.backup.kboss.backup.api.RemoveVirtualMachineFromBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.delete.Retention;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import java.time.Clock;
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
    public VmRepository kbossBackupVms(JdbcTemplate jdbc) {
        return new VmRepository(jdbc);
    }

    @Bean
    public BackupRepository kbossBackups(JdbcTemplate jdbc) {
        return new BackupRepository(jdbc);
    }

    @Bean
    public ChainRepository kbossBackupChains(JdbcTemplate jdbc) {
        return new ChainRepository(jdbc);
    }

    @Bean
    public BackupListing kbossBackupListing(JdbcTemplate jdbc, OperationQueue queue, TransactionTemplate tx) {
        TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
        readOnly.setReadOnly(true);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return new BackupListing(jdbc, queue, readOnly);
    }

    @Bean
    public DownHostBackups kbossDownHostBackups() {
        return new DownHostBackups();
    }

    @Bean
    public VmAssignmentService kbossVmAssignments(JdbcTemplate jdbc, VmRepository vms, ChainRepository chains,
            OperationQueue queue, TransactionTemplate tx, Clock clock) {
        return new VmAssignmentService(new JdbcBackupOfferingRepository(jdbc), vms, chains, queue, jdbc, tx, clock);
    }

    @Bean
    public BackupRequestService kbossBackupRequests(JdbcTemplate jdbc, VmRepository vms, BackupRepository backups,
            OperationQueue queue, TransactionTemplate tx, Clock clock) {
        return new BackupRequestService(vms, backups, new JdbcBackupOfferingRepository(jdbc), queue, jdbc, tx, clock,
                () -> UUID.randomUUID().toString());
    }

    @Bean
    public BackupOperation kbossBackupOperation(JdbcTemplate jdbc, BackupRepository backups, VmRepository vms,
            ChainRepository chains, BackupListing listing, AgentChannels agents, AgentJobs jobs, Retention retention,
            Settings settings, TransactionTemplate tx, Clock clock) {
        return new BackupOperation(backups, vms, chains, new OfferingChainSizes(jdbc, settings), listing, agents,
                jobs, tx, clock, retention::afterBackup);
    }

    @Bean
    public ChainFinisher kbossChainFinisher(VmRepository vms, ChainRepository chains, OperationQueue queue,
            AgentChannels agents, TransactionTemplate tx, Clock clock) {
        return new ChainFinisher(vms, chains, queue, agents, tx, clock);
    }

    @Bean
    public AssignVirtualMachineToBackupOfferingCommand assignVirtualMachineToBackupOfferingCommand(
            VmAssignmentService assignments) {
        return new AssignVirtualMachineToBackupOfferingCommand(assignments);
    }

    @Bean
    public RemoveVirtualMachineFromBackupOfferingCommand removeVirtualMachineFromBackupOfferingCommand(
            VmAssignmentService assignments) {
        return new RemoveVirtualMachineFromBackupOfferingCommand(assignments);
    }

    @Bean
    public CreateBackupCommand createBackupCommand(BackupRequestService requests) {
        return new CreateBackupCommand(requests);
    }

    @Bean
    public ListBackupsCommand listBackupsCommand(BackupListing listing) {
        return new ListBackupsCommand(listing);
    }

    @Bean
    public FinishBackupChainCommand finishBackupChainCommand(ChainFinisher finisher) {
        return new FinishBackupChainCommand(finisher);
    }
}
