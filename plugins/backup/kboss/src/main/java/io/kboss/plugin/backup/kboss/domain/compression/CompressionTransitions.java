package io.kboss.plugin.backup.kboss.domain.compression;

import static io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent.*;
import static io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus.*;

import io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
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
    private static final Map<CompressionStatus, Map<CompressionEvent, CompressionStatus>> TABLE = new EnumMap<>(
            CompressionStatus.class);

    static {
        allow(UNCOMPRESSED, STARTED, COMPRESSING);
        allow(UNCOMPRESSED, GAVE_UP, COMPRESSION_ERROR);
        allow(COMPRESSING, STARTED, COMPRESSING);
        allow(COMPRESSING, FINALIZING, FINALIZING_COMPRESSION);
        allow(COMPRESSING, SUCCEEDED, COMPRESSED);
        allow(COMPRESSING, ATTEMPT_FAILED, UNCOMPRESSED);
        allow(COMPRESSING, GAVE_UP, COMPRESSION_ERROR);
        allow(FINALIZING_COMPRESSION, STARTED, FINALIZING_COMPRESSION);
        allow(FINALIZING_COMPRESSION, FINALIZING, FINALIZING_COMPRESSION);
        allow(FINALIZING_COMPRESSION, SUCCEEDED, COMPRESSED);
        allow(FINALIZING_COMPRESSION, ATTEMPT_FAILED, UNCOMPRESSED);
        allow(FINALIZING_COMPRESSION, GAVE_UP, COMPRESSION_ERROR);
        allow(UNCOMPRESSED, CANCELLED, UNCOMPRESSED);
        allow(COMPRESSING, CANCELLED, UNCOMPRESSED);
        allow(FINALIZING_COMPRESSION, CANCELLED, UNCOMPRESSED);
        allow(UNCOMPRESSED, REWRITTEN, UNCOMPRESSED);
        allow(COMPRESSED, REWRITTEN, UNCOMPRESSED);
        allow(COMPRESSION_ERROR, REWRITTEN, UNCOMPRESSED);
        allow(UNCOMPRESSED, REQUEUED, UNCOMPRESSED);
        allow(COMPRESSION_ERROR, REQUEUED, UNCOMPRESSED);
    }

    private CompressionTransitions() {
    }

    private static void allow(CompressionStatus from, CompressionEvent event, CompressionStatus to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(CompressionEvent.class)).put(event, to);
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static CompressionStatus next(CompressionStatus current, CompressionEvent event) {
        CompressionStatus to = TABLE.getOrDefault(current, Map.of()).get(event);
        if (to == null) {
            throw new IllegalTransitionException("backup compression", current.apiName(), event, accepted(current));
        }
        return to;
    }

    public static Set<CompressionEvent> accepted(CompressionStatus current) {
        return Collections.unmodifiableSet(TABLE.getOrDefault(current, Map.of()).keySet());
    }
}
