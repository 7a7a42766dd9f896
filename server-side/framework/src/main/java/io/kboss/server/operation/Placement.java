package io.kboss.server.operation;

import java.util.Optional;

/**
 * Where a queued operation of a kind that may run on more than one host waits for its next attempt (see
 * {@link OperationHandler#placement}). The queue asks when a failed attempt is queued again, and, before its
 * claims, for an operation whose turn has come while its host cannot take it (the host is Down or at its
 * group's per-host limit) or while its VM is now on another host. The answer only picks the queue it waits
 * in: admission still checks every limit when it is claimed.
 */
@FunctionalInterface
public interface Placement {

    /**
     * The host the queued operation should wait on now, or empty to leave it where it is. Read-only: the
     * queue moves it (a conditional change; a claim or cancel that came first wins). Called inside the
     * transaction that queues a retry, so it must not wait on locks the queue holds.
     */
    Optional<Long> hostFor(Operation queued);
}
