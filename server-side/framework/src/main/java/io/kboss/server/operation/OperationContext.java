package io.kboss.server.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a handler gets from the queue while it runs one operation. */
public interface OperationContext {

    /** The operation's async job progress ({@code jobprocstatus}), 0 to 100. */
    void progress(int percent);

    /**
     * The attempt's progress as listings show it ({@link ListedOperation#progress}): {@code done} of
     * {@code total} units (bytes, steps) and what it does now (null: no phase). Written on the operation's
     * row when it changed, and cleared when the attempt ends; also the async job's percentage.
     */
    default void progress(long done, long total, String phase) {
        if (total > 0) {
            progress((int) Math.min(100, Math.max(0, done * 100 / total)));
        }
    }

    /** Records the agent job the operation follows, for operators and the server that may adopt it. */
    void agentJob(String agentJobId);

    /** When the operation must have ended: its first start plus its kind's timeout. */
    Instant deadline();

    /** The kind's timeout at the operation's zone, and the setting it comes from, for messages. */
    Duration timeout();

    String timeoutSetting();

    /**
     * Who asked to cancel the operation ({@link OperationQueue#cancel}), read from its row each time: the
     * request may come through any management server. Empty while nobody did.
     */
    default Optional<String> cancelRequestedBy() {
        return Optional.empty();
    }

    /**
     * The work was stopped by the cancel that {@link #cancelRequestedBy} named (the agent's job ended cancelled):
     * if the operation then fails, it ends CANCELLED. Without this call a failure ends FAILED with its own reason
     * even when a cancel was asked meanwhile (the work failed on its own before the cancel reached it), so the
     * final state tells what really ended it. Wrappers of a context must pass it on.
     */
    void cancelTookEffect();
}
