package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.ChainPruner;
import io.kboss.plugin.backup.kboss.domain.retention.DeleteRefusedException;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a DELETE operation: prunes chains of their Removed backups, merging each run of them into the
 * next surviving backup ({@link ChainPruner}, then {@link DeleteSteps} on the agent). Which backups,
 * by the operation's origin:
 * <ul>
 * <li>deleteBackup ({@code API}, and deletes V8 carried over): the chains of the backups it marked
 * Removed when it was accepted, with any older Removed backups in them;</li>
 * <li>retention ({@code RETENTION}): the schedule's backups past maxbackups, planned and marked Removed
 * here, one chain at a time under the VM's row lock ({@link Retention});</li>
 * <li>the sweep of Removed backups ({@code SWEEP}): one chain (or one backup in no chain) whose Removed
 * backups a stopped deletion left.</li>
 * </ul>
 * A step that fails stops the operation: its backups stay Removed (hidden) and pruning the chain again
 * (the sweep, the next delete in it, retention) finishes them. An adopted delete re-plans from the rows
 * and takes steps the agent already ran from its journal. The VM is released when the operation ends.
 */
public class DeleteOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteOperation.class);
    /** The payload field of a sweep's delete: the chain to prune, or the backup in no chain. */
    static final String CHAIN = "chainId";
    static final String BACKUP = "backupId";

    private final BackupRepository backups;
    private final DeleteRepository deletes;
    private final DeleteSteps steps;
    private final Retention retention;
    private final TransactionOperations tx;

    public DeleteOperation(BackupRepository backups, DeleteRepository deletes, DeleteSteps steps,
            Retention retention, TransactionOperations tx) {
        this.backups = backups;
        this.deletes = deletes;
        this.steps = steps;
        this.retention = retention;
        this.tx = tx;
    }

    @Override
    public OperationKind kind() {
        return BackupOperations.DELETE;
    }

    /** One chain's Removed backups, or one backup in no chain. */
    private record Target(Long chainId, long anyBackupId) {
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        DeleteSteps.Deletion d = new DeleteSteps.Deletion(op.uuid(), op.hostId(), ctx);
        List<DeletionOutcome> outcomes = new ArrayList<>();
        try {
            if (Origin.RETENTION.equals(op.origin())) {
                outcomes.addAll(retention.run(op, d, steps));
            } else {
                for (Target t : targets(op)) {
                    outcomes.addAll(prune(d, t));
                }
            }
        } catch (DeleteSteps.StepFailed | DeleteRefusedException e) {
            return failed(op, e.getMessage());
        }
        List<DeletionOutcome> reported = relabelForced(op, outcomes);
        return Ending.with(() -> new SuccessResponse(true, reported.stream()
                .map(o -> o.describe(steps::uuidOf)).collect(Collectors.joining("; "))));
    }

    private List<Target> targets(Operation op) {
        if (Origin.SWEEP.equals(op.origin())) {
            return List.of(op.payload().string(CHAIN).isPresent()
                    ? new Target(op.payload().requireLong(CHAIN), op.payload().requireLong(BACKUP))
                    : new Target(null, op.payload().requireLong(BACKUP)));
        }
        Map<String, Target> byChain = new LinkedHashMap<>();
        for (DeleteRepository.Removed r : deletes.removedBy(op.uuid())) {
            String key = r.chainId() == null ? "backup-" + r.backupId() : "chain-" + r.chainId();
            byChain.putIfAbsent(key, new Target(r.chainId(), r.backupId()));
        }
        return List.copyOf(byChain.values());
    }

    /** Prunes the Removed backups of one chain as it is now; the plan is made again from the rows. */
    private List<DeletionOutcome> prune(DeleteSteps.Deletion d, Target t) throws InterruptedException,
            DeleteSteps.StepFailed {
        BackupRecord any = backups.byId(t.anyBackupId());
        BackupChain chain = t.chainId() == null
                ? new BackupChain(any.chainKey(), List.of(new ChainLink(any.id(), any.status(), null, Instant.EPOCH)),
                        DiskSet.of(), Optional.empty())
                : deletes.chain(t.chainId(), any.chainKey());
        if (chain.links().stream().noneMatch(l -> l.status() == BackupStatus.REMOVED)) {
            return List.of(); // another deletion finished it meanwhile
        }
        PrunePlan plan = ChainPruner.prune(chain, Set.of());
        try {
            steps.run(d, chain.links(), plan);
        } finally {
            if (t.chainId() != null) {
                tx.executeWithoutResult(s -> deletes.renumber(t.chainId()));
            }
        }
        return plan.outcomes();
    }

    /** deleteBackup with forced reports the backups taken on top of the deleted one as deleted with it. */
    private List<DeletionOutcome> relabelForced(Operation op, List<DeletionOutcome> outcomes) {
        if (!op.payload().bool(BackupDeleter.FORCED) || op.backupId() == null) {
            return outcomes;
        }
        List<DeletionOutcome> out = new ArrayList<>();
        for (DeletionOutcome o : outcomes) {
            out.add(o.backupId() == op.backupId() ? o : DeletionOutcome.withForcedAncestor(o.backupId()));
        }
        return out;
    }

    private Ending failed(Operation op, String why) {
        String what = op.backupId() == null
                ? Origin.RETENTION.equals(op.origin()) ? "Retention" : "Finishing the deletion of Removed backups"
                : "Deleting backup " + backups.byId(op.backupId()).uuid();
        return Ending.with(() -> {
            LOG.warn("{} stopped: {}", what, why);
            throw ApiException.internal(what + " stopped: " + why + ". The deleted backups stay Removed (hidden); the "
                    + "sweep of Removed backups (every backup.removed.sweep.interval seconds) or the next deleteBackup "
                    + "in the same chain finishes them once the cause is fixed", null);
        });
    }

    @Override
    public Ending expire(Operation op, String why) {
        return failed(op, "it " + why);
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        return failed(op, "it failed on the management server: " + failure);
    }
}
