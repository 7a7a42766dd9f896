package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.OrphanRepair;
import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.ChainBusyException;
import io.kboss.plugin.backup.kboss.domain.retention.ChainPruner;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.server.api.ApiException;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes deletions that stopped half way, so that no backup stays Removed for ever. A deletion
 * leaves backups Removed (hidden, their files possibly still serving the chain) when an agent step
 * fails (agent down, store unmounted, a file missing) or its management server dies; before this
 * sweep only the next delete in the same chain or the schedule's next retention pass finished them,
 * and a manual chain might never see either.
 *
 * <p>Every {@code backup.removed.sweep.interval} seconds (global; read on each recovery pass, so a
 * change applies at once) each server looks for backups Removed longer than that interval ago and
 * prunes their chain again through {@link BackupDeleter#requestPrune}: under the VM's row lock, with
 * the VM taken for DELETE, exactly the Removed links planned by {@link ChainPruner} (nothing new is
 * deleted). Steps an earlier deletion already ran on the agent are taken from its journal
 * ({@link DeleteSteps}). Safe when several servers run it: the VM is taken by one of them, the others
 * find it busy and leave it to their next pass; a VM busy with any other operation is also left for
 * the next pass. The age condition keeps the sweep off the one kind of deletion that does not hold its
 * VM: a forced drop of a request that never ran, which has no files and ends within moments.
 */
public class RemovedBackupSweep implements OrphanRepair {
    private static final Logger LOG = LoggerFactory.getLogger(RemovedBackupSweep.class);

    private final DeleteRepository deletes;
    private final RestoreRepository repository;
    private final BackupDeleter deleter;
    private final Settings settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastPass;

    public RemovedBackupSweep(DeleteRepository deletes, RestoreRepository repository, BackupDeleter deleter,
            Settings settings, Clock clock) {
        this.deletes = deletes;
        this.repository = repository;
        this.deleter = deleter;
        this.settings = settings;
        this.clock = clock;
    }

    /** The Removed backups of one chain (or one backup in no chain) of one VM. */
    private record Leftover(long vmId, Long chainId, long anyBackupId) {
    }

    @Override
    public int repair(Executor followers) {
        Instant now = clock.instant();
        Duration interval = Duration.ofSeconds(settings.value(KbossSettings.REMOVED_SWEEP_INTERVAL,
                ScopeChain.GLOBAL_ONLY));
        if (lastPass == null) {
            lastPass = now; // the first pass comes one interval after start-up: recovery runs first
            return 0;
        }
        if (now.isBefore(lastPass.plus(interval)) || !running.compareAndSet(false, true)) {
            return 0;
        }
        lastPass = now;
        List<Leftover> leftovers;
        try {
            Map<String, Leftover> byChain = new LinkedHashMap<>();
            for (DeleteRepository.RemovedLeftover r : deletes.removedLeftovers(now.minus(interval))) {
                String key = r.chainId() == null ? "backup-" + r.backupId() : "chain-" + r.chainId();
                byChain.putIfAbsent(key, new Leftover(r.vmId(), r.chainId(), r.backupId()));
            }
            leftovers = List.copyOf(byChain.values());
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        if (leftovers.isEmpty()) {
            running.set(false);
            return 0;
        }
        LOG.info("Finishing the deletion of Removed backups in {} chain(s)", leftovers.size());
        followers.execute(() -> {
            try {
                leftovers.forEach(this::finishLogged);
            } finally {
                running.set(false);
            }
        });
        return leftovers.size();
    }

    private void finishLogged(Leftover l) {
        try {
            finish(l);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Finishing the Removed backups of VM {} (chain {}) failed; the next sweep tries again", l.vmId(),
                    l.chainId(), e);
        }
    }

    /** Prunes the Removed links of one chain now; what it could not do is logged and left for the next pass. */
    void finish(Leftover l) throws InterruptedException {
        Optional<BackupDeleter.Deletion> d;
        try {
            d = deleter.requestPrune(l.vmId(), () -> plan(l));
        } catch (BackupDeleter.VmBusyException e) {
            LOG.info("Removed backups of VM {} wait for the next sweep: {}", l.vmId(), e.getMessage());
            return;
        }
        if (d.isEmpty()) {
            return;
        }
        try {
            List<DeletionOutcome> outcomes = deleter.run(d.get());
            LOG.info("Finished the deletion of Removed backups of VM {}: {}", l.vmId(), outcomes);
        } catch (ApiException e) {
            LOG.warn("Removed backups of VM {} are still not finished: {}; the next sweep, in "
                    + "backup.removed.sweep.interval, tries again", l.vmId(), e.getMessage());
        }
    }

    /** Called under the VM's row lock: the chain's Removed links as they are now, or empty when none are. */
    private Optional<BackupDeleter.ChainPrune> plan(Leftover l) {
        StoredBackup any = repository.byId(l.anyBackupId());
        if (any.status() != BackupStatus.REMOVED) {
            return Optional.empty(); // another deletion finished it meanwhile; the next pass sees the rest
        }
        BackupChain chain;
        if (l.chainId() == null) {
            chain = new BackupChain(any.chainKey(), List.of(new ChainLink(any.id(), BackupStatus.REMOVED, null,
                    Instant.EPOCH)), DiskSet.of(), Optional.empty());
        } else {
            chain = deletes.chain(l.chainId(), any.chainKey());
        }
        PrunePlan plan;
        try {
            plan = ChainPruner.prune(chain, Set.of()); // only what is Removed already
        } catch (ChainBusyException e) {
            LOG.info("Removed backups of VM {} wait for the next sweep: {}", l.vmId(), e.getMessage());
            return Optional.empty();
        }
        if (plan.outcomes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BackupDeleter.ChainPrune(chain.links(), plan));
    }
}
