package io.kboss.plugin.backup.kboss.domain.compression;

/** What happens to a backup's compression; {@link CompressionTransitions} says where each leads. */
public enum CompressionEvent {
    /** An attempt began on the agent. */
    STARTED,
    /** The agent began replacing files with their verified copies. */
    FINALIZING, SUCCEEDED,
    /** An attempt failed and another will run after the retry interval. */
    ATTEMPT_FAILED,
    /**
     * An operator cancelled the compression (cancelBackupOperation): back to Uncompressed with the reason,
     * and nothing queues it again by itself.
     */
    CANCELLED,
    /** The last attempt failed (or the compression could not run at all). */
    GAVE_UP,
    /**
     * Its files were written anew, uncompressed: a delete merged a deleted parent's data into them. A
     * compression is queued again when the offering compresses.
     */
    REWRITTEN,
    /**
     * A root admin queued the compression again (compressBackup) after a cancel or after its last attempt
     * failed: Uncompressed, its reason cleared, with a new job.
     */
    REQUEUED
}
