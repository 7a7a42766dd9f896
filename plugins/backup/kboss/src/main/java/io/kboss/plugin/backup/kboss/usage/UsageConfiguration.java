package io.kboss.plugin.backup.kboss.usage;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The usage history commands of the kboss provider. Each class here is built through its one constructor from
 * the framework's beans (the wiring rule is in {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({BackupUsageRepository.class, ListBackupUsageHistoryCommand.class, ListAccountStorageHistoryCommand.class})
public class UsageConfiguration {
}
