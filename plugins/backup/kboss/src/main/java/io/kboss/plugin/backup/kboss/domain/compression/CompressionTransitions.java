package io.kboss.plugin.backup.kboss.domain.compression;

import static io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent.*;
import static io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus.*;

import io.kboss.plugin.backup.kboss.domain.lifecycle.TransitionTable;
import java.util.Set;

/**
 * The one table of a backup's compression status changes. STARTED is also accepted where the status already
 * is Compressing or FinalizingCompression: a server that adopted an attempt (or a retried one after a crash)
 * starts it again with the same agent request id, and the agent answers with the job it already runs.
 * A cancel leaves the backup Uncompressed (files already replaced by verified copies stay so).
 * Compressed and CompressionError end a compression; a rewrite of the files (a delete merging a parent into
 * them) leaves both, back to Uncompressed, and an operator's compressBackup leaves CompressionError (REQUEUED).
 */
public final class CompressionTransitions {
    private static final TransitionTable<CompressionStatus, CompressionEvent> TABLE = new TransitionTable<>(
            "backup compression",
            CompressionStatus.class, CompressionEvent.class, CompressionStatus::apiName);

    static {
        TABLE.allow(UNCOMPRESSED, STARTED, COMPRESSING);
        TABLE.allow(UNCOMPRESSED, GAVE_UP, COMPRESSION_ERROR);
        TABLE.allow(COMPRESSING, STARTED, COMPRESSING);
        TABLE.allow(COMPRESSING, FINALIZING, FINALIZING_COMPRESSION);
        TABLE.allow(COMPRESSING, SUCCEEDED, COMPRESSED);
        TABLE.allow(COMPRESSING, ATTEMPT_FAILED, UNCOMPRESSED);
        TABLE.allow(COMPRESSING, GAVE_UP, COMPRESSION_ERROR);
        TABLE.allow(FINALIZING_COMPRESSION, STARTED, FINALIZING_COMPRESSION);
        TABLE.allow(FINALIZING_COMPRESSION, FINALIZING, FINALIZING_COMPRESSION);
        TABLE.allow(FINALIZING_COMPRESSION, SUCCEEDED, COMPRESSED);
        TABLE.allow(FINALIZING_COMPRESSION, ATTEMPT_FAILED, UNCOMPRESSED);
        TABLE.allow(FINALIZING_COMPRESSION, GAVE_UP, COMPRESSION_ERROR);
        TABLE.allow(UNCOMPRESSED, CANCELLED, UNCOMPRESSED);
        TABLE.allow(COMPRESSING, CANCELLED, UNCOMPRESSED);
        TABLE.allow(FINALIZING_COMPRESSION, CANCELLED, UNCOMPRESSED);
        TABLE.allow(UNCOMPRESSED, REWRITTEN, UNCOMPRESSED);
        TABLE.allow(COMPRESSED, REWRITTEN, UNCOMPRESSED);
        TABLE.allow(COMPRESSION_ERROR, REWRITTEN, UNCOMPRESSED);
        TABLE.allow(UNCOMPRESSED, REQUEUED, UNCOMPRESSED);
        TABLE.allow(COMPRESSION_ERROR, REQUEUED, UNCOMPRESSED);
    }

    private CompressionTransitions() {
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static CompressionStatus next(CompressionStatus current, CompressionEvent event) {
        return TABLE.next(current, event);
    }

    public static Set<CompressionEvent> accepted(CompressionStatus current) {
        return TABLE.accepted(current);
    }
}
