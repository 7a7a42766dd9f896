package io.kboss.server.operation.engine;

import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.jobs.AsyncJob;
import io.kboss.server.jobs.AsyncJobRepository;
import io.kboss.server.jobs.JobResults;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationSearch;
import io.kboss.server.operation.OperationState;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The queue on the {@code operation} table. Queueing is an INSERT in the caller's transaction; the
 * one-operation-per-VM rule is the table's unique key on the VM of live VM-exclusive rows, so a second
 * operation for a busy VM fails as a duplicate key, which is answered here as a 431 naming the VM and
 * what holds it.
 */
public class JdbcOperationQueue implements OperationQueue {
    private final OperationRows rows;
    private final OperationKinds kinds;
    private final AsyncJobRepository jobs;
    private final JdbcTemplate jdbc;
    private final DispatchSignal signal;
    private final Clock clock;
    private final OperationEvents events;

    public JdbcOperationQueue(OperationRows rows, OperationKinds kinds, AsyncJobRepository jobs, JdbcTemplate jdbc,
            DispatchSignal signal, Clock clock, OperationEvents events) {
        this.events = events;
        this.rows = rows;
        this.kinds = kinds;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.signal = signal;
        this.clock = clock;
    }

    @Override
    public Operation enqueue(NewOperation n) throws ApiException {
        if (kinds.kind(n.kind().name()).isEmpty()) {
            throw new IllegalStateException("no handler runs " + n.kind().name() + " operations on this server; "
                    + "declare an OperationHandler bean for the kind");
        }
        if (n.kind().exclusivity() == Exclusivity.VM && n.vmId() == null) {
            throw new IllegalArgumentException("a " + n.kind().noun() + " operation holds its VM: give the VM");
        }
        if (n.kind().exclusivity() == Exclusivity.BACKUP && n.backupId() == null) {
            throw new IllegalArgumentException("a " + n.kind().noun() + " operation holds its backup: give it");
        }
        String uuid = n.uuid() == null ? UUID.randomUUID().toString() : n.uuid();
        Instant now = clock.instant();
        try {
            rows.insert(uuid, n, now);
        } catch (DuplicateKeyException e) {
            throw busy(n, e);
        }
        wakeAfterCommit();
        Operation op = rows.byUuid(uuid).orElseThrow().operation();
        events.queued(op);
        return op;
    }

