package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.schedule.api.CreateBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.DeleteBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.ListBackupScheduleCommand;
import io.kboss.plugin.backup.kboss.schedule.api.UpdateBackupScheduleCommand;
import java.time.Clock;
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
 * Backup schedules' beans: the four schedule commands. Imported by the kboss
 * plugin's configuration next to backup orchestration, whose VM repository it uses.
 */
@Configuration
public class BackupScheduleConfiguration {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public BackupScheduleConfiguration(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<Clock> clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource)));
        this.clock = clock.getIfAvailable(Clock::systemUTC);
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
