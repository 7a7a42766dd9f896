package io.kboss.server.operation;

import io.kboss.server.api.ApiException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one queue of long-running work, as providers and commands use it. Queueing is all a caller does:
 * a dispatcher on some management server claims the operation when its limits allow and runs it
 * through its kind's {@link OperationHandler}; the operation's end answers its async job.
 */
public interface OperationQueue {

    /**
     * Queues an operation in the caller's transaction (it is rolled back with it); the dispatchers hear
     * of it once the transaction commits.
     *
     * @throws ApiException 431 when the VM (or backup) the kind holds alone is held by another live
     *     operation: the text names the VM and what is queued or running on it, and nothing was queued
     */
    Operation enqueue(NewOperation operation) throws ApiException;

    Optional<Operation> find(String uuid);

    /** The queued or running operation that holds the VM, if any. */
    Optional<Operation> liveOnVm(long vmId);

    /** Live operations of the given kinds working on the given backups, by backup id. */
    Map<Long, Operation> liveOnBackups(Collection<Long> backupIds, Collection<OperationKind> kinds);

    /**
     * When the last SUCCEEDED operation of {@code kind} on each of the backups started and ended, by backup
     * id (backups without one are left out): how long a backup took, for the usage history.
     */
    Map<Long, WorkTimes> succeededOnBackups(Collection<Long> backupIds, OperationKind kind);

    /** When an operation started (its last claim) and ended. */
    record WorkTimes(java.time.Instant started, java.time.Instant ended) {
    }

    /**
     * One page of the operations the search names, newest first, and how many it names in all (one
     * snapshot is not promised: the count and the page are two reads).
     */
    OperationPage search(OperationSearch search);

    /** A page of {@link #search}. */
    record OperationPage(long total, List<ListedOperation> items) {
    }

    /** Queued and running operations whose work is on the host. */
    List<Operation> liveOnHost(long hostId);

    /**
     * Ends a queued operation as CANCELLED, in the caller's transaction, and fails its async job with
     * {@code why}. A conditional change: false when it is no longer queued (a server claimed it).
     */
    boolean cancelQueued(Operation operation, String why);

    /** The operation an async job shows (the job's uuid), if the job is the view of one. */
    Optional<Operation> ofJob(String asyncJobUuid);

    /** What {@link #cancel} did. */
    enum CancelOutcome {
        /** It was queued: it ended CANCELLED at once and will never run. */
        DROPPED,
        /**
         * It runs: the cancel is recorded on its row; the server that follows it stops the agent job at its
         * next poll, and the operation ends CANCELLED once the agent job has ended.
         */
        REQUESTED,
        /** It runs and a cancel was already asked for; nothing changed. */
        ALREADY_REQUESTED
    }

    /**
     * Cancels a queued or running operation of a cancellable kind ({@link OperationHandler#cancellable}),
     * in the caller's transaction, whichever management server runs it. A queued one ends CANCELLED with
     * its kind's {@link OperationHandler#cancelQueued} ending; a running one is marked, and its handler
     * cancels the agent job and ends it. Its async jobs fail with "... cancelled by {@code by}".
     *
     * @param by who asks, as the job's error names them (the account's name)
     * @throws ApiException 431 when the operation has ended or its kind cannot be cancelled; nothing changed
     */
    CancelOutcome cancel(Operation operation, String by) throws ApiException;

    /**
     * Words for what holds a VM, for refusals by calls that are not queued: "a delete of it is in progress
     * (running)".
     */
    String describeHolder(Operation holder);

    /** What users call an operation of this kind ("restore", "volume restore"). */
    String noun(Operation operation);
}
