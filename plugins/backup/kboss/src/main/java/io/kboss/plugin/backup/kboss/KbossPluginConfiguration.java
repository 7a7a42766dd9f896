package io.kboss.plugin.backup.kboss;

import io.kboss.plugin.backup.kboss.offering.api.OfferingEvents;
import io.kboss.plugin.backup.kboss.backup.BackupListing;
import io.kboss.plugin.backup.kboss.backup.BackupOrchestrationConfiguration;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobConfiguration;
import io.kboss.plugin.backup.kboss.compression.CompressionConfiguration;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.BackupRequestService;
import io.kboss.plugin.backup.kboss.backup.VmAssignmentService;
import io.kboss.plugin.backup.kboss.delete.BackupDeleter;
import io.kboss.plugin.backup.kboss.delete.DeleteConfiguration;
import io.kboss.plugin.backup.kboss.filerestore.FileRestoreConfiguration;
import io.kboss.plugin.backup.kboss.domain.offering.AssignedVms;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRules;
import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.plugin.backup.kboss.offering.RegistryZoneBackupSettings;
import io.kboss.plugin.backup.kboss.offering.api.CreateBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.api.DeleteBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.api.ListBackupOfferingsCommand;
import io.kboss.plugin.backup.kboss.offering.api.UpdateBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.jdbc.InventoryAssignedVms;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcOfferingReferences;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.plugin.backup.kboss.restore.RestoreConfiguration;
import io.kboss.plugin.backup.kboss.restore.NewVmRequests;
import io.kboss.plugin.backup.kboss.restore.RestoreRequests;
import io.kboss.plugin.backup.kboss.usage.UsageConfiguration;
import io.kboss.plugin.backup.kboss.validation.ValidationConfiguration;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.SettingsContributor;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kboss provider's beans: the provider itself, its settings, the backup offering commands, and
 * (imported) backups, restores, deletes, schedules and validation jobs. The server imports this class next to the
 * framework's configuration, whose JdbcTemplate, transactions, clock, settings, queue and agent
 * channels every bean here uses: one wiring style, shared infrastructure built once.
 *
 * <p>The wiring rule, here and in every configuration it imports: a class whose one constructor asks only for
 * beans is listed in {@code @Import}, and Spring builds it through that constructor, as the framework's scanned
 * classes are built. A {@code @Bean} method is written only where something must be made that no bean is: a
 * source of uuids, a method reference to another bean, a port picked out of {@link Ports}, a constant, or two
 * beans of one class.
 */
@Configuration
@Import({BackupOrchestrationConfiguration.class, RestoreConfiguration.class, DeleteConfiguration.class,
        CompressionConfiguration.class, ValidationConfiguration.class, BackupJobConfiguration.class,
        FileRestoreConfiguration.class, UsageConfiguration.class, Ports.class, JdbcBackupOfferingRepository.class,
        OfferingEvents.class, CreateBackupOfferingCommand.class, ListBackupOfferingsCommand.class,
        UpdateBackupOfferingCommand.class, DeleteBackupOfferingCommand.class})
public class KbossPluginConfiguration {
    /** How often a running agent job is asked for its progress. */
    private static final Duration POLL = Duration.ofMillis(250);

    @Bean
    public KbossBackupProvider kbossBackupProvider(BackupRequestService backups, BackupListing listing,
            VmAssignmentService assignments, RestoreRequests restores, NewVmRequests newVms, BackupDeleter deleter,
            BackupRepository rows) {
        return new KbossBackupProvider(new KbossBackupProvider.Services(backups, listing, assignments, restores,
                newVms, deleter, rows));
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
    public AssignedVms kbossAssignedVms(VmInventory vms) {
        return new InventoryAssignedVms(vms);
    }

    @Bean
    public BackupOfferingService kbossBackupOfferingService(JdbcBackupOfferingRepository repository,
            Directory directory, Settings settings, BackupProviderRegistry providers, AssignedVms kbossAssignedVms,
            TransactionTemplate tx, Clock clock) {
        OfferingRules rules = new OfferingRules(new JdbcOfferingReferences(directory,
                new RegistryZoneBackupSettings(settings, providers), repository));
        return new BackupOfferingService(repository, rules, kbossAssignedVms, tx, clock,
                () -> UUID.randomUUID().toString());
    }
}
