package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.server.event.EventTypes;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationKind;

/**
 * The COMPRESSION kind of the operation queue: one per backup at a time (the VM stays free for its next
 * backups), admitted under {@code backup.compression.max.concurrent.operations} (zone) and {@code .per.host}
 * in a limit group of its own, started only while {@code backup.compression.task.enabled}, tried up to
 * {@code backup.compression.max.job.retries} times {@code backup.compression.retry.interval} minutes apart,
 * each attempt bounded by {@code backup.compression.timeout}. A backlog waits in the queue as long as it
 * must: its timeout bounds attempts, not waits.
 */
public final class CompressionKind {
    /** What compressions are admitted under; validation brings a group of its own. */
    public static final LimitGroup LIMITS = new LimitGroup("compression", null, KbossSettings.COMPRESSION_MAX_PER_ZONE,
            KbossSettings.COMPRESSION_MAX_PER_HOST);

    public static final OperationKind COMPRESSION = new OperationKind("COMPRESSION", "compression", Exclusivity.BACKUP,
            LIMITS, KindPolicy.timeout(KbossSettings.COMPRESSION_TIMEOUT)
                    .switchedBy(KbossSettings.COMPRESSION_TASK_ENABLED)
                    .retried(KbossSettings.COMPRESSION_MAX_RETRIES, KbossSettings.COMPRESSION_RETRY_INTERVAL)
                    .timeoutPerAttempt(),
            EventTypes.BACKUP_COMPRESS);

    /** The origin of a compression: its backup ended BackedUp with an offering that compresses. */
    public static final String ORIGIN = "BACKED_UP";
    /** The origin of a compression a root admin asked for again (compressBackup). */
    public static final String ORIGIN_API = "API";

    private CompressionKind() {
    }
}
