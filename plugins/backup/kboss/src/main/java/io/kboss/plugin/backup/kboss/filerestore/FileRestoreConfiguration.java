package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.filerestore.api.ExtractBackupFileCommand;
import io.kboss.plugin.backup.kboss.filerestore.api.ListBackupFilesCommand;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.server.settings.Settings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * File-level restore: the FILE_RESTORE kind's handler, its two commands, and the downloads of its copies. The
 * imported classes are built through their one constructor; the methods below pick single ports out of
 * {@link Ports} (the wiring rule is in {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({FileExtractions.class, FileRestoreOperation.class, ListBackupFilesCommand.class,
        ExtractBackupFileCommand.class})
public class FileRestoreConfiguration {

    @Bean
    public FileRestoreRequests kbossFileRestoreRequests(BackupAccess access, JdbcTemplate jdbc, Settings settings,
            Ports ports) {
        return new FileRestoreRequests(access, jdbc, ports.vms(), ports.stores(), ports.queue(), settings,
                ports.tx());
    }

    @Bean
    public ExtractedFiles kbossExtractedFiles(FileExtractions extractions, Ports ports) {
        return new ExtractedFiles(extractions, ports.stores(), ports.agents(), ports.clock());
    }
}
