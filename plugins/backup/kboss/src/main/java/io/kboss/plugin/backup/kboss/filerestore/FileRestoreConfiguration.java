package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.filerestore.api.ExtractBackupFileCommand;
import io.kboss.plugin.backup.kboss.filerestore.api.ListBackupFilesCommand;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import io.kboss.server.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** File-level restore: the FILE_RESTORE kind's handler, its two commands, and the downloads of its copies. */
@Configuration
public class FileRestoreConfiguration {

    @Bean
    public FileExtractions kbossFileExtractions(JdbcTemplate jdbc) {
        return new FileExtractions(jdbc);
    }

    @Bean
    public FileRestoreRequests kbossFileRestoreRequests(BackupAccess access, JdbcTemplate jdbc, Settings settings,
            Ports ports) {
        return new FileRestoreRequests(access, jdbc, ports.vms(), ports.stores(), ports.queue(), settings,
                ports.tx());
    }

    @Bean
    public FileRestoreOperation kbossFileRestoreOperation(BackupRepository backups, RestoreRepository chains,
            FileExtractions extractions, Settings settings, Ports ports) {
        return new FileRestoreOperation(backups, chains, extractions, settings, ports);
    }

    @Bean
    public ExtractedFiles kbossExtractedFiles(FileExtractions extractions, Ports ports) {
        return new ExtractedFiles(extractions, ports.stores(), ports.agents(), ports.clock());
    }

    @Bean
    public ListBackupFilesCommand listBackupFilesCommand(FileRestoreRequests requests) {
        return new ListBackupFilesCommand(requests);
    }

    @Bean
    public ExtractBackupFileCommand extractBackupFileCommand(FileRestoreRequests requests) {
        return new ExtractBackupFileCommand(requests);
    }
}
