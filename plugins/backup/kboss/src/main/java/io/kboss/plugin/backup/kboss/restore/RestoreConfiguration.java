package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
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
    public NewVmRequests kbossNewVmRequests(BackupAccess access, BackupRepository backups,
            RestoreRepository repository, VmInventory vms, Directory directory, OperationQueue queue,
            TransactionTemplate tx) {
        return new NewVmRequests(access, backups, repository, vms, directory, queue, tx,
                () -> UUID.randomUUID().toString());
    }

    @Bean
    public NewVmOperation kbossNewVmOperation(BackupRepository backups, RestoreRepository repository, Ports ports) {
        return new NewVmOperation(backups, repository, ports);
    }

    @Bean
    public RestoreOperation kbossRestoreOperation(BackupRepository backups, RestoreRepository repository,
            ChainRepository chains, Ports ports) {
        return new RestoreOperation(backups, ports, repository, chains);
    }

    @Bean
    public VolumeRestoreOperation kbossVolumeRestoreOperation(BackupRepository backups, RestoreRepository repository,
            Ports ports) {
        return new VolumeRestoreOperation(backups, ports, repository);
    }

}
