package io.kboss.agent.disk.domain;

/**
 * Lets a caller ask a running disk operation to stop. The engine checks it between steps and
 * while polling jobs; a cancelled operation cleans up like a failed one and throws
 * {@link DiskOperationException} with {@code cancelled() == true}.
 */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
