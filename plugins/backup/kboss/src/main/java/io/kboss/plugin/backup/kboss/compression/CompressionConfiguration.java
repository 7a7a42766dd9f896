package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.servicejob.ListBackupServiceJobsCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Compression after a backup is taken: the COMPRESSION kind's handler, its queuing, and listBackupServiceJobs. */
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
            Ports ports, Directory directory, Settings settings, ValidationScheduler validations) {
        return new CompressionOperation(backups, repository, ports, directory, settings, validations::afterBackup);
    }

    @Bean
    public ListBackupServiceJobsCommand listBackupServiceJobsCommand(OperationQueue queue, BackupRepository backups,
            Directory directory) {
        return new ListBackupServiceJobsCommand(queue, backups, directory);
    }
}
