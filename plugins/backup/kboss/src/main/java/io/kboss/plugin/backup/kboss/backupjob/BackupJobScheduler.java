package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.DueJob;
import io.kboss.server.backup.ScheduledFirings;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.domain.Firing;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * Fires backup jobs' schedules in each round of the framework's backup scheduler (so on every
 * management server, by the scheduler's clock, with no loop of its own). A job whose next firing has
 * come is read with the VM schedules' rules ({@link BackupSchedule}: interval types, time zones,
 * daylight saving, the latest missed firing only) and its firing claimed through
 * {@link BackupJobRuns#fire}: exactly one server starts the run, or records why the firing was skipped.
 */
public class BackupJobScheduler implements ScheduledFirings {
    private static final Logger LOG = LoggerFactory.getLogger(BackupJobScheduler.class);
    /** At most this many jobs per round, so one round stays short; the rest are due next round. */
    static final int ROUND_LIMIT = 100;

    private final BackupJobRepository jobs;
    private final BackupJobRuns runs;

    public BackupJobScheduler(BackupJobRepository jobs, BackupJobRuns runs) {
        this.jobs = jobs;
        this.runs = runs;
    }

    @Override
    public int fireDue(Clock clock, long managementServerId) {
        Instant now = clock.instant();
        int started = 0;
        for (DueJob j : jobs.due(now, ROUND_LIMIT)) {
            try {
                started += fire(j, now, clock, managementServerId) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.error("Backup job {} ({}) could not fire at {}; the next round tries again", j.name(), j.uuid(),
                        j.schedule().nextFire(), e);
            }
        }
        return started;
    }

    private boolean fire(DueJob j, Instant now, Clock clock, long managementServerId) {
        StoredSchedule.Round round = j.schedule().round(j.id(), now);
        Instant next = round.next();
        Optional<Firing> due = round.due();
        if (due.isEmpty()) {
            jobs.setNextFire(j.id(), next);
            return false;
        }
        try {
            return runs.fire(j.id(), due.get().scheduledAt(), next, managementServerId, clock.instant()).isEmpty();
        } catch (DuplicateKeyException e) {
            return false; // another management server claimed this firing: normal contention
        }
    }
}
