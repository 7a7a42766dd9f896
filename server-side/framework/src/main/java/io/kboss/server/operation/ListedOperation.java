package io.kboss.server.operation;

import java.time.Instant;

/**
 * An operation as a listing shows it: the row, when it is (next) claimable, when it ended, and how far its
 * running attempt got.
 *
 * @param nextAttempt when a queued operation may be claimed (its enqueue, or after a failed attempt the
 *     end of its retry interval); for others, when its last attempt could start
 * @param ended       when it ended; null while it is live
 * @param progress    what its running attempt last reported; null when it runs no attempt now or reported
 *     nothing yet
 */
public record ListedOperation(Operation operation, Instant nextAttempt, Instant ended, Progress progress) {

    /**
     * How far a running attempt got: {@code done} of {@code total} units of the kind's choosing (bytes of a
     * compression, steps of a validation), and what it does now.
     *
     * @param phase null when the handler named none
     */
    public record Progress(long done, long total, String phase) {
        /** Done as a whole percentage of the total, 0 to 100; 0 while the total is not known. */
        public int percent() {
            if (total <= 0) {
                return 0;
            }
            return (int) Math.max(0, Math.min(100, done * 100 / total));
        }
    }
}
