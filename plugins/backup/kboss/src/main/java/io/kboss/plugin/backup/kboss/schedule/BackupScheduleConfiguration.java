package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.schedule.api.CreateBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.DeleteBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.ListBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.UpdateBackupScheduleCommand;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.mshost.ManagementServer;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup schedules' beans: the four schedule commands and the scheduler. Firings and next-fire times
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
    public ScheduleRepository kbossBackupSchedules(JdbcTemplate jdbc) {
        return new ScheduleRepository(jdbc);
    }

    @Bean
    public BackupScheduleService kbossBackupScheduleService(ScheduleRepository schedules, VmRepository vms) {
        return new BackupScheduleService(schedules, vms, clock, () -> UUID.randomUUID().toString());
    }

    @Bean
    public BackupScheduler kbossBackupScheduler(ScheduleRepository schedules, VmRepository vms,
            BackupRepository backups, OperationQueue queue, TransactionTemplate tx, ManagementServer server,
            FrameworkProperties properties) {
        FiringClaims claims = new FiringClaims(schedules, vms, backups, queue, tx, () -> UUID.randomUUID().toString(),
                server::id);
        return new BackupScheduler(schedules, claims, clock, ROUND, properties.backgroundLoops());
    }

    @Bean
    public CreateBackupScheduleCommand createBackupScheduleCommand(BackupScheduleService schedules) {
        return new CreateBackupScheduleCommand(schedules);
    }

    @Bean
    public ListBackupScheduleCommand listBackupScheduleCommand(BackupScheduleService schedules) {
        return new ListBackupScheduleCommand(schedules);
    }

    @Bean
    public UpdateBackupScheduleCommand updateBackupScheduleCommand(BackupScheduleService schedules) {
        return new UpdateBackupScheduleCommand(schedules);
    }

    @Bean
    public DeleteBackupScheduleCommand deleteBackupScheduleCommand(BackupScheduleService schedules) {
        return new DeleteBackupScheduleCommand(schedules);
    }
}
