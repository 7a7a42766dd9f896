package io.kboss.server.operation;

import java.util.Objects;

/**
 * How a handler ends an operation. Its {@link EndWork} runs in the one transaction that also ends the
 * operation's row and writes its async job's result, and only if this server still owns the operation
 * (another server may have adopted it meanwhile): the domain change, the row and the job's answer
 * commit together or not at all.
 */
public final class Ending {
    /**
     * The domain side of an operation's end, run inside the ending transaction.
     *
     * <p>Return the async job's answer (as a command returns one) for a success; throw an
     * {@link io.kboss.server.api.ApiException} with the reason for a failure: the operation then ends
     * FAILED with that text, and the job fails with it. Any other exception rolls everything back.
     */
    @FunctionalInterface
    public interface EndWork {
        Object end() throws io.kboss.server.api.ApiException;
    }

    /** The domain side of a failed attempt that will run again, inside the transaction that queues it again. */
    @FunctionalInterface
    public interface RetryWork {
        void waiting();
    }

    private final EndWork work;
    private final String retryReason;
    private final RetryWork onRetry;
    private final Runnable afterCommit;

    private Ending(EndWork work, String retryReason, RetryWork onRetry, Runnable afterCommit) {
        this.work = Objects.requireNonNull(work, "work");
        this.retryReason = retryReason;
        this.onRetry = onRetry;
        this.afterCommit = afterCommit;
    }

    /** Ends the operation with {@code work}. */
    public static Ending with(EndWork work) {
        return new Ending(work, null, null, null);
    }

    /**
     * The attempt failed in a way another attempt may mend: the operation is queued again after its
     * kind's retry interval while attempts remain; {@code giveUp} ends it once none do (or when the kind
     * is not retried).
     */
    public static Ending retryOrElse(String reason, EndWork giveUp) {
        return new Ending(giveUp, Objects.requireNonNull(reason, "reason"), null, null);
    }

    /**
     * The same, with {@code waiting} run in the transaction that queues the operation again (not when it
     * gives up): the domain side shows the wait, e.g. a backup back from Validating to NotValidated.
     */
    public static Ending retryOrElse(String reason, RetryWork waiting, EndWork giveUp) {
        return new Ending(giveUp, Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(waiting,
                "waiting"), null);
    }

    /** Runs {@code next} once the ending transaction has committed (e.g. queue follow-up work). */
    public Ending then(Runnable next) {
        return new Ending(work, retryReason, onRetry, next);
    }

    /** What runs when the operation is queued again for another attempt; null when nothing. */
    public RetryWork onRetry() {
        return onRetry;
    }

    public EndWork work() {
        return work;
    }

    /** Why another attempt may succeed; null when the ending is final. */
    public String retryReason() {
        return retryReason;
    }

    /** What to do after the commit; null when nothing. */
    public Runnable afterCommit() {
        return afterCommit;
    }
}
