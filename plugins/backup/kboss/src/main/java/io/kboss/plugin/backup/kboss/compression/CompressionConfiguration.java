package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.servicejob.ListBackupServiceJobsCommand;
import io.kboss.plugin.backup.kboss.servicejob.QueueServiceJobCommand;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.server.backup.Directory;
import io.kboss.server.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compression after a backup is taken: the COMPRESSION kind's handler, its queuing, listBackupServiceJobs and
 * compressBackup. The imported classes are built through their one constructor; the methods below add what a
 * constructor cannot ask for (the wiring rule is in {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({CompressionRepository.class, CompressionRequests.class, ListBackupServiceJobsCommand.class})
public class CompressionConfiguration {

    /** A backup's validation waits for its compression: the compression's end hands the backup on to it. */
    @Bean
    public CompressionOperation kbossCompressionOperation(BackupRepository backups, CompressionRepository repository,
            CompressionRequests requests, Ports ports, Directory directory, Settings settings,
            ValidationScheduler validations) {
        return new CompressionOperation(backups, repository, requests, ports, directory, settings,
                validations::afterBackup);
    }

    /** compressBackup: a root admin queues a cancelled or failed compression again. */
    @Bean
    public QueueServiceJobCommand compressBackupCommand(CompressionRequests requests, BackupRepository backups,
            ListBackupServiceJobsCommand listing, TransactionTemplate tx) {
        return QueueServiceJobCommand.compression(requests::queueAgain, backups, listing, tx);
    }
}
