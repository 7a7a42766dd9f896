package io.kboss.plugin.backup.kboss.delete;

import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.backup.Transactions;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.Housekeeping;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Finishes deletions that stopped half way, so that no backup stays Removed for ever. A deletion
 * leaves backups Removed (hidden, their files possibly still serving the chain) when an agent step
 * fails (agent down, store unmounted, a file missing); before this sweep only the next delete in the
 * same chain or the schedule's next retention pass finished them, and a manual chain might never see
 * either.
 *
 * <p>Every {@code backup.removed.sweep.interval} seconds (global; read on each check, every
 * {@link #CHECK} of the queue's housekeeping, so a change applies at once) each server looks for backups Removed longer than that
 * interval ago and queues, per chain, a DELETE operation of origin SWEEP that prunes the chain of its
 * Removed backups ({@link DeleteOperation}); steps an earlier deletion already ran on the agent are taken
 * from its journal ({@link DeleteSteps}). A VM busy with another operation (its sweep's delete cannot
 * be queued, one operation per VM) is left for the next pass; so is a chain whose delete fails again.
 * Safe when several servers sweep at once: the VM's one live operation is one of theirs.
 */
public class RemovedBackupSweep implements Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(RemovedBackupSweep.class);
    /** How often the interval is checked. */
    static final Duration CHECK = Duration.ofSeconds(30);

    private final DeleteRepository deletes;
    private final BackupRepository backups;
    private final VmInventory vms;
    private final OperationQueue queue;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private volatile Instant lastPass;
    private volatile Instant lastCheck = Instant.MIN;

    public RemovedBackupSweep(DeleteRepository deletes, BackupRepository backups, VmInventory vms, OperationQueue queue,
            Settings settings,
            TransactionOperations tx, Clock clock) {
        this.deletes = deletes;
        this.backups = backups;
        this.vms = vms;
        this.queue = queue;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** The Removed backups of one chain (or one backup in no chain) of one VM. */
    private record Leftover(long vmId, Long chainId, long anyBackupId) {
    }

    /** The queue's housekeeping: a check every {@link #CHECK}. */
    @Override
    public void housekeep(Instant now) {
        if (!now.isBefore(lastCheck.plus(CHECK))) {
            lastCheck = now;
            check();
        }
    }

    /**
     * Queues the sweep's deletes when the interval has passed since the last pass (the first pass comes one
     * interval after start-up).
     *
     * @return how many it queued
     */
    public int check() {
        Instant now = clock.instant();
        Duration interval = Duration.ofSeconds(settings.value(KbossSettings.REMOVED_SWEEP_INTERVAL,
                ScopeChain.GLOBAL_ONLY));
        if (lastPass == null) {
            lastPass = now;
            return 0;
        }
        if (now.isBefore(lastPass.plus(interval))) {
            return 0;
        }
        lastPass = now;
        return sweep(now.minus(interval));
    }

    /** Queues a delete for every chain with backups Removed before {@code before}; returns how many. */
    public int sweep(Instant before) {
        Map<String, Leftover> byChain = new LinkedHashMap<>();
        for (DeleteRepository.RemovedLeftover r : deletes.removedLeftovers(before)) {
            String key = r.chainId() == null ? "backup-" + r.backupId() : "chain-" + r.chainId();
            byChain.putIfAbsent(key, new Leftover(r.vmId(), r.chainId(), r.backupId()));
        }
        int queued = 0;
        for (Leftover l : List.copyOf(byChain.values())) {
            try {
                queued += queue(l) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.error("Could not queue the deletion of the Removed backups of a VM's chain; the next sweep tries "
                        + "again", e);
            }
        }
        if (queued > 0) {
            LOG.info("Finishing the deletion of Removed backups in {} chain(s)", queued);
        }
        return queued;
    }

    private boolean queue(Leftover l) {
        Payload p = Payload.EMPTY.with(DeleteOperation.BACKUP, l.anyBackupId());
        Payload payload = l.chainId() == null ? p : p.with(DeleteOperation.CHAIN, l.chainId());
        try {
            return Transactions.run(tx, () -> {
                VmRef vm = vms.lock(l.vmId());
                Long host = backups.byId(l.anyBackupId()).hostId();
                queue.enqueue(NewOperation.of(BackupOperations.DELETE, Origin.SWEEP).on(vm.id(),
                        host != null ? host : vm.hostId(), vm.zoneId()).payload(payload));
                return true;
            });
        } catch (ApiException e) {
            LOG.info("Removed backups of VM {} wait for the next sweep: {}", l.vmId(), e.getMessage());
            return false;
        }
    }
}
