package io.kboss.server.backup.schedule;

import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.domain.Firing;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.kboss.server.backup.ScheduledFirings;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Fires due schedules. Every {@code period} it reads the schedules whose next firing has come by its
 * {@link Clock} and claims each due firing through {@link FiringClaims} (exactly one management server
 * wins it), which queues the backup's operation: any server's dispatcher runs it like a createBackup,
 * and a server that dies mid-backup leaves it to be adopted like any other operation. Once it ends
 * BackedUp its schedule's retention is queued. Every server runs a scheduler; a round that fails is
 * logged and the next one runs as usual. Missed firings are not replayed one by one: the latest due one
 * runs ({@link BackupSchedule#dueFiring}). Each round also fires the providers' own schedules
 * ({@link ScheduledFirings}: backup jobs'), by the same clock.
 */
public class BackupScheduler implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);
    /** At most this many schedules per round, so one round stays short; the rest are due next round. */
    static final int ROUND_LIMIT = 100;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduleRepository schedules;
    private final FiringClaims claims;
    private final Clock clock;
    private final Duration period;
    private final boolean autoStartup;
    private final List<ScheduledFirings> more;
    private final LongSupplier managementServerId;
    private volatile ScheduledExecutorService ticker;

    /** @param autoStartup whether the server's loops run its rounds (else {@link #runDueFirings} by hand) */
    /**
     * @param more the providers' own schedules, fired in each round after the VM schedules
     * @param managementServerId this server's id, which the providers record on the firings they claim
     */
    public BackupScheduler(ScheduleRepository schedules, FiringClaims claims, Clock clock, Duration period,
            boolean autoStartup, List<ScheduledFirings> more, LongSupplier managementServerId) {
        this.more = List.copyOf(more);
        this.managementServerId = managementServerId;
        this.schedules = schedules;
        this.claims = claims;
        this.clock = clock;
        this.period = period;
        this.autoStartup = autoStartup;
    }

    /**
     * Another scheduler on the same database with its own clock, not started: what a second management
     * server would run, for tests that move time by hand and call {@link #runDueFirings}.
     */
    public BackupScheduler withClock(Clock other) {
        return new BackupScheduler(schedules, claims, other, period, false, more, managementServerId);
    }

    /**
     * One round: claims every firing due by the clock's now.
     *
     * @return the backups this scheduler queued in the round (the queue runs them), and the work the
     *         providers' schedules started (a backup job's runs)
     */
    public int runDueFirings() {
        Instant now = clock.instant();
        int queued = 0;
        for (ScheduleRecord s : schedules.due(now, ROUND_LIMIT)) {
            try {
                queued += fire(s, now) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.error("Backup schedule {} of VM {} could not fire at {}; the next round tries again", s.uuid(),
                        s.vmName(), s.nextFire(), e);
            }
        }
        for (ScheduledFirings m : more) {
            try {
                queued += m.fireDue(clock, managementServerId.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("Scheduled firings of {} failed; the next round tries again", m.getClass().getSimpleName(),
                        e);
            }
        }
        return queued;
    }

    private boolean fire(ScheduleRecord s, Instant now) {
        StoredSchedule.Round round = s.stored().round(s.id(), now);
        Instant next = round.next();
        Optional<Firing> due = round.due();
        if (due.isEmpty()) {
            schedules.setNextFire(s.id(), next);
            return false;
        }
        FiringClaims.Claim claim = claims.claim(s, due.get(), next, clock);
        if (!claim.won()) {
            return false;
        }
        if (claim.skipped().isPresent()) {
            LOG.warn("Backup schedule {} of VM {} skipped its firing at {}: {}", s.uuid(), s.vmName(),
                    due.get().scheduledAt(), claim.skipped().get());
            return false;
        }
        LOG.info("Backup schedule {} of VM {} fired for {}: its backup is queued", s.uuid(), s.vmName(),
                due.get().scheduledAt());
        return true;
    }

    private void roundSafely() {
        try {
            runDueFirings();
        } catch (RuntimeException e) {
            LOG.error("Backup schedule round failed; the next round in {} tries again", period, e);
        }
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kboss-scheduler-"));
        t.scheduleWithFixedDelay(this::roundSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        ticker = t;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** After the operation queue (150), which runs what the firings queue. */
    @Override
    public int getPhase() {
        return 200;
    }

    private static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
