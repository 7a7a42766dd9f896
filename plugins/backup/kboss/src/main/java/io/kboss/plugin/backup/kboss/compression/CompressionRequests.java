package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionPlacement;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionPlacement.HostLoad;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.Directory;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
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
 * {@code backup.compression.max.concurrent.operations.per.host}, else the one with the most room. The queue
 * places it again the same way at each retry and when it is stuck on a Down or full host ({@link #placeAgain}).
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

    /**
     * compressBackup: a root admin has the backup compressed again after its compression was cancelled or
     * its last attempt failed (nothing queues it again by itself then). In the caller's transaction, which
     * holds the backup's row lock (so two calls, or a delete, are serialized): the compression goes back to
     * Uncompressed with its reason cleared and a new job is queued, placed as after a backup.
     *
     * @return the queued job
     * @throws ApiException 431 naming the backup when it is not BackedUp, its offering does not compress, it is
     *     Compressed already, or a compression of it is queued or running; nothing changed then
     */
    public Operation queueAgain(BackupRecord b) throws ApiException {
        String what = "Backup " + b.uuid() + " cannot be compressed again: ";
        if (b.status() != BackupStatus.BACKED_UP) {
            throw ApiException.invalidParameter(what + "it is " + b.status().apiName() + "; only a BackedUp backup "
                    + "is compressed");
        }
        CompressionLibrary library = repository.offeringLibrary(b.id()).orElseThrow(() -> ApiException
                .invalidParameter(what + "its backup offering does not compress (compress=false)"));
        Operation live = queue.liveOnBackups(List.of(b.id()), List.of(CompressionKind.COMPRESSION)).get(b.id());
        if (live != null) {
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, what + "its "
                    + "compression job " + live.uuid() + " is " + (live.state() == OperationState.RUNNING
                            ? "running"
                            : "queued")
                    + " (listBackupServiceJobs); cancel it with cancelBackupOperation first if "
                    + "it must start anew");
        }
        CompressionStatus now = repository.state(b.id()).status();
        if (now != CompressionStatus.UNCOMPRESSED && now != CompressionStatus.COMPRESSION_ERROR) {
            throw ApiException.invalidParameter(what + "it is " + now.apiName() + "; only an Uncompressed backup (its"
                    + " compression cancelled) or one in CompressionError is compressed again");
        }
        if (b.hostId() == null) {
            throw ApiException.invalidParameter(what + "no host took it, so no zone host is known to reach its files");
        }
        repository.transition(b.id(), now, CompressionEvent.REQUEUED, null);
        repository.queued(b.id(), library);
        return queue.enqueue(NewOperation.of(CompressionKind.COMPRESSION, CompressionKind.ORIGIN_API)
                .on(b.vmId(), host(b), b.zoneId()).backup(b.id()));
    }

    /** Where the compression waits and runs; the backup's host when the zone has no Up host (it waits). */
    private long host(BackupRecord b) {
        return CompressionPlacement.choose(b.hostId(), loads(b.zoneId(), null)).orElse(b.hostId());
    }

    /**
     * Where a queued compression of {@code b} waits for its next attempt (the queue asks at each retry, and
     * when its turn came while its host is Down or full): placed as a new one is, the compression itself not
     * counted; empty to leave it where it is.
     */
    public Optional<Long> placeAgain(BackupRecord b, Operation queued) {
        if (queued.hostId() == null) {
            return Optional.empty();
        }
        return CompressionPlacement.chooseAgain(queued.hostId(), b.hostId(), loads(b.zoneId(), queued.id()));
    }

    /** The zone's Up hosts with their queued and running compressions, less {@code leaveOut} (an operation id). */
    private List<HostLoad> loads(long zoneId, Long leaveOut) {
        List<HostLoad> loads = new ArrayList<>();
        for (long host : directory.upHosts(zoneId)) {
            int live = (int) queue.liveOnHost(host).stream().filter(o -> CompressionKind.COMPRESSION.name().equals(o
                    .kind()) && (leaveOut == null || o.id() != leaveOut)).count();
            ScopeChain scope = directory.clusterOfHost(host).map(c -> ScopeChain.cluster(c, zoneId))
                    .orElse(ScopeChain.zone(zoneId));
            loads.add(new HostLoad(host, live, settings.value(KbossSettings.COMPRESSION_MAX_PER_HOST, scope)));
        }
        return loads;
    }
}
