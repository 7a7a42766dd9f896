package io.kboss.server.operation.engine;

import io.kboss.server.api.ApiException;
import io.kboss.server.jobs.AsyncJob;
import io.kboss.server.jobs.AsyncJobRepository;
import io.kboss.server.jobs.JobResults;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.ListedOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationState;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs one operation this server owns through its kind's handler and commits its end.
 *
 * <p>The end is one transaction: the row is locked only if this server still owns it as claimed (the
 * version it claimed or adopted it at); the handler's {@link Ending.EndWork} makes the domain change;
 * the row takes its final state, error and result; the operation's async jobs get that result. If
 * another server adopted the operation meanwhile (this one stopped heartbeating for longer than the
 * lease), nothing is written here: that server follows the same agent job and ends it.
 */
public class OperationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    /** How many times an ending transaction runs before a lock conflict counts as its failure. */
    private static final int END_ATTEMPTS = 5;

    private final OperationKinds kinds;
    private final OperationRows rows;
    private final AsyncJobRepository jobs;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;

    private final OperationEvents events;

    public OperationRunner(OperationKinds kinds, OperationRows rows, AsyncJobRepository jobs, Settings settings,
            TransactionOperations tx, Clock clock, OperationEvents events) {
        this.events = events;
        this.kinds = kinds;
        this.rows = rows;
        this.jobs = jobs;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Runs (or, adopted, follows) the operation to its end; returns once the end is committed. */
    void execute(Claimed c, long serverId) {
        Operation op = c.operation();
        OperationHandler handler = kinds.handler(op.kind()).orElseThrow(() -> new IllegalStateException(
                "this server runs no " + op.kind() + " operations, yet it " + (c.adopted() ? "adopted " : "claimed ")
                        + op));
        Context context = new Context(op, handler.kind());
        Ending ending;
        try {
            ending = c.adopted() ? handler.adopt(op, context) : handler.run(op, context);
        } catch (InterruptedException e) {
            // Only a stop interrupts a worker: the operation stays RUNNING and is handed back for adoption.
            Thread.currentThread().interrupt();
            LOG.info("{} {} left to be adopted: this server is stopping", op.kind(), op.uuid());
            return;
        } catch (RuntimeException e) {
            LOG.error("{} {} failed unexpectedly; ending it as failed", op.kind(), op.uuid(), e);
            ending = handler.crashed(op, e);
        }
        end(c, serverId, handler.kind(), ending, context.cancelTookEffect);
    }

    /**
     * Commits the ending; false when another server owns the operation now. {@code cancelled}: the handler's
     * work was stopped by a cancel (a failure then ends CANCELLED, else FAILED).
     */
    boolean end(Claimed c, long serverId, OperationKind kind, Ending ending, boolean cancelled) {
        Operation op = c.operation();
        Boolean ended;
        try {
            ended = commitEnd(c, serverId, kind, ending, cancelled);
        } catch (RuntimeException e) {
            // The handler's end work failed (a bug, or the database under it): everything it did rolled back.
            // The operation ends FAILED without its domain change rather than stay RUNNING for ever; the
            // error says so, and the domain rows show where the work stood.
            LOG.error("The end of {} {} failed; the operation is ended as failed without its domain change",
                    op.kind(), op.uuid(), e);
            ended = tx.execute(s -> {
                if (!rows.lockOwned(op.id(), serverId, c.version())) {
                    return false;
                }
                finish(op, () -> {
                    throw ApiException.internal("The " + kind.noun() + " could not be ended on the management "
                            + "server (" + e + "); check the backup's and the VM's state before retrying", e);
                }, clock.instant(), false);
                return true;
            });
        }
        if (!Boolean.TRUE.equals(ended)) {
            LOG.info("{} {} was taken over by another management server; its end there counts", op.kind(),
                    op.uuid());
            return false;
        }
        if (ending.afterCommit() != null) {
            try {
                ending.afterCommit().run();
            } catch (RuntimeException e) {
                LOG.error("What follows the end of {} {} failed", op.kind(), op.uuid(), e);
            }
        }
        return true;
    }

    /**
     * The ending transaction, run again from the start when MariaDB picked it as a deadlock victim (or
     * it waited too long for a lock): it only touches the database and was rolled back as a whole, so a
     * transient conflict never turns into a failed operation.
     */
    private Boolean commitEnd(Claimed c, long serverId, OperationKind kind, Ending ending, boolean cancelled) {
        for (int attempt = 1;; attempt++) {
            try {
                return commitEndOnce(c, serverId, kind, ending, cancelled);
            } catch (ConcurrencyFailureException e) {
                if (attempt == END_ATTEMPTS) {
                    throw e;
                }
                LOG.info("The end of {} {} lost a lock race (attempt {} of {}); running it again: {}",
                        c.operation().kind(), c.operation().uuid(), attempt, END_ATTEMPTS, e.getMessage());
            }
        }
    }

    private Boolean commitEndOnce(Claimed c, long serverId, OperationKind kind, Ending ending, boolean cancelled) {
        Operation op = c.operation();
        return tx.execute(s -> {
            Instant now = clock.instant();
            if (!rows.lockOwned(op.id(), serverId, c.version())) {
                return false;
            }
            if (ending.retryReason() != null && attemptsLeft(op, kind) && rows.cancelRequestedBy(op.id()).isEmpty()) {
                Duration wait = Duration.ofMinutes(settings.value(kind.policy().retryIntervalMinutes(),
                        ScopeChain.zone(op.zoneId())));
                rows.requeue(op.id(), ending.retryReason(), now.plus(wait));
                if (ending.onRetry() != null) {
                    ending.onRetry().waiting();
                }
                placeRetry(op, c.version() + 1);
                LOG.info("{} {} attempt {} failed ({}); it runs again after {}", op.kind(), op.uuid(), op.attempts(),
                        ending.retryReason(), wait);
                return true;
            }
            finish(op, ending.work(), now, cancelled);
            return true;
        });
    }

    /**
     * A failed attempt queued again waits where its kind's placement puts it now, not necessarily on the host
     * it failed on (that host may be Down or full, or its VM gone elsewhere); in the requeuing transaction, so
     * listings never show the retry on a host it will not run on. {@code version} is the requeued row's.
     */
    private void placeRetry(Operation op, long version) {
        Optional<Long> to;
        try {
            to = kinds.handler(op.kind()).flatMap(OperationHandler::placement).flatMap(p -> p.hostFor(op));
        } catch (RuntimeException e) {
            // Only where the retry waits is lost: QueuedPlacement looks at it again when its turn comes.
            LOG.error("Could not place the retry of {} {}; it waits on host {} for now", op.kind(), op.uuid(),
                    op.hostId(), e);
            return;
        }
        if (to.isPresent() && !to.get().equals(op.hostId()) && rows.moveQueued(op.id(), version, to.get())) {
            LOG.info("{} {} waits for its next attempt on host {}, not on host {} where the last one ran", op.kind(),
                    op.uuid(), to.get(), op.hostId());
        }
    }

    /**
     * Runs the end work and records the outcome on the row and its jobs; inside the caller's transaction. A
     * failure ends CANCELLED only when {@code cancelled} (the cancel stopped the work); any other failure ends
     * FAILED with its reason, even if a cancel was asked meanwhile.
     */
    void finish(Operation op, Ending.EndWork work, Instant now, boolean cancelled) {
        long operationId = op.id();
        OperationState state;
        String error = null;
        String result;
        int status;
        int code;
        try {
            result = JobResults.success(work.end());
            state = OperationState.SUCCEEDED;
            status = AsyncJob.SUCCEEDED;
            code = 0;
        } catch (ApiException e) {
            result = JobResults.failure(e);
            state = cancelled ? OperationState.CANCELLED : OperationState.FAILED;
            error = e.getMessage();
            status = AsyncJob.FAILED;
            code = e.errorCode().httpStatus();
        }
        rows.end(operationId, state, error, result, now);
        jobs.finishForOperation(operationId, status, code, result, now);
        events.ended(op, state, error);
    }

    private boolean attemptsLeft(Operation op, OperationKind kind) {
        if (kind.policy().maxAttempts() == null) {
            return false;
        }
        return op.attempts() < settings.value(kind.policy().maxAttempts(), ScopeChain.zone(op.zoneId()));
    }

    Duration timeout(OperationKind kind, long zoneId) {
        return Duration.ofSeconds(settings.value(kind.policy().timeoutSeconds(), ScopeChain.zone(zoneId)));
    }

    /**
     * The timeout of an operation that runs: read at its host's cluster, then its zone, as far as the
     * kind's setting allows those scopes (backup.compression.timeout and backup.validation.timeout are
     * cluster settings; kboss.timeout is a zone setting and reads the same either way).
     */
    Duration timeout(OperationKind kind, Operation op) {
        Long cluster = op.hostId() == null ? null : rows.clusterOfHost(op.hostId()).orElse(null);
        return Duration.ofSeconds(settings.value(kind.policy().timeoutSeconds(), new ScopeChain(null, cluster,
                op.zoneId())));
    }

    /** What the handler of one operation gets: progress into its jobs, its agent job onto its row. */
    private final class Context implements OperationContext {
        private final Operation op;
        private final OperationKind kind;
        private final Duration timeout;
        private final Instant attemptStart;
        private int lastPercent = -1;
        private ListedOperation.Progress lastProgress;
        private volatile boolean cancelTookEffect;

        Context(Operation op, OperationKind kind) {
            this.op = op;
            this.kind = kind;
            this.timeout = OperationRunner.this.timeout(kind, op);
            // An adopted attempt counts from its adoption: the agent job enforces the timeout from its
            // own start too, so this is the server's backstop, never earlier than the agent's end.
            this.attemptStart = clock.instant();
        }

        @Override
        public void progress(int percent) {
            int p = Math.max(0, Math.min(100, percent));
            if (p != lastPercent) {
                lastPercent = p;
                jobs.progressOfOperation(op.id(), p, clock.instant());
            }
        }

        @Override
        public void progress(long done, long total, String phase) {
            if (total > 0) {
                progress((int) Math.min(100, Math.max(0, done * 100 / total)));
            }
            ListedOperation.Progress now = new ListedOperation.Progress(done, total, phase);
            if (!now.equals(lastProgress)) {
                lastProgress = now;
                rows.progress(op.id(), done, total, phase);
            }
        }

        @Override
        public void agentJob(String agentJobId) {
            rows.recordAgentJob(op.id(), agentJobId);
        }

        @Override
        public Instant deadline() {
            if (kind.policy().perAttempt()) {
                return attemptStart.plus(timeout);
            }
            return (op.started() == null ? clock.instant() : op.started()).plus(timeout);
        }

        @Override
        public java.util.Optional<String> cancelRequestedBy() {
            return rows.cancelRequestedBy(op.id());
        }

        @Override
        public void cancelTookEffect() {
            cancelTookEffect = true;
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        @Override
        public String timeoutSetting() {
            return kind.policy().timeoutSeconds().name();
        }
    }
}
