package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.restore.api.RestoreBackupCommand;
import io.kboss.plugin.backup.kboss.restore.api.RestoreVolumeFromBackupAndAttachToVMCommand;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** restoreBackup and restoreVolumeFromBackupAndAttachToVM: their requests, operations and commands. */
@Configuration
public class RestoreConfiguration {

    @Bean
    public RestoreRepository kbossRestoreRepository(JdbcTemplate jdbc) {
        return new RestoreRepository(jdbc);
    }

    @Bean
    public RestoreRequests kbossRestoreRequests(BackupRepository backups, RestoreRepository repository,
            VmRepository vms, OperationQueue queue, TransactionTemplate tx) {
        return new RestoreRequests(backups, repository, vms, queue, tx, () -> UUID.randomUUID().toString());
    }

    @Bean
    public RestoreOperation kbossRestoreOperation(BackupRepository backups, RestoreRepository repository,
            VmRepository vms, ChainRepository chains, AgentChannels agents, AgentJobs jobs, TransactionTemplate tx,
            Clock clock) {
        return new RestoreOperation(backups, repository, vms, chains, agents, jobs, tx, clock);
    }

    @Bean
    public VolumeRestoreOperation kbossVolumeRestoreOperation(BackupRepository backups, RestoreRepository repository,
            VmRepository vms, AgentChannels agents, AgentJobs jobs, TransactionTemplate tx, Clock clock) {
        return new VolumeRestoreOperation(backups, repository, vms, agents, jobs, tx, clock);
    }

    @Bean
    public RestoreBackupCommand restoreBackupCommand(RestoreRequests requests) {
        return new RestoreBackupCommand(requests);
    }

    @Bean
    public RestoreVolumeFromBackupAndAttachToVMCommand restoreVolumeFromBackupAndAttachToVMCommand(
            RestoreRequests requests) {
        return new RestoreVolumeFromBackupAndAttachToVMCommand(requests);
    }
}
