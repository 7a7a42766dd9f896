package io.kboss.plugin.backup.kboss.validation;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.servicejob.ListBackupServiceJobsCommand;
import io.kboss.plugin.backup.kboss.servicejob.QueueServiceJobCommand;
import io.kboss.plugin.backup.kboss.validation.api.DownloadValidationScreenshotCommand;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validation jobs: the VALIDATION kind's handler, the task that queues them, validateBackup and the screenshot
 * command. The imported classes are built through their one constructor; the methods below add what a
 * constructor cannot ask for (the wiring rule is in {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration}).
 */
@Configuration
@Import({ValidationRepository.class, ValidationOperation.class, ValidationDetailRule.class,
        ValidationScheduler.class, DownloadValidationScreenshotCommand.class})
public class ValidationConfiguration {

    /** validateBackup: a root admin queues a cancelled validation, or one without a verdict, again. */
    @Bean
    public QueueServiceJobCommand validateBackupCommand(ValidationScheduler scheduler, BackupRepository backups,
            ListBackupServiceJobsCommand listing, TransactionTemplate tx) {
        return QueueServiceJobCommand.validation(scheduler::queueAgain, backups, listing, tx);
    }

    @Bean
    public ValidationScreenshots kbossValidationScreenshots(BackupAccess access, ValidationRepository validations,
            Ports ports) {
        return new ValidationScreenshots(access, validations, ports.stores(), ports.agents());
    }
}
