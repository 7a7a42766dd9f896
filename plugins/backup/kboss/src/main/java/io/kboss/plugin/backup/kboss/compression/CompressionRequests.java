package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionPlacement;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionPlacement.HostLoad;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.Directory;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queues the compression of a backup that just ended BackedUp, when its offering compresses: called in the
 * transaction that ends the backup, so the backup is never BackedUp without its compression queued (nor the
 * other way round). The operation is queued on the host {@link CompressionPlacement} picks among the zone's
 * Up hosts (all of them reach the zone's stores): the one that took the backup while it has room under
 * {@code backup.compression.max.concurrent.operations.per.host}, else the one with the most room.
 */
public class CompressionRequests {
    private final CompressionRepository repository;
    private final OperationQueue queue;
    private final Directory directory;
    private final Settings settings;

    public CompressionRequests(CompressionRepository repository, OperationQueue queue, Directory directory,
            Settings settings) {
        this.repository = repository;
        this.queue = queue;
        this.directory = directory;
        this.settings = settings;
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
                    .on(b.vmId(), host(b), b.zoneId()).backup(b.id()));
        } catch (ApiException e) {
            // A backup ends BackedUp once, so nothing else holds it: a compression already queued for it is a bug.
            throw new IllegalStateException("backup " + b.uuid() + " already has a compression: " + e.getMessage(), e);
        }
    }

    /** Where the compression waits and runs; the backup's host when the zone has no Up host (it waits). */
    private long host(BackupRecord b) {
        List<HostLoad> loads = new ArrayList<>();
        for (long host : directory.upHosts(b.zoneId())) {
            int live = (int) queue.liveOnHost(host).stream().filter(o -> CompressionKind.COMPRESSION.name().equals(o
                    .kind())).count();
            ScopeChain scope = directory.clusterOfHost(host).map(c -> ScopeChain.cluster(c, b.zoneId()))
                    .orElse(ScopeChain.zone(b.zoneId()));
            loads.add(new HostLoad(host, live, settings.value(KbossSettings.COMPRESSION_MAX_PER_HOST, scope)));
        }
        return CompressionPlacement.choose(b.hostId(), loads).orElse(b.hostId());
    }
}
