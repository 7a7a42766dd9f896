package io.kboss.plugin.backup.kboss;

import io.kboss.plugin.backup.kboss.backup.BackupOrchestrationConfiguration;
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
import io.kboss.plugin.backup.kboss.schedule.BackupScheduleConfiguration;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.SettingsContributor;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kboss provider's beans: the provider itself, its settings, and the backup offering commands.
 * The server imports this class. It needs a {@link DataSource}, the framework's {@link Settings}
 * and {@link BackupProviderRegistry}; it uses the context's {@link Clock} and
 * {@link PlatformTransactionManager} when there are such beans, else the UTC system clock and a
 * transaction manager on the same DataSource.
 */
@Configuration
@Import({BackupOrchestrationConfiguration.class, BackupScheduleConfiguration.class})
public class KbossPluginConfiguration {

    @Bean
    public KbossBackupProvider kbossBackupProvider() {
        return new KbossBackupProvider();
    }

    @Bean
    public SettingsContributor kbossSettings() {
        return new KbossSettings();
    }

    @Bean
    public AssignedVms kbossAssignedVms(DataSource dataSource) {
        return new VmInstanceAssignedVms(new JdbcTemplate(dataSource));
    }

    @Bean
    public BackupOfferingService kbossBackupOfferingService(DataSource dataSource, Settings settings,
            BackupProviderRegistry providers, AssignedVms kbossAssignedVms,
            ObjectProvider<PlatformTransactionManager> transactions, ObjectProvider<Clock> clock) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcBackupOfferingRepository repository = new JdbcBackupOfferingRepository(jdbc);
        OfferingRules rules = new OfferingRules(new JdbcOfferingReferences(jdbc,
                new RegistryZoneBackupSettings(settings, providers), repository));
        PlatformTransactionManager tm = transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource));
        return new BackupOfferingService(repository, rules, kbossAssignedVms, new TransactionTemplate(tm),
                clock.getIfAvailable(Clock::systemUTC), () -> UUID.randomUUID().toString());
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
