package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.DeletePlan;
import io.kboss.plugin.backup.kboss.domain.retention.DeletePlanner;
import io.kboss.plugin.backup.kboss.domain.retention.DeleteRefusedException;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PlanStep;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts deleteBackup: plans it with {@link DeletePlanner} under the VM's row lock (refusals answer
 * at once, naming the backups by uuid), marks the doomed backups Removed (hidden at once, nothing new
 * builds on them) and queues a DELETE operation for their files, in one transaction; the operation's
 * uuid is the deletion's request id, which each agent step's id derives from
 * ({@link DeleteSteps}). A request that never ran (Allocated or Queued, forced only) has no files:
 * its queued BACKUP operation is cancelled and it is Expunged at once, with no DELETE operation.
 */
public class BackupDeleter {
    /** The payload field of a deleteBackup: the caller asked for forced. */
    static final String FORCED = "forced";

    private final BackupRepository backups;
    private final BackupAccess access;
    private final DeleteRepository deletes;
    private final VmInventory vms;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> requestIds;

    public BackupDeleter(BackupRepository backups, BackupAccess access, DeleteRepository deletes, Ports ports,
            Supplier<String> requestIds) {
        this.backups = backups;
        this.access = access;
        this.deletes = deletes;
        this.vms = ports.vms();
        this.queue = ports.queue();
        this.tx = ports.tx();
        this.clock = ports.clock();
        this.requestIds = requestIds;
    }

    /**
     * An accepted deletion.
     *
     * @param operation its queued DELETE operation; null when it was done at once (a request that never ran)
     * @param doneNow   what became of each backup, when done at once
     */
    public record Accepted(BackupRecord backup, Operation operation, List<DeletionOutcome> doneNow) {
    }

    public Accepted request(Caller caller, String backupUuid, boolean forced) throws ApiException {
        return Transactions.run(tx, () -> {
            BackupRecord seen = backups.byUuid(backupUuid).orElseThrow(() -> ApiException.invalidParameter(
                    "No backup with id " + backupUuid + " exists; list them with listBackups"));
            access.check(seen, caller);
            VmRef vm = vms.lock(seen.vmId());
            BackupRecord b = backups.byIdForUpdate(seen.id());
            DeletePlan plan;
            try {
                plan = b.chainId() == null
                        ? DeletePlanner.planStandalone(b.id(), b.status(), forced)
                        : DeletePlanner.plan(deletes.chain(b.chainId(), b.chainKey()), b.id(), forced);
            } catch (DeleteRefusedException e) {
                // Refused states and busy chains: the planner says which state and what to do.
                throw ApiException.invalidParameter(capitalized(e.describe(id -> backups.byId(id).uuid())));
            }
            Instant now = clock.instant();
            if (b.status() == BackupStatus.ALLOCATED || b.status() == BackupStatus.QUEUED) {
                return new Accepted(b, null, dropNeverRan(b, vm, plan, now));
            }
            String requestId = requestIds.get();
            markRemoved(plan.steps(), now, requestId);
            Operation op = queue.enqueue(NewOperation.of(BackupOperations.DELETE, Origin.API).uuid(requestId)
                    .on(vm.id(), b.hostId() != null ? b.hostId() : vm.hostId(), b.zoneId()).backup(b.id())
                    .payload(Payload.EMPTY.with(FORCED, forced)));
            return new Accepted(b, op, List.of());
        });
    }

    /**
     * A forced delete of a backup that never ran: its BACKUP operation is cancelled while still queued (a
     * server that already claimed it is taking the backup now: refused, retry when it has ended), and the
     * backup goes Removed then Expunged, with no files to remove.
     */
    private List<DeletionOutcome> dropNeverRan(BackupRecord b, VmRef vm, DeletePlan plan, Instant now)
            throws ApiException {
        Optional<Operation> own = queue.liveOnVm(vm.id())
                .filter(op -> op.backupId() != null && op.backupId() == b.id());
        if (own.isPresent() && (own.get().state() != OperationState.QUEUED || !queue.cancelQueued(own.get(),
                "Backup " + b.uuid() + " was deleted (forced) before it started; nothing was done to VM "
                        + vm.name()))) {
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot delete backup "
                    + b.uuid() + " now: it is starting on its host; retry when it has ended");
        }
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.MarkStatus m) {
                BackupStatus from = backups.byId(m.backupId()).status();
                backups.transition(m.backupId(), from, m.event(), null, now);
                if (m.event() == BackupEvent.REMOVED) {
                    deletes.markRemovedAt(m.backupId(), now, null);
                } else {
                    deletes.leaveChain(m.backupId());
                }
            }
        }
        return plan.outcomes();
    }

    /** Marks the plan's doomed backups Removed, remembering which deletion did (see {@link DeleteSteps}). */
    void markRemoved(List<PlanStep> steps, Instant now, String requestId) {
        for (PlanStep step : steps) {
            if (step instanceof PlanStep.MarkStatus m && m.event() == BackupEvent.REMOVED) {
                BackupStatus from = backups.byId(m.backupId()).status();
                backups.transition(m.backupId(), from, BackupEvent.REMOVED, null, now);
                deletes.markRemovedAt(m.backupId(), now, requestId);
            }
        }
    }

    /** A backup's uuid, as the API names it (also in a deletion's answer). */
    public String uuidOf(long backupId) {
        return backups.byId(backupId).uuid();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
