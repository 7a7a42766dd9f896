package io.kboss.server.backup.schedule;

import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.backup.BackupSchedules;
import io.kboss.server.backup.ScheduleRef;
import io.kboss.server.backup.ScheduledFirings;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.mshost.ManagementServer;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.limits.ResourceLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup schedules' beans: their rows, the service the four schedule commands call, and the scheduler. Firings and next-fire times
 * follow the {@link ScheduleClock} when the server was given one, else the server's clock.
 */
@Configuration
public class BackupScheduleConfiguration {
    /** Schedules name minutes; a round every 15 s starts a firing within a quarter of its minute. */
    private static final Duration ROUND = Duration.ofSeconds(15);

    private final Clock clock;

    public BackupScheduleConfiguration(Clock serverClock, ObjectProvider<ScheduleClock> scheduleClock) {
        ScheduleClock own = scheduleClock.getIfAvailable();
        this.clock = own == null ? serverClock : own.clock();
    }

    @Bean
    public ScheduleRepository scheduleRepository(JdbcTemplate jdbc) {
        return new ScheduleRepository(jdbc);
    }

    @Bean
    public BackupScheduleService backupScheduleService(ScheduleRepository schedules, VmInventory vms) {
        return new BackupScheduleService(schedules, vms, clock, () -> UUID.randomUUID().toString());
    }

    /** The schedules as providers read them (retention's maxbackups). */
    @Bean
    public BackupSchedules backupSchedules(ScheduleRepository schedules) {
        return new BackupSchedules() {
            @Override
            public java.util.Optional<ScheduleRef> live(long id) {
                return schedules.findLiveById(id).map(s -> new ScheduleRef(s.id(), s.uuid(), s.vmId(), s.vmName(),
                        s.maxBackups()));
            }

            @Override
            public java.util.Map<Long, String> intervalTypes(java.util.Collection<Long> ids) {
                return schedules.intervalTypes(ids);
            }
        };
    }

    @Bean
    public BackupScheduler backupScheduler(ScheduleRepository schedules, VmInventory vms,
            BackupProviderRegistry providers, OperationQueue queue, TransactionTemplate tx, ManagementServer server,
            FrameworkProperties properties, ResourceLimits limits, ObjectProvider<ScheduledFirings> more) {
        FiringClaims claims = new FiringClaims(schedules, vms, providers, queue, tx, server::id, limits);
        return new BackupScheduler(schedules, claims, clock, ROUND, properties.backgroundLoops(),
                more.orderedStream().toList(), server::id);
    }
}
