package io.kboss.server.operation;

import java.util.Set;

/**
 * Runs the operations of one kind: a Spring bean, one per kind. Declaring it is how a kind joins the
 * queue (see the docs' "Adding a kind").
 *
 * <p>Contract. {@link #run} is called on a worker thread of the server that claimed the operation,
 * which heartbeats it meanwhile; it starts the agent job with the operation's uuid as request id,
 * follows it (reporting progress) and returns how the operation ends; the queue commits that ending.
 * {@link #adopt} is called instead on a server that took the operation over from one that stopped
 * heartbeating, or from its own earlier incarnation: it must find the agent job by the request id and
 * follow it, or start it if it never began. Because agents answer a repeated start with the job they
 * already have, {@code run} usually serves as {@code adopt}. Both may be called more than once for one
 * operation (a server dies, another adopts), so each domain change must be conditional.
 */
public interface OperationHandler {

    OperationKind kind();

    Ending run(Operation operation, OperationContext context) throws InterruptedException;

    /**
     * Kinds (by name) that must not run on the same VM at the same time as this one, whatever their limit
     * groups: while an operation of one of them runs on a VM, this kind's queued operations on that VM wait
     * (no attempt is used), and the other way round. Declaring it on one side is enough. A compression
     * declares the restores and the delete (they read or merge the files it replaces).
     */
    default Set<String> conflictsOnVm() {
        return Set.of();
    }

    /**
     * How the kind's queued operations are placed again, when its work may run on another host than the one
     * it was queued on (a compression on any Up host of the backup's zone, a validation on the host its VM is
     * on now): asked at each retry and whenever one whose turn has come is stuck where it waits (see
     * {@link Placement}). Empty (the default): an operation stays on its host, whose agent alone can do it.
     */
    default java.util.Optional<Placement> placement() {
        return java.util.Optional.empty();
    }

    default Ending adopt(Operation operation, OperationContext context) throws InterruptedException {
        return run(operation, context);
    }

    /**
     * Whether a queued or running operation of the kind may be cancelled ({@link OperationQueue#cancel}):
     * its handler follows its agent jobs with {@code OperationContext#cancelRequestedBy} (the agent cleans
     * up a cancelled job) and ends it by what the agent confirms. False for kinds whose work must not stop
     * half way (a delete merges backups into their survivors).
     */
    default boolean cancellable() {
        return false;
    }

    /**
     * A queued operation is cancelled before it started: end its domain side (nothing was done on any
     * agent). {@code why} is a predicate: "was cancelled by admin before it started". The operation ends
     * CANCELLED whatever the work answers; its job fails with the work's text. By default as an
     * {@link #expire}.
     */
    default Ending cancelQueued(Operation operation, String why) {
        return expire(operation, why);
    }

    /**
     * The operation will never run: it waited in the queue longer than its kind's timeout. Nothing was
     * done on any agent. {@code why} says so, with the last reason it waited for, as a predicate: "waited
     * in the queue longer than kboss.timeout (20 s) and did not start (last: ...)".
     */
    Ending expire(Operation operation, String why);

    /**
     * {@link #run} or {@link #adopt} threw {@code failure} (a bug, or the database failing under it):
     * end the domain side as failed, saying so. The operation is not retried.
     */
    Ending crashed(Operation operation, RuntimeException failure);
}
