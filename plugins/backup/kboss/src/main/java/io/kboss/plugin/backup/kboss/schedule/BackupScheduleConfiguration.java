package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.BackupJob;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.restore.BackupDeleter;
import io.kboss.plugin.backup.kboss.schedule.api.CreateBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.DeleteBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.ListBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.UpdateBackupScheduleCommand;
import io.kboss.server.jobs.AsyncJobRunner;
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

/**
 * Backup schedules' beans: the four schedule commands and the scheduler. Imported by the kboss
 * plugin's configuration next to backup orchestration, whose repositories and BackupJob it uses.
 */
@Configuration
public class BackupScheduleConfiguration {
    /** Schedules name minutes; a round every 15 s starts a firing within a quarter of its minute. */
    private static final Duration ROUND = Duration.ofSeconds(15);
    /** Scheduled backups running at once on this server beyond which firings wait for a thread; admission limits apply anyway. */
    private static final int RUNNERS = 8;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public BackupScheduleConfiguration(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<Clock> clock, ObjectProvider<ScheduleClock> scheduleClock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(
                transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource)));
        // Firings and next-fire times follow the schedule clock when the server was given one.
        Clock serverClock = clock.getIfAvailable(Clock::systemUTC);
        ScheduleClock own = scheduleClock.getIfAvailable();
        this.clock = own == null ? serverClock : own.clock();
    }

    @Bean
    public ScheduleRepository kbossBackupSchedules() {
        return new ScheduleRepository(jdbc);
    }

    @Bean
    public BackupScheduleService kbossBackupScheduleService(ScheduleRepository schedules, VmRepository vms) {
        return new BackupScheduleService(schedules, vms, clock, () -> UUID.randomUUID().toString());
    }

    @Bean
    public Retention kbossScheduleRetention(ScheduleRepository schedules, BackupDeleter deleter) {
        return new Retention(jdbc, schedules, deleter);
    }

    @Bean
    public BackupScheduler kbossBackupScheduler(ScheduleRepository schedules, VmRepository vms,
            BackupRepository backups,
            BackupJob job, Retention retention, ObjectProvider<AsyncJobRunner> jobRunner) {
        // The runner's mshost id is known once it started (phase 100); the scheduler starts after it.
        FiringClaims claims = new FiringClaims(schedules, vms, backups, tx, () -> UUID.randomUUID().toString(),
                () -> jobRunner.getObject().msid());
        return new BackupScheduler(schedules, claims, job, retention, clock, ROUND, RUNNERS);
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
