package io.kboss.server.operation;

import java.time.Instant;

/**
 * An operation as a listing shows it: the row, when it is (next) claimable, and when it ended.
 *
 * @param nextAttempt when a queued operation may be claimed (its enqueue, or after a failed attempt the
 *     end of its retry interval); for others, when its last attempt could start
 * @param ended       when it ended; null while it is live
 */
public record ListedOperation(Operation operation, Instant nextAttempt, Instant ended) {
}
