package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Clock;
import java.time.Duration;
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
import org.springframework.transaction.support.TransactionOperations;

/**
 * Repairs backups whose createBackup job is gone: its management server stopped (the job runner
 * failed the job when the lease ran out, or at an orderly shutdown), so nobody follows the backup
 * and its VM stays taken. At start-up and then periodically:
 * <ul>
 * <li>a Queued backup is Failed (nothing was done to the VM) and the VM released;</li>
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
    private final VmRepository vms;
    private final BackupExecutor executor;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Duration period;
    private final Supplier<List<OrphanRepair>> repairs;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService sweeper;
    private volatile ExecutorService followers;

    public BackupRecovery(JdbcTemplate jdbc, BackupRepository backups, VmRepository vms, BackupExecutor executor,
            TransactionOperations tx, Clock clock, Duration period, Supplier<List<OrphanRepair>> repairs) {
        this.jdbc = jdbc;
        this.backups = backups;
        this.vms = vms;
        this.executor = executor;
        this.tx = tx;
        this.clock = clock;
        this.period = period;
        this.repairs = repairs;
    }

    /** One pass; returns how many backups it failed or resumed. */
    public int sweep() {
        List<Long> orphans = jdbc.queryForList("SELECT b.id FROM backup b JOIN async_job j ON j.instance_uuid = b.uuid"
                + " AND j.instance_type = 'Backup' WHERE b.status IN (?, ?) AND j.status <> 0 ORDER BY b.id", Long.class,
                BackupStatus.QUEUED.apiName(), BackupStatus.BACKING_UP.apiName());
        int handled = 0;
        for (long id : orphans) {
            BackupRecord b = backups.byId(id);
            try {
                if (b.status() == BackupStatus.QUEUED) {
                    failQueued(b);
                    handled++;
                } else if (b.status() == BackupStatus.BACKING_UP && following.add(id)) {
                    LOG.warn("Backup {} was left BackingUp by a management server that stopped; following its agent "
                            + "job again", b.uuid());
                    followers.execute(() -> follow(b));
                    handled++;
                }
            } catch (RuntimeException e) {
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

    private void failQueued(BackupRecord b) {
        tx.executeWithoutResult(s -> {
            backups.transition(b.id(), BackupStatus.QUEUED, BackupEvent.FAILED_DISKS_CONSISTENT, "The management "
                    + "server that queued this backup stopped before it started; nothing was done to the VM. Request "
                    + "the backup again", clock.instant());
            vms.releaseBusy(b.vmId(), BackupRequestService.BUSY_BACKUP);
        });
        LOG.warn("Queued backup {} was orphaned by a stopped management server and is Failed", b.uuid());
    }

    private void follow(BackupRecord b) {
        try {
            BackupStatus end = executor.execute(b.id(), percent -> { });
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
