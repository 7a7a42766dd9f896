package io.kboss.plugin.backup.kboss.usage;

import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The usage history commands of the kboss provider. */
@Configuration
public class UsageConfiguration {

    @Bean
    public BackupUsageRepository kbossBackupUsageRepository(JdbcTemplate jdbc) {
        return new BackupUsageRepository(jdbc);
    }

    @Bean
    public ListBackupUsageHistoryCommand listBackupUsageHistoryCommand(BackupUsageRepository history,
            VmInventory vms, OperationQueue queue, Clock clock) {
        return new ListBackupUsageHistoryCommand(history, vms, queue, clock);
    }

    @Bean
    public ListAccountStorageHistoryCommand listAccountStorageHistoryCommand(BackupUsageRepository history,
            Directory directory, Clock clock) {
        return new ListAccountStorageHistoryCommand(history, directory, clock);
    }
}
