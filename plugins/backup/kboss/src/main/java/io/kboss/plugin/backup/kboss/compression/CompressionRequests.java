package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.server.api.ApiException;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.OperationQueue;
import java.util.Optional;

/**
 * Queues the compression of a backup that just ended BackedUp, when its offering compresses: called in the
 * transaction that ends the backup, so the backup is never BackedUp without its compression queued (nor the
 * other way round). The operation runs on the host that took the backup, whose agent has the store.
 */
public class CompressionRequests {
    private final CompressionRepository repository;
    private final OperationQueue queue;

    public CompressionRequests(CompressionRepository repository, OperationQueue queue) {
        this.repository = repository;
        this.queue = queue;
    }

    /**
     * A delete merged a deleted backup's data into {@code survivor}, writing its files anew uncompressed: it is
     * Uncompressed again and, when its offering compresses and no compression of it waits already, queued
     * for compression again (in the delete's transaction; it starts once the delete ended).
     */
    public void rewritten(BackupRecord survivor) {
        CompressionStatus was = repository.rewritten(survivor.id());
        if (was == CompressionStatus.COMPRESSED || was == CompressionStatus.COMPRESSION_ERROR) {
            backedUp(survivor);
        }
    }

    public void backedUp(BackupRecord b) {
        Optional<CompressionLibrary> library = repository.offeringLibrary(b.id());
        if (library.isEmpty() || b.hostId() == null) {
            return;
        }
        repository.queued(b.id(), library.get());
        try {
            queue.enqueue(NewOperation.of(CompressionKind.COMPRESSION, CompressionKind.ORIGIN)
                    .on(b.vmId(), b.hostId(), b.zoneId()).backup(b.id()));
        } catch (ApiException e) {
            // A backup ends BackedUp once, so nothing else holds it: a compression already queued for it is a bug.
            throw new IllegalStateException("backup " + b.uuid() + " already has a compression: " + e.getMessage(), e);
        }
    }
}