    private ApiException busy(NewOperation n, DuplicateKeyException e) {
        Optional<OperationRows.Row> holder = n.kind().exclusivity() == Exclusivity.VM
                ? rows.liveOnVm(n.vmId())
                : rows.liveOnBackup(n.backupId());
        if (holder.isEmpty()) {
            throw e; // not the exclusivity key: a bug worth its stack trace
        }
        String subject = n.kind().exclusivity() == Exclusivity.VM ? "VM " + vmName(n.vmId()) : "the backup";
        return new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot start a "
                + n.kind().noun() + " now: " + subject + " is busy, " + describeHolder(holder.get().operation())
                + "; only one backup, restore or delete runs per VM at a time, retry when it has finished");
    }

    @Override
    public String noun(Operation operation) {
        return kinds.kind(operation.kind()).map(OperationKind::noun).orElse(operation.kind().toLowerCase());
    }

    @Override
    public String describeHolder(Operation holder) {
        return "a " + noun(holder) + " of it is in progress (" + (holder.state() == OperationState.RUNNING
                ? "running"
                : "queued, waiting for a slot") + ")";
    }

    private String vmName(long vmId) {
        return jdbc.queryForList("SELECT CONCAT(name, ' (', uuid, ')') FROM vm_instance WHERE id = ?", String.class,
                vmId).stream().findFirst().orElse("(removed)");
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.raise();
                }
            });
        } else {
            signal.raise();
        }
    }

    @Override
    public Optional<Operation> find(String uuid) {
        return rows.byUuid(uuid).map(OperationRows.Row::operation);
    }

    @Override
    public Optional<Operation> liveOnVm(long vmId) {
        return rows.liveOnVm(vmId).map(OperationRows.Row::operation);
    }

    @Override
    public Map<Long, Operation> liveOnBackups(Collection<Long> backupIds, Collection<OperationKind> kinds) {
        Map<Long, Operation> out = new HashMap<>();
        for (Operation o : rows.liveOnBackups(backupIds, kinds.stream().map(OperationKind::name).toList())) {
            out.putIfAbsent(o.backupId(), o);
        }
        return out;
    }

    @Override
    public Map<Long, WorkTimes> succeededOnBackups(Collection<Long> backupIds, OperationKind kind) {
        return rows.succeededOnBackups(backupIds, kind.name());
    }

    @Override
    public OperationPage search(OperationSearch search) {
        return rows.search(search);
    }

    @Override
    public List<Operation> liveOnHost(long hostId) {
        return rows.liveOnHost(hostId);
    }

    @Override
    public Optional<Operation> ofJob(String asyncJobUuid) {
        return rows.byJob(asyncJobUuid).map(OperationRows.Row::operation);
    }

    @Override
    public CancelOutcome cancel(Operation operation, String by) throws ApiException {
        OperationHandler handler = kinds.handler(operation.kind()).orElse(null);
        String what = "The " + noun(operation) + " " + operation.uuid();
        if (handler == null || !handler.cancellable()) {
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.INVALID_PARAMETER_VALUE, what + " cannot be "
                    + "cancelled: only backups, restores, volume restores, new VMs from backups, compression and "
                    + "validation jobs can; a " + noun(operation) + " must not stop half way");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            OperationRows.Row now = rows.byId(operation.id()).orElseThrow();
            Operation op = now.operation();
            if (op.state() == OperationState.QUEUED) {
                if (!rows.lockQueued(op.id(), now.version())) {
                    continue; // claimed meanwhile: it runs now
                }
                dropQueued(op, handler.cancelQueued(op, "was cancelled by " + by + " before it started"));
                return CancelOutcome.DROPPED;
            }
            if (op.state() == OperationState.RUNNING) {
                if (rows.requestCancel(op.id(), by, clock.instant())) {
                    return CancelOutcome.REQUESTED;
                }
                if (rows.cancelRequestedBy(op.id()).isPresent()) {
                    return CancelOutcome.ALREADY_REQUESTED;
                }
                continue; // it ended (or was handed back and queued again) meanwhile
            }
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.INVALID_PARAMETER_VALUE, what + " has already "
                    + "ended (" + op.state() + "); there is nothing to cancel");
        }
        throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, what + " changed state "
                + "while it was being cancelled; ask again");
    }

    /** Ends a locked queued row CANCELLED with its kind's ending; its jobs fail with the ending's text. */
    private void dropQueued(Operation op, Ending ending) {
        Instant at = clock.instant();
        ApiException why;
        try {
            ending.work().end();
            why = ApiException.internal("The " + noun(op) + " " + op.uuid() + " was cancelled before it started",
                    null);
        } catch (ApiException e) {
            why = e;
        }
        String result = JobResults.failure(why);
        rows.end(op.id(), OperationState.CANCELLED, why.getMessage(), result, at);
        jobs.finishForOperation(op.id(), AsyncJob.FAILED, why.errorCode().httpStatus(), result, at);
        events.ended(op, OperationState.CANCELLED, why.getMessage());
        wakeAfterCommit(); // its VM is free: what waited behind it may be claimed
    }

    @Override
    public boolean cancelQueued(Operation operation, String why) {
        OperationRows.Row now = rows.byId(operation.id()).orElseThrow();
        if (now.operation().state() != OperationState.QUEUED || !rows.lockQueued(operation.id(), now.version())) {
            return false;
        }
        Instant at = clock.instant();
        String result = JobResults.failure(ApiException.internal(why, null));
        rows.end(operation.id(), OperationState.CANCELLED, why, result, at);
        jobs.finishForOperation(operation.id(), AsyncJob.FAILED, ApiErrorCode.INTERNAL_ERROR.httpStatus(), result, at);
        events.ended(now.operation(), OperationState.CANCELLED, why);
        return true;
    }
}
