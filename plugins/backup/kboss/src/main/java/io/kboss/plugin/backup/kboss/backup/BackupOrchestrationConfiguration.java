package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.backup.api.AssignVirtualMachineToBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.backup.api.CreateBackupCommand;
import io.kboss.plugin.backup.kboss.backup.api.FinishBackupChainCommand;
import io.kboss.plugin.backup.kboss.backup.api.ListBackupsCommand;
import io.kboss.plugin.backup.kboss.backup.api.RemoveVirtualMachineFromBackupOfferingCommand;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.AgentClients;
import io.kboss.server.host.HostRepository;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import java.time.Duration;
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
 * Backup orchestration's beans: VM ↔ offering assignment, createBackup, listBackups and
 * finishBackupChain. Imported by the kboss plugin's configuration. The agent channels are the host
 * registry's ({@link AgentClients}).
 */
@Configuration
@Import(io.kboss.plugin.backup.kboss.restore.RestoreConfiguration.class)
public class BackupOrchestrationConfiguration {
    /** How often a queued backup asks for a slot and a running one asks its agent for progress. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How often backups orphaned by a stopped management server are looked for (also once at start). */
    private static final Duration RECOVERY_PERIOD = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public BackupOrchestrationConfiguration(DataSource dataSource,
            ObjectProvider<PlatformTransactionManager> transactions, ObjectProvider<Clock> clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(
                transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource)));
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    public VmRepository kbossBackupVms() {
        return new VmRepository(jdbc);
    }

    @Bean
    public BackupRepository kbossBackups() {
        return new BackupRepository(jdbc);
    }

    @Bean
    public ChainRepository kbossBackupChains() {
        return new ChainRepository(jdbc);
    }

    @Bean
    public RestoreQueue kbossRestoreQueue() {
        return new RestoreQueue(jdbc);
    }

    @Bean
    public DeleteQueue kbossDeleteQueue() {
        return new DeleteQueue(jdbc);
    }

    @Bean
    public BackupAdmitter kbossBackupAdmitter(BackupRepository backups, RestoreQueue restores, DeleteQueue deletes,
            VmRepository vms, ChainRepository chains, Settings settings) {
        return new BackupAdmitter(backups, restores, deletes, vms, chains, new OfferingChainSizes(jdbc, settings),
                settings, jdbc, tx, clock);
    }

    @Bean
    public BackupListing kbossBackupListing() {
        return new BackupListing(jdbc);
    }

    @Bean
    public AgentChannels kbossAgentChannels(ObjectProvider<HostRepository> hosts,
            ObjectProvider<AgentClients> clients) {
        // Looked up at use: a context without the host registry (the offering commands' tests) still starts.
        return hostId -> new RegisteredHostChannels(hosts.getObject(), clients.getObject()).forHost(hostId);
    }

    @Bean
    public DownHostBackups kbossDownHostBackups(BackupRepository backups) {
        return new DownHostBackups(backups);
    }

    @Bean
    public VmAssignmentService kbossVmAssignments(VmRepository vms, ChainRepository chains, BackupRepository backups) {
        return new VmAssignmentService(new JdbcBackupOfferingRepository(jdbc), vms, chains, backups, jdbc, tx, clock);
    }

    @Bean
    public BackupRequestService kbossBackupRequests(VmRepository vms, BackupRepository backups) {
        return new BackupRequestService(vms, backups, new JdbcBackupOfferingRepository(jdbc), jdbc, tx, clock,
                () -> UUID.randomUUID().toString());
    }

    @Bean
    public BackupExecutor kbossBackupExecutor(VmRepository vms, BackupRepository backups, ChainRepository chains,
            AgentChannels agents, Settings settings) {
        return new BackupExecutor(backups, vms, chains, agents, settings, tx, clock, Sleeper.REAL, POLL);
    }

    @Bean
    public BackupJob kbossBackupJob(VmRepository vms, BackupRepository backups, BackupAdmitter admitter,
            BackupExecutor executor, Settings settings) {
        return new BackupJob(backups, vms, admitter, executor, settings, tx, clock, Sleeper.REAL, POLL);
    }

    @Bean
    public BackupRecovery kbossBackupRecovery(BackupRepository backups, BackupExecutor executor, BackupJob job,
            ObjectProvider<OrphanRepair> repairs, ObjectProvider<FrameworkProperties> framework) {
        // Without the framework's properties (a context of the offering commands' tests) a server
        // silent for two minutes is taken as dead.
        Duration lease = framework.stream().findFirst().map(FrameworkProperties::leaseDuration)
                .orElse(Duration.ofMinutes(2));
        return new BackupRecovery(jdbc, backups, executor, job, clock, RECOVERY_PERIOD, lease,
                () -> repairs.orderedStream().toList());
    }

    @Bean
    public ChainFinisher kbossChainFinisher(VmRepository vms, ChainRepository chains, BackupRepository backups,
            AgentChannels agents) {
        return new ChainFinisher(vms, chains, backups, agents, tx, clock);
    }

    @Bean
    public AssignVirtualMachineToBackupOfferingCommand assignVirtualMachineToBackupOfferingCommand(
            VmAssignmentService assignments) {
        return new AssignVirtualMachineToBackupOfferingCommand(assignments);
    }

    @Bean
    public RemoveVirtualMachineFromBackupOfferingCommand removeVirtualMachineFromBackupOfferingCommand(
            VmAssignmentService assignments) {
        return new RemoveVirtualMachineFromBackupOfferingCommand(assignments);
    }

    @Bean
    public CreateBackupCommand createBackupCommand(BackupRequestService requests, BackupJob job,
            BackupListing listing) {
        return new CreateBackupCommand(requests, job, listing);
    }

    @Bean
    public ListBackupsCommand listBackupsCommand(BackupListing listing) {
        return new ListBackupsCommand(listing);
    }

    @Bean
    public FinishBackupChainCommand finishBackupChainCommand(ChainFinisher finisher) {
        return new FinishBackupChainCommand(finisher);
    }
}
