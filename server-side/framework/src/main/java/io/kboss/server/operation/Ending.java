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

    private final EndWork work;
    private final String retryReason;
    private final Runnable afterCommit;

    private Ending(EndWork work, String retryReason, Runnable afterCommit) {
        this.work = Objects.requireNonNull(work, "work");
        this.retryReason = retryReason;
        this.afterCommit = afterCommit;
    }

    /** Ends the operation with {@code work}. */
    public static Ending with(EndWork work) {
        return new Ending(work, null, null);
    }

    /**
     * The attempt failed in a way another attempt may mend: the operation is queued again after its
     * kind's retry interval while attempts remain; {@code giveUp} ends it once none do (or when the kind
     * is not retried).
     */
    public static Ending retryOrElse(String reason, EndWork giveUp) {
        return new Ending(giveUp, Objects.requireNonNull(reason, "reason"), null);
    }

    /** Runs {@code next} once the ending transaction has committed (e.g. queue follow-up work). */
    public Ending then(Runnable next) {
        return new Ending(work, retryReason, next);
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
