package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.compression.CompressionRequests;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * deleteBackup, retention and the sweep of Removed backups: all DELETE operations, one handler. The imported
 * classes are built through their one constructor; the methods below add what a constructor cannot ask for
 * (the wiring rule is in {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({DeleteRepository.class, Retention.class, RemovedBackupSweep.class})
public class DeleteConfiguration {

    @Bean
    public BackupDeleter kbossBackupDeleter(BackupRepository backups, BackupAccess access, DeleteRepository deletes,
            Ports ports) {
        return new BackupDeleter(backups, access, deletes, ports, () -> UUID.randomUUID().toString());
    }

    @Bean
    public DeleteOperation kbossDeleteOperation(BackupRepository backups, RestoreRepository files,
            DeleteRepository deletes, Retention retention, CompressionRequests compressions, Ports ports) {
        return new DeleteOperation(backups, deletes, new DeleteSteps(backups, ports, files, deletes,
                compressions::rewritten), retention,
                ports.tx());
    }
}
