package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.backup.domain.BackupPaths;
import io.kboss.plugin.backup.kboss.backup.domain.BackupType;
import io.kboss.plugin.backup.kboss.domain.admission.Admission;
import io.kboss.plugin.backup.kboss.domain.admission.AdmissionDecision;
import io.kboss.plugin.backup.kboss.domain.admission.ConcurrencyLimits;
import io.kboss.plugin.backup.kboss.domain.admission.OperationKind;
import io.kboss.plugin.backup.kboss.domain.admission.OperationRequest;
import io.kboss.plugin.backup.kboss.domain.admission.RunningOperation;
import io.kboss.plugin.backup.kboss.domain.admission.Waiting;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDecision;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.ChainPolicy;
import io.kboss.plugin.backup.kboss.domain.chain.ChainSize;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Starts a queued backup, restore or deletion when the limits allow it. One transaction holds the admission lock (V4),
 * reads every queued and running operation, lets {@link Admission} decide under
 * {@code backup.max.concurrent.operations} and {@code .per.host}, and, if the asking backup is
 * admitted, decides its chain ({@link ChainPolicy}, at start and not at request, as the policy
 * asks) and moves it to BackingUp. Two servers admitting at once are serialized by the lock, so a
 * limit is never exceeded. Queued restores (V6 {@code backup_restore}) and deletions (V7
 * {@code backup_delete}) stand in the same queue and count as running once admitted; a queued request
 * of a Down host waits without holding a slot.
 *
 * <p>A backup is claimed only by its own job: the decision covers the whole queue for fairness,
 * but a request admitted for another job is left queued for that job to claim, so no slot is held
 * by a backup whose job is not running yet (a job pool smaller than the queue would otherwise wait
 * on itself).
 */
