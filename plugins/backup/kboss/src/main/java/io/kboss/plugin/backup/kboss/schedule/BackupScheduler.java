package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.BackupJob;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.schedule.BackupSchedule;
import io.kboss.plugin.backup.kboss.domain.schedule.Firing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs due schedule firings. Every {@code period} it reads the schedules whose next firing has come
 * by its {@link Clock}, claims each due firing through {@link FiringClaims} (exactly one management
 * server wins it) and runs the queued backup through the orchestration's {@link BackupJob} on a small
 * pool of its own, then applies retention. Every server runs one; a round that fails is logged and the
 * next one runs as usual. Missed firings are not replayed one by one: the latest due one runs
 * ({@link BackupSchedule#dueFiring}).
 *
 * <p>A scheduled backup has no async job, but its firing row names the server that claimed it: when
 * that server stops before the backup ends (Down in {@code mshost}, or silent for longer than a job
 * lease), {@link io.kboss.plugin.backup.kboss.backup.BackupRecovery} on a surviving server starts it
 * (Queued) or follows its agent job (BackingUp). What this accepts to lose: the retention pass that
 * would have followed such a backup; the schedule's next firing runs it.
 */
public class BackupScheduler implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);
    /** At most this many schedules per round, so one round stays short; the rest are due next round. */
    static final int ROUND_LIMIT = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduleRepository schedules;
    private final FiringClaims claims;
    private final BackupJob job;
    private final Retention retention;
    private final Clock clock;
    private final Duration period;
    private volatile ScheduledExecutorService ticker;
    private final ExecutorService runners;

    public BackupScheduler(ScheduleRepository schedules, FiringClaims claims, BackupJob job, Retention retention,
            Clock clock, Duration period, int runnerThreads) {
        this.schedules = schedules;
        this.claims = claims;
        this.job = job;
        this.retention = retention;
        this.clock = clock;
        this.period = period;
        this.runners = Executors.newFixedThreadPool(runnerThreads, r -> daemon(r, "kboss-scheduled-backup-"));
    }

    /**
     * Another scheduler on the same database and orchestration with its own clock, not started: what a
     * second management server would run, for tests that move time by hand and call {@link #runDueFirings}.
     */
    public BackupScheduler withClock(Clock other) {
        return new BackupScheduler(schedules, claims, job, retention, other, period, 2);
    }

    /**
     * One round: claims every firing due by the clock's now.
     *
     * @return the backups this scheduler queued in the round (their jobs run in the background)
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
        return queued;
    }

    private boolean fire(ScheduleRecord s, Instant now) {
        BackupSchedule parsed = s.parsed();
        Instant next = parsed.nextFiringAfter(now).scheduledAt();
        // next_fire itself is due: look from just before it.
        Optional<Firing> due = parsed.dueFiring(s.nextFire().minusMillis(1), now);
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
        long backupId = claim.backupId().getAsLong();
        LOG.info("Backup schedule {} of VM {} fired for {}: backup {} queued", s.uuid(), s.vmName(),
                due.get().scheduledAt(), backupId);
        runners.execute(() -> runBackup(s, backupId));
        return true;
    }

    private void runBackup(ScheduleRecord s, long backupId) {
        try {
            BackupStatus end = job.run(backupId, percent -> {
            });
            LOG.info("Scheduled backup {} of VM {} ended {}", backupId, s.vmName(), end);
            if (end == BackupStatus.BACKED_UP) {
                retention.apply(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Scheduled backup {} of VM {} was interrupted by shutdown", backupId, s.vmName());
        } catch (RuntimeException e) {
            LOG.error("Scheduled backup {} of VM {} failed to run", backupId, s.vmName(), e);
        }
    }

    private void roundSafely() {
        try {
            runDueFirings();
        } catch (RuntimeException e) {
            LOG.error("Backup schedule round failed; the next round in {} tries again", period, e);
        }
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
        runners.shutdownNow();
        try {
            if (!runners.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Scheduled backups still running {} after stop; their backups stay as they are", STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** After the job runner (phase 100), whose management server id the claims record. */
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
