package io.kboss.plugin.backup.kboss.restore;

import io.kboss.server.backup.VmInventory;
import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** restoreBackup and restoreVolumeFromBackupAndAttachToVM: their requests and operations (the framework's commands call the
 * provider, which calls {@link RestoreRequests}). */
@Configuration
public class RestoreConfiguration {

    @Bean
    public RestoreRepository kbossRestoreRepository(JdbcTemplate jdbc) {
        return new RestoreRepository(jdbc);
    }

    @Bean
    public RestoreRequests kbossRestoreRequests(BackupAccess access, RestoreRepository repository,
            VmInventory vms, Directory directory, OperationQueue queue, TransactionTemplate tx) {
        return new RestoreRequests(access, repository, vms, directory, queue, tx,
                () -> UUID.randomUUID().toString());
    }

    @Bean
    public RestoreOperation kbossRestoreOperation(BackupRepository backups, ImageStores stores,
            RestoreRepository repository, VmInventory vms, ChainRepository chains, AgentChannels agents, AgentJobs jobs,
            TransactionTemplate tx, Clock clock) {
        return new RestoreOperation(backups, stores, repository, vms, chains, agents, jobs, tx, clock);
    }

    @Bean
    public VolumeRestoreOperation kbossVolumeRestoreOperation(BackupRepository backups, ImageStores stores,
            RestoreRepository repository, VmInventory vms, AgentChannels agents, AgentJobs jobs, TransactionTemplate tx,
            Clock clock) {
        return new VolumeRestoreOperation(backups, stores, repository, vms, agents, jobs, tx, clock);
    }

}
