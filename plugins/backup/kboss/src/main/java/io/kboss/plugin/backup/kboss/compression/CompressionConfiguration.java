package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.servicejob.ListBackupServiceJobsCommand;
import io.kboss.plugin.backup.kboss.servicejob.QueueServiceJobCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compression after a backup is taken: the COMPRESSION kind's handler, its queuing, listBackupServiceJobs and
 * compressBackup.
 */
@Configuration
public class CompressionConfiguration {

    @Bean
    public CompressionRepository kbossCompressionRepository(JdbcTemplate jdbc) {
        return new CompressionRepository(jdbc);
    }

    @Bean
    public CompressionRequests kbossCompressionRequests(CompressionRepository repository, OperationQueue queue,
            Directory directory, Settings settings) {
        return new CompressionRequests(repository, queue, directory, settings);
    }

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

    @Bean
    public ListBackupServiceJobsCommand listBackupServiceJobsCommand(OperationQueue queue, BackupRepository backups,
            Directory directory) {
        return new ListBackupServiceJobsCommand(queue, backups, directory);
    }
}