public class BackupAdmitter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupAdmitter.class);

    private final BackupRepository backups;
    private final RestoreQueue restores;
    private final DeleteQueue deletes;
    private final VmRepository vms;
    private final ChainRepository chains;
    private final OfferingChainSizes chainSizes;
    private final Settings settings;
    private final JdbcTemplate jdbc;
    private final TransactionOperations tx;
    private final Clock clock;
    private final AdmissionRecord record = new AdmissionRecord();

    public BackupAdmitter(BackupRepository backups, RestoreQueue restores, DeleteQueue deletes, VmRepository vms,
            ChainRepository chains, OfferingChainSizes chainSizes, Settings settings, JdbcTemplate jdbc,
            TransactionOperations tx, Clock clock) {
        this.backups = backups;
        this.restores = restores;
        this.deletes = deletes;
        this.vms = vms;
        this.chains = chains;
        this.chainSizes = chainSizes;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** What one admission attempt found: admitted now, or why it still waits. */
    public record Attempt(boolean admitted, String waitReason) {
        static final Attempt ADMITTED = new Attempt(true, null);
        static final Attempt GONE = new Attempt(false, "the request is no longer queued");
    }

    /** @return admitted when the backup is now BackingUp (admitted by this call) */
    public Attempt tryAdmit(long backupId) {
        Attempt attempt = tx.execute(status -> {
            backups.lockAdmission();
            BackupRecord b = backups.byId(backupId);
            if (b.status() != BackupStatus.QUEUED) {
                return Attempt.GONE;
            }
            Attempt now = decide(OperationKind.BACKUP, backupId);
            if (!now.admitted()) {
                return now;
            }
            Object savepoint = status.createSavepoint();
            try {
                plan(b);
                return Attempt.ADMITTED;
            } catch (RuntimeException e) {
                // A backup that cannot be planned (disks gone, chain inconsistent) fails alone; the
                // queue behind it goes on.
                status.rollbackToSavepoint(savepoint);
                LOG.warn("Backup {} could not be started and is Failed", b.uuid(), e);
                backups.transition(b.id(), BackupStatus.QUEUED, BackupEvent.FAILED_DISKS_CONSISTENT,
                        "The backup could not be started: " + e.getMessage(), clock.instant());
                vms.releaseBusy(b.vmId(), BackupRequestService.BUSY_BACKUP);
                return Attempt.GONE;
            }
        });
        return attempt == null ? Attempt.GONE : attempt;
    }

    /**
     * Admits a queued restore under the same lock and limits as backups: once admitted the restore
     * row is Running and its backup Restoring, which counts as a running operation on its host.
     */
    public Attempt tryAdmitRestore(long restoreId) {
        Attempt attempt = tx.execute(status -> {
            backups.lockAdmission();
            RestoreQueue.Entry r = restores.byId(restoreId).orElse(null);
            if (r == null || r.running()) {
                return Attempt.GONE;
            }
            BackupRecord b = backups.byId(r.backupId());
            if (b.status() != BackupStatus.BACKED_UP) {
                // The VM lock keeps deletes away from a queued restore's backup; should the backup
                // have moved anyway, the restore ends here rather than wait for nothing.
                restores.deleteQueued(restoreId);
                vms.releaseBusy(r.vmId(), RestoreQueue.BUSY_RESTORE);
                return new Attempt(false, "backup " + b.uuid() + " is " + b.status() + ", no longer BackedUp");
            }
            Attempt now = decide(OperationKind.RESTORE, restoreId);
            if (!now.admitted()) {
                return now;
            }
            Instant at = clock.instant();
            restores.markRunning(restoreId, at);
            backups.transition(r.backupId(), BackupStatus.BACKED_UP, BackupEvent.RESTORE_STARTED, null, at);
            return Attempt.ADMITTED;
        });
        return attempt == null ? Attempt.GONE : attempt;
    }

    /**
     * Admits a queued deletion under the same lock and limits: once admitted its row is Running, and
     * its merges count as a running operation on its host until the deletion ends.
     */
    public Attempt tryAdmitDelete(long deleteId) {
        Attempt attempt = tx.execute(status -> {
            backups.lockAdmission();
            DeleteQueue.Entry d = deletes.byId(deleteId).orElse(null);
            if (d == null || d.running()) {
                return Attempt.GONE;
            }
            Attempt now = decide(OperationKind.DELETE, deleteId);
            if (!now.admitted()) {
                return now;
            }
            deletes.markRunning(deleteId, clock.instant());
            return Attempt.ADMITTED;
        });
        return attempt == null ? Attempt.GONE : attempt;
    }

    /** What this server's admissions left running at most (a check, read by tests and logs). */
    public AdmissionRecord record() {
        return record;
    }

    private Attempt decide(OperationKind kind, long requestId) {
        List<OperationRequest> queued = new ArrayList<>(backups.queued());
        queued.addAll(restores.queued());
        queued.addAll(deletes.queued());
        List<RunningOperation> runningNow = new ArrayList<>(backups.running());
        runningNow.addAll(deletes.running());
        List<RunningOperation> running = new ArrayList<>(runningNow);
        int cloudWide = settings.value(BackupFrameworkSettings.MAX_CONCURRENT, ScopeChain.GLOBAL_ONLY);
        Set<Long> down = new HashSet<>(jdbc.queryForList("SELECT id FROM host WHERE status = 'Down'", Long.class));
        // The per-host limit may differ by cluster: decide host group by host group, each seeing what
        // earlier groups admitted as running, so the cloud-wide limit holds across groups.
        Map<Integer, List<OperationRequest>> byHostLimit = new LinkedHashMap<>();
        for (OperationRequest q : queued) {
            byHostLimit.computeIfAbsent(perHostLimit(q.hostId()), k -> new ArrayList<>()).add(q);
        }
        String why = "it is not admitted yet";
        for (Map.Entry<Integer, List<OperationRequest>> group : byHostLimit.entrySet()) {
            AdmissionDecision d = Admission.decide(group.getValue(), running,
                    new ConcurrencyLimits(cloudWide, group.getKey()), down);
            for (OperationRequest a : d.admitted()) {
                if (a.kind() == kind && a.requestId() == requestId) {
                    // Only this request starts now; the others admitted in the decision stay queued
                    // for their own jobs, so what runs next is what ran plus this one.
                    record.admitted(runningNow, a);
                    return Attempt.ADMITTED;
                }
                running.add(RunningOperation.of(a));
            }
            for (Waiting w : d.waiting()) {
                if (w.request().kind() == kind && w.request().requestId() == requestId) {
                    why = w.explanation();
                }
            }
        }
        return new Attempt(false, why);
    }

    private int perHostLimit(long hostId) {
        List<Long[]> host = jdbc.query("SELECT cluster_id, zone_id FROM host WHERE id = ?", (rs, i) -> {
            long cluster = rs.getLong(1);
            return new Long[]{rs.wasNull() ? null : cluster, rs.getLong(2)};
        }, hostId);
        ScopeChain scope = host.isEmpty()
                ? ScopeChain.GLOBAL_ONLY
                : host.get(0)[0] == null
                        ? ScopeChain.zone(host.get(0)[1])
                        : ScopeChain.cluster(host.get(0)[0], host.get(0)[1]);
        return settings.value(BackupFrameworkSettings.MAX_CONCURRENT_PER_HOST, scope);
    }

    /** Decides full or incremental, writes the chain and the files' paths, and starts the backup. */
    private void plan(BackupRecord b) {
        Instant now = clock.instant();
        VmRecord vm = vms.byIdForUpdate(b.vmId());
        List<VolumeRecord> volumes = vms.liveVolumes(vm.id());
        if (volumes.isEmpty()) {
            throw new IllegalStateException("VM " + vm.name() + " has no disks any more");
        }
        DiskSet disks = ChainRepository.diskSetOf(volumes);
        Map<ChainKey, ChainRepository.StoredChain> stored = chains.latest(vm.id());
        ChainKey key = b.chainKey();
        ChainSize size = chainSizes.effective(b, vm.zoneId());
        ChainDecision decision = ChainPolicy.decide(ChainRepository.asDomain(stored), key, b.isolated(), disks, size);
        // Checks that the decision fits the chains it was made on; it always does under the VM lock.
        ChainRepository.asDomain(stored).record(key, decision, new ChainLink(b.id(), BackupStatus.BACKING_UP,
                b.isolated() ? null : b.uuid(), now), disks);
        backups.transition(b.id(), BackupStatus.QUEUED, BackupEvent.STARTED, null, now);
        if (decision instanceof ChainDecision.Full full) {
            Long chainId = full.startsChain() ? chains.start(vm.id(), key, disks, full.reason().name(), now) : null;
            backups.recordPlan(b.id(), BackupType.FULL, chainId, null, chainId == null ? null : 0,
                    full.reason().explanation());
            for (VolumeRecord v : volumes) {
                backups.insertVolume(b.id(), v, BackupPaths.volumeFile(vm.accountId(), v.id(), b.uuid()), null);
            }
        } else {
            ChainDecision.Incremental inc = (ChainDecision.Incremental) decision;
            long chainId = stored.get(key).id();
            chains.grow(chainId);
            backups.recordPlan(b.id(), BackupType.INCREMENTAL, chainId, inc.parentBackupId(), inc.position() - 1, null);
            for (VolumeRecord v : volumes) {
                String parentPath = backups.volumePath(inc.parentBackupId(), v.id())
                        .orElseThrow(() -> new IllegalStateException(
                                "parent backup " + inc.parentBackupId() + " has no file for volume "
                                        + v.uuid()));
                backups.insertVolume(b.id(), v, BackupPaths.volumeFile(vm.accountId(), v.id(), b.uuid()), parentPath);
            }
        }
    }
}
