package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.BackupAdmitter;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.backup.DeleteQueue;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.restore.api.DeleteBackupCommand;
import io.kboss.plugin.backup.kboss.restore.api.RestoreBackupCommand;
import io.kboss.plugin.backup.kboss.restore.api.RestoreVolumeFromBackupAndAttachToVMCommand;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.jobs.AsyncJobRunner;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** restoreBackup, restoreVolumeFromBackupAndAttachToVM and deleteBackup, on backup orchestration's repositories. */
@Configuration
public class RestoreConfiguration {
    /** How often a running agent job is asked for its progress. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public RestoreConfiguration(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<Clock> clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(
                transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource)));
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    public RestoreRepository kbossRestoreRepository() {
        return new RestoreRepository(jdbc);
    }

    @Bean
    public BackupRestorer kbossBackupRestorer(RestoreRepository repository, RestoreQueue queue,
            BackupAdmitter admitter, BackupRepository backups, VmRepository vms, ChainRepository chains,
            AgentChannels agents, Settings settings) {
        return new BackupRestorer(repository, queue, admitter, backups, vms, chains, agents, runner(), settings, tx,
                clock, Sleeper.REAL, POLL, () -> UUID.randomUUID().toString());
    }

    @Bean
    public RestoreRecovery kbossRestoreRecovery(RestoreQueue queue, BackupRestorer restorer, AgentChannels agents,
            Settings settings) {
        return new RestoreRecovery(jdbc, queue, restorer, agents, runner(), settings, clock, Sleeper.REAL);
    }

    @Bean
    public DeleteRecovery kbossDeleteRecovery(VmRepository vms, AgentChannels agents, Settings settings,
            ObjectProvider<FrameworkProperties> framework) {
        // Without the framework's properties (a context of the offering commands' tests) a server
        // silent for two minutes is taken as dead, as BackupRecovery does.
        Duration lease = framework.stream().findFirst().map(FrameworkProperties::leaseDuration)
                .orElse(Duration.ofMinutes(2));
        return new DeleteRecovery(jdbc, vms, agents, settings, clock, Sleeper.REAL, POLL, lease);
    }

    @Bean
    public VolumeRestorer kbossVolumeRestorer(RestoreRepository repository, RestoreQueue queue, BackupAdmitter admitter,
            BackupRepository backups, VmRepository vms, AgentChannels agents, Settings settings) {
        return new VolumeRestorer(repository, queue, admitter, backups, vms, agents, runner(), settings, tx, clock,
                Sleeper.REAL, POLL, () -> UUID.randomUUID().toString());
    }

    @Bean
    public VolumeRestoreRecovery kbossVolumeRestoreRecovery(RestoreQueue queue, VolumeRestorer restorer,
            AgentChannels agents, Settings settings) {
        return new VolumeRestoreRecovery(jdbc, queue, restorer, agents, runner(), settings, clock, Sleeper.REAL);
    }

    @Bean
    public BackupDeleter kbossBackupDeleter(RestoreRepository repository, BackupRepository backups, VmRepository vms,
            AgentChannels agents, Settings settings, DeleteQueue queue, BackupAdmitter admitter,
            ObjectProvider<AsyncJobRunner> jobRunner) {
        // The runner's mshost id is known once it started; deletions are requested after that.
        return new BackupDeleter(repository, new DeleteRepository(jdbc), backups, vms, agents, runner(), settings, tx,
                clock, () -> UUID.randomUUID().toString(), queue, admitter, Sleeper.REAL, POLL,
                () -> jobRunner.stream().findFirst().map(AsyncJobRunner::msid).orElse(null));
    }

    @Bean
    public RemovedBackupSweep kbossRemovedBackupSweep(RestoreRepository repository, BackupDeleter deleter,
            Settings settings) {
        return new RemovedBackupSweep(new DeleteRepository(jdbc), repository, deleter, settings, clock);
    }

    @Bean
    public RestoreBackupCommand restoreBackupCommand(BackupRestorer restorer) {
        return new RestoreBackupCommand(restorer);
    }

    @Bean
    public RestoreVolumeFromBackupAndAttachToVMCommand restoreVolumeFromBackupAndAttachToVMCommand(
            VolumeRestorer restorer) {
        return new RestoreVolumeFromBackupAndAttachToVMCommand(restorer);
    }

    @Bean
    public DeleteBackupCommand deleteBackupCommand(BackupDeleter deleter) {
        return new DeleteBackupCommand(deleter);
    }

    private AgentJobRunner runner() {
        return new AgentJobRunner(clock, Sleeper.REAL, POLL);
    }
}
