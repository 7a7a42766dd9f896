package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Clock;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Repairs backups whose management server is gone: the createBackup job was failed (the lease
 * ran out, or at an orderly shutdown), or the server that claimed a schedule's firing is Down or
 * silent for longer than a job lease, so nobody follows the backup and its VM stays taken. At
 * start-up and then periodically:
 * <ul>
 * <li>a Queued backup goes through admission here (it starts when the limits and its host allow,
 *     or fails after kboss.timeout with the reason it waited for);</li>
 * <li>a BackingUp backup is followed again: the start is re-sent with the same request id, which
 *     the agent answers with the job it already has (or starts it if it never got it), and the
 *     backup ends as the agent's job does.</li>
 * </ul>
 * Restores and deletes left half done are repaired by the {@link OrphanRepair}s on the same sweep.
 * Two servers may resume the same backup at once; both follow the same agent job, and the
 * conditional status change lets only one of them end it (the other logs and stops). What this
 * accepts to lose: the failed API job keeps reporting the shutdown; the backup row is the truth.
 */
public class BackupRecovery implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRecovery.class);

    private final JdbcTemplate jdbc;
    private final BackupRepository backups;
    private final BackupExecutor executor;
    private final BackupJob job;
    private final Duration serverLease;
    private final Clock clock;
    private final Duration period;
    private final Supplier<List<OrphanRepair>> repairs;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService sweeper;
    private volatile ExecutorService followers;

    /**
     * @param serverLease how long a management server without a heartbeat still owns its work (the
     *     job lease): a scheduled backup's server silent for longer is taken as dead
     */
    public BackupRecovery(JdbcTemplate jdbc, BackupRepository backups, BackupExecutor executor, BackupJob job,
            Clock clock, Duration period, Duration serverLease,
            Supplier<List<OrphanRepair>> repairs) {
        this.jdbc = jdbc;
        this.backups = backups;
        this.executor = executor;
        this.job = job;
        this.serverLease = serverLease;
        this.clock = clock;
        this.period = period;
        this.repairs = repairs;
    }

    /** One pass; returns how many backups it resumed, plus what the other repairs handled. */
    public int sweep() {
        List<Long> orphans = new ArrayList<>(jdbc.queryForList("SELECT b.id FROM backup b JOIN async_job j"
                + " ON j.instance_uuid = b.uuid AND j.instance_type = 'Backup' AND j.command = 'createBackup'"
                + " WHERE b.status IN (?, ?) AND j.status <> 0 ORDER BY b.id", Long.class,
                BackupStatus.QUEUED.apiName(), BackupStatus.BACKING_UP.apiName()));
        // Scheduled backups have no API job: their firing names the server that claimed it, which is
        // gone when it shut down (Down) or stopped renewing its heartbeat for longer than a job lease.
        orphans.addAll(jdbc.queryForList("SELECT b.id FROM backup b JOIN backup_schedule_firing f ON f.backup_id = b.id"
                + " JOIN mshost m ON m.id = f.claimed_by WHERE b.status IN (?, ?) AND (m.state = 'Down'"
                + " OR m.last_heartbeat < ?) ORDER BY b.id", Long.class, BackupStatus.QUEUED.apiName(),
                BackupStatus.BACKING_UP.apiName(), Timestamp.from(clock.instant().minus(serverLease))));
        int handled = 0;
        for (long id : orphans) {
            BackupRecord b = backups.byId(id);
            try {
                if (b.status() == BackupStatus.QUEUED && following.add(id)) {
                    LOG.warn("Backup {} was left Queued by a management server that stopped; it waits for its turn "
                            + "here", b.uuid());
                    followers.execute(() -> resume(b));
                    handled++;
                } else if (b.status() == BackupStatus.BACKING_UP && following.add(id)) {
                    LOG.warn("Backup {} was left BackingUp by a management server that stopped; following its agent "
                            + "job again", b.uuid());
                    followers.execute(() -> follow(b));
                    handled++;
                }
            } catch (RuntimeException e) {
                following.remove(id);
                LOG.error("Could not repair orphaned backup {}; the next sweep tries again", b.uuid(), e);
            }
        }
        for (OrphanRepair repair : repairs.get()) {
            try {
                handled += repair.repair(followers);
            } catch (RuntimeException e) {
                LOG.error("{} failed; the next sweep tries again", repair.getClass().getSimpleName(), e);
            }
        }
        return handled;
    }

    /**
     * A queued backup goes through admission here as it would have on its own server (limits, a
     * Down host, kboss.timeout), so a request accepted before the crash is not lost.
     */
    private void resume(BackupRecord b) {
        try {
            BackupStatus end = job.run(b.id(), percent -> {
            });
            LOG.info("Resumed queued backup {} ended {}", b.uuid(), end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Running resumed backup {} failed; the next sweep tries again", b.uuid(), e);
        } finally {
            following.remove(b.id());
        }
    }

    private void follow(BackupRecord b) {
        try {
            BackupStatus end = executor.execute(b.id(), percent -> {
            });
            LOG.info("Resumed backup {} ended {}", b.uuid(), end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Following resumed backup {} failed; the next sweep tries again", b.uuid(), e);
        } finally {
            following.remove(b.id());
        }
    }

    private void sweepAndLog() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.error("The orphaned-backup sweep failed; it runs again in {}", period, e);
        }
    }

    @Override
    public void start() {
        followers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kboss-backup-resume");
            t.setDaemon(true);
            return t;
        });
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kboss-backup-recovery");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepAndLog, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = sweeper;
        ExecutorService f = followers;
        sweeper = null;
        followers = null;
        if (s != null) {
            s.shutdownNow();
        }
        if (f != null) {
            f.shutdownNow(); // the backups stay BackingUp, and the next server follows them again
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }

    @Override
    public int getPhase() {
        // After the job runner (phase 100), which first fails the jobs of servers that stopped.
        return 200;
    }
}
