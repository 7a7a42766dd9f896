package io.kboss.plugin.backup.kboss.validation;

import io.kboss.server.event.AlertLog;
import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.servicejob.ListBackupServiceJobsCommand;
import io.kboss.plugin.backup.kboss.servicejob.QueueServiceJobCommand;
import io.kboss.plugin.backup.kboss.validation.api.DownloadValidationScreenshotCommand;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.backup.ValidationVmLimits;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validation jobs: the VALIDATION kind's handler, the task that queues them, validateBackup and the screenshot
 * command.
 */
@Configuration
public class ValidationConfiguration {

    @Bean
    public ValidationRepository kbossValidations(JdbcTemplate jdbc) {
        return new ValidationRepository(jdbc);
    }

    @Bean
    public ValidationOperation kbossValidationOperation(BackupRepository backups, ValidationRepository validations,
            ChainRepository chains, JdbcTemplate jdbc, Settings settings, Ports ports, ValidationVmLimits limits,
            AlertLog alerts) {
        return new ValidationOperation(backups, validations, chains, jdbc, settings, ports, limits, alerts);
    }

    @Bean
    public ValidationDetailRule kbossValidationDetailRule() {
        return new ValidationDetailRule();
    }

    @Bean
    public ValidationScheduler kbossValidationScheduler(ValidationRepository validations, VmInventory vms,
            OperationQueue queue, Settings settings, TransactionTemplate tx, Clock clock) {
        return new ValidationScheduler(validations, vms, queue, settings, tx, clock);
    }

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

    @Bean
    public DownloadValidationScreenshotCommand downloadValidationScreenshotCommand(ValidationScreenshots screenshots) {
        return new DownloadValidationScreenshotCommand(screenshots);
    }
}
