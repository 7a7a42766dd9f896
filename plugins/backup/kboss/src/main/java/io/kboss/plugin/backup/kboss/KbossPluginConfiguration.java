package io.kboss.plugin.backup.kboss;

import io.kboss.plugin.backup.kboss.backup.BackupOrchestrationConfiguration;
import io.kboss.plugin.backup.kboss.delete.DeleteConfiguration;
import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.plugin.backup.kboss.offering.RegistryZoneBackupSettings;
import io.kboss.plugin.backup.kboss.offering.api.CreateBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.api.DeleteBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.api.ListBackupOfferingsCommand;
import io.kboss.plugin.backup.kboss.offering.api.UpdateBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.domain.AssignedVms;
import io.kboss.plugin.backup.kboss.offering.domain.OfferingRules;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcOfferingReferences;
import io.kboss.plugin.backup.kboss.offering.jdbc.VmInstanceAssignedVms;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.plugin.backup.kboss.restore.RestoreConfiguration;
import io.kboss.plugin.backup.kboss.schedule.BackupScheduleConfiguration;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.SettingsContributor;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kboss provider's beans: the provider itself, its settings, the backup offering commands, and
 * (imported) backups, restores, deletes and schedules. The server imports this class next to the
 * framework's configuration, whose JdbcTemplate, transactions, clock, settings, queue and agent
 * channels every bean here uses: one wiring style, shared infrastructure built once.
 */
@Configuration
@Import({BackupOrchestrationConfiguration.class, RestoreConfiguration.class, DeleteConfiguration.class,
        BackupScheduleConfiguration.class})
public class KbossPluginConfiguration {
    /** How often a running agent job is asked for its progress. */
    private static final Duration POLL = Duration.ofMillis(250);

    @Bean
    public KbossBackupProvider kbossBackupProvider() {
        return new KbossBackupProvider();
    }

    @Bean
    public SettingsContributor kbossSettings() {
        return new KbossSettings();
    }

    /** The real wait between polls; tests give the orchestration tier a sleeper that moves their clock. */
    @Bean
    public Sleeper kbossSleeper() {
        return Sleeper.REAL;
    }

    @Bean
    public AgentJobs kbossAgentJobs(Clock clock, Sleeper sleeper) {
        return new AgentJobs(clock, sleeper, POLL);
    }

    @Bean
    public AssignedVms kbossAssignedVms(JdbcTemplate jdbc) {
        return new VmInstanceAssignedVms(jdbc);
    }

    @Bean
    public BackupOfferingService kbossBackupOfferingService(JdbcTemplate jdbc, Settings settings,
            BackupProviderRegistry providers, AssignedVms kbossAssignedVms, TransactionTemplate tx, Clock clock) {
        JdbcBackupOfferingRepository repository = new JdbcBackupOfferingRepository(jdbc);
        OfferingRules rules = new OfferingRules(new JdbcOfferingReferences(jdbc,
                new RegistryZoneBackupSettings(settings, providers), repository));
        return new BackupOfferingService(repository, rules, kbossAssignedVms, tx, clock,
                () -> UUID.randomUUID().toString());
    }

    @Bean
    public CreateBackupOfferingCommand createBackupOfferingCommand(BackupOfferingService offerings) {
        return new CreateBackupOfferingCommand(offerings);
    }

    @Bean
    public ListBackupOfferingsCommand listBackupOfferingsCommand(BackupOfferingService offerings) {
        return new ListBackupOfferingsCommand(offerings);
    }

    @Bean
    public UpdateBackupOfferingCommand updateBackupOfferingCommand(BackupOfferingService offerings) {
        return new UpdateBackupOfferingCommand(offerings);
    }

    @Bean
    public DeleteBackupOfferingCommand deleteBackupOfferingCommand(BackupOfferingService offerings) {
        return new DeleteBackupOfferingCommand(offerings);
    }
}
