package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * restoreBackup and restoreVolumeFromBackupAndAttachToVM: their requests and operations (the framework's commands
 * call the provider, which calls {@link RestoreRequests}). The imported classes are built through their one
 * constructor; the requests below also get the source of new uuids (the wiring rule is in
 * {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({RestoreRepository.class, NewVmOperation.class, RestoreOperation.class, VolumeRestoreOperation.class})
public class RestoreConfiguration {

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
}
