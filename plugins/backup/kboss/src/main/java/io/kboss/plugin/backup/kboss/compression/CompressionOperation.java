package io.kboss.plugin.backup.kboss.compression;

import io.kboss.server.backup.AgentChannel;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.Directory;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.Placement;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a COMPRESSION operation: has the agent of the operation's host (see {@link CompressionRequests}: the
 * host that took the backup or another Up host of its zone, chosen again at each retry) compress its files in place
 * ({@code compress-backup}: a compressed copy of each, flushed, compared with the original, renamed over it)
 * and records the outcome.
 *
 * <p>Statuses: Compressing when an attempt starts, FinalizingCompression once the agent replaces files,
 * Compressed with the sizes before and after (and the store's used bytes lowered by what it saved). A failed
 * attempt (the store too full, the agent killed, the timeout, a difference found by the comparison) puts the
 * backup back to Uncompressed with the reason, and the queue runs it again after
 * {@code backup.compression.retry.interval} minutes; after the last attempt it is CompressionError with the
 * reason. Either way every file is whole: the agent replaces a file only by a verified copy, and the files
 * it did replace before failing are recorded as compressed.
 *
 * <p>Each attempt has its own agent request id (the operation's uuid and the attempt number): a server that
 * adopts the attempt finds the agent's job by it, and a retry starts a new job rather than being answered
 * with the failed one. The agent stops its job at {@code backup.compression.timeout} itself; the server
 * cancels it a minute later if it did not.
 *
 * <p>It never runs while a restore, volume restore or delete runs on the backup's VM, nor they while it runs
 * ({@link #conflictsOnVm}): they read or merge the files it replaces.
 */
public class CompressionOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CompressionOperation.class);
    /** How long past the timeout the agent may take to report its own TIMED_OUT before the server cancels. */
    static final Duration AGENT_GRACE = Duration.ofSeconds(60);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private final BackupRepository backups;
    private final CompressionRepository repository;
    private final CompressionRequests requests;
    private final Ports ports;
    private final Directory directory;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Consumer<BackupRecord> afterEnd;

    /**
     * @param afterEnd what follows a compression's end (Compressed, or CompressionError after the last
     *     attempt), once it committed: the backup's validation, which waits for it
     */
    public CompressionOperation(BackupRepository backups, CompressionRepository repository,
            CompressionRequests requests,
            Ports ports, Directory directory, Settings settings, Consumer<BackupRecord> afterEnd) {
        this.afterEnd = afterEnd;
        this.requests = requests;
        this.backups = backups;
        this.repository = repository;
        this.ports = ports;
        this.directory = directory;
        this.settings = settings;
        this.tx = ports.tx();
    }

    @Override
    public OperationKind kind() {
        return CompressionKind.COMPRESSION;
    }

    @Override
    public Set<String> conflictsOnVm() {
        return Set.of(BackupOperations.RESTORE.name(), BackupOperations.VOLUME_RESTORE.name(),
                BackupOperations.DELETE.name());
    }

    /**
     * Any Up host of the backup's zone reaches its store, so a queued compression is placed again at each retry,
     * and when its turn came while its host is Down or full, as it was placed when it was queued.
     */
    @Override
    public Optional<Placement> placement() {
        return Optional.of(queued -> requests.placeAgain(backups.byId(queued.requireBackup()), queued));
    }

    /** The agent request id of the operation's current attempt. */
    public static String requestId(Operation op) {
        return op.uuid() + "-" + op.attempts();
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        BackupRecord b = backups.byId(op.requireBackup());
        if (b.status() != BackupStatus.BACKED_UP) {
            // Deleted (Removed, Expunged) since it was queued: nothing to compress, nothing to report.
            return Ending.with(() -> new SuccessResponse(true, "backup " + b.uuid() + " is " + b.status().apiName()
                    + "; it was not compressed"));
        }
        CompressionRepository.State state = repository.state(b.id());
        if (state.status() == CompressionStatus.COMPRESSED || state.status() == CompressionStatus.COMPRESSION_ERROR) {
            return Ending.with(() -> new SuccessResponse(true, "backup " + b.uuid() + " is already "
                    + state.status().apiName()));
        }
        tx.executeWithoutResult(s -> repository.transition(b.id(), state.status(), CompressionEvent.STARTED, null));
        AgentChannel agent;
        try {
            agent = ports.agents().forHost(op.hostId());
        } catch (RuntimeException e) {
            return attemptFailed(op, b, "no channel to the agent of the host chosen to compress it: " + e.getMessage(),
                    null);
        }
        ScopeChain scope = directory.clusterOfHost(op.hostId())
                .map(cluster -> ScopeChain.cluster(cluster, op.zoneId())).orElse(ScopeChain.zone(op.zoneId()));
        CompressBackupCommand command = command(op, b, state, scope);
        OperationContext withGrace = new AgentFirst(ctx);
        AgentJobs.Outcome o = ports.jobs().run(agent, command, withGrace, job -> progress(b, job, ctx));
        if (o.timedOut()) {
            return timedOut(op, b, agent, o.job().jobId, ctx);
        }
        if (o.cancelled()) {
            CompressionResult partial = o.job() == null ? null : o.job().compressionResult;
            if (partial != null) {
                tx.executeWithoutResult(s -> {
                    long saved = repository.recordReplaced(b.id(), partial.files, ports.clock().instant());
                    if (saved > 0) {
                        ports.stores().releaseUsed(b.imageStoreId(), saved);
                    }
                });
            }
            return cancelled(b, "Compressing backup " + b.uuid() + " " + o.failure());
        }
        if (o.succeeded() && o.job().compressionResult != null) {
            return succeed(b, o.job().compressionResult);
        }
        return attemptFailed(op, b, o.failure(), o.job() == null ? null : o.job().compressionResult);
    }

    private CompressBackupCommand command(Operation op, BackupRecord b, CompressionRepository.State state,
            ScopeChain scope) {
        CompressBackupCommand c = new CompressBackupCommand();
        c.requestId = requestId(op);
        c.backupUuid = b.uuid();
        c.store = StoreRefs.of(ports.stores().byId(b.imageStoreId()));
        backups.volumeFiles(b.id()).forEach(f -> c.paths.add(f.path()));
        c.library = io.kboss.agent.contract.CompressionLibrary.valueOf(state.library().name());
        c.coroutines = settings.value(KbossSettings.COMPRESSION_COROUTINES, scope);
        c.rateLimitMibPerSecond = Math.max(0, settings.value(KbossSettings.COMPRESSION_RATE_LIMIT, scope));
        c.minimumFreeStorage = settings.value(KbossSettings.COMPRESSION_MINIMUM_FREE_STORAGE,
                ScopeChain.zone(op.zoneId()));
        c.timeoutSeconds = settings.value(KbossSettings.COMPRESSION_TIMEOUT, scope);
        return c;
    }

    /** The agent's progress onto the backup; its first replacement moves the backup to FinalizingCompression. */
    private void progress(BackupRecord b, JobInfo job, OperationContext ctx) {
        repository.progress(b.id(), job.bytesDone, job.bytesTotal);
        if (job.bytesTotal > 0) {
            // Bytes of qemu-img convert and compare (-p), as the agent counts them; never 100 before the end.
            ctx.progress(Math.min(job.bytesDone, job.bytesTotal * 99 / 100), job.bytesTotal, job.phase);
        }
        if (job.phase != null && job.phase.startsWith("replacing")
                && repository.state(b.id()).status() == CompressionStatus.COMPRESSING) {
            tx.executeWithoutResult(s -> repository.transition(b.id(), CompressionStatus.COMPRESSING,
                    CompressionEvent.FINALIZING, null));
        }
    }

    private Ending succeed(BackupRecord b, CompressionResult r) {
        return then(b, Ending.with(() -> {
            long saved = repository.recordReplaced(b.id(), r.files, ports.clock().instant());
            if (saved > 0) {
                ports.stores().releaseUsed(b.imageStoreId(), saved);
            } else if (saved < 0) {
                ports.stores().addUsed(b.imageStoreId(), -saved);
            }
            repository.transition(b.id(), repository.state(b.id()).status(), CompressionEvent.SUCCEEDED, null);
            long before = repository.sizeBefore(b.id());
            return new SuccessResponse(true, "backup " + b.uuid() + " compressed with " + r.library + ": "
                    + before + " bytes before, " + (before - saved) + " after");
        }).then(() -> LOG.info("Backup {} compressed with {}: {} bytes of its files became {}", b.uuid(), r.library,
                r.sizeBeforeBytes, r.sizeAfterBytes)));
    }

    /**
     * Runs {@link #afterEnd} once the ending committed. It also runs after an attempt that will be retried:
     * the backup's compression has not ended then, and what follows checks that first.
     */
    private Ending then(BackupRecord b, Ending ending) {
        return ending.then(() -> afterEnd.accept(backups.byId(b.id())));
    }

    /**
     * An attempt failed: what the agent already replaced is recorded, the backup goes back to Uncompressed
     * with the reason while another attempt remains, and to CompressionError with it after the last.
     */
    private Ending attemptFailed(Operation op, BackupRecord b, String why, CompressionResult partial) {
        String reason = "Compressing backup " + b.uuid() + " failed (attempt " + op.attempts() + "): " + why;
        LOG.warn(reason);
        tx.executeWithoutResult(s -> {
            if (partial != null) {
                long saved = repository.recordReplaced(b.id(), partial.files, ports.clock().instant());
                if (saved > 0) {
                    ports.stores().releaseUsed(b.imageStoreId(), saved);
                }
            }
            CompressionStatus now = repository.state(b.id()).status();
            if (now == CompressionStatus.COMPRESSING || now == CompressionStatus.FINALIZING_COMPRESSION) {
                repository.transition(b.id(), now, CompressionEvent.ATTEMPT_FAILED, reason);
            }
        });
        return then(b, Ending.retryOrElse(reason, () -> giveUp(b, reason)));
    }

    /** Inside the ending transaction: the backup's compression ends CompressionError; the operation FAILED. */
    private Object giveUp(BackupRecord b, String reason) throws ApiException {
        CompressionStatus now = repository.state(b.id()).status();
        if (now != CompressionStatus.COMPRESSED && now != CompressionStatus.COMPRESSION_ERROR) {
            repository.transition(b.id(), now, CompressionEvent.GAVE_UP, reason);
        }
        throw ApiException.internal(reason + ". That was the last attempt (backup.compression.max.job.retries); the "
                + "backup's files are whole and it restores as before", null);
    }

    private Ending timedOut(Operation op, BackupRecord b, AgentChannel agent, String jobId, OperationContext ctx)
            throws InterruptedException {
        JobInfo ended = ports.jobs().cancel(agent, jobId, CANCEL_GRACE).ended();
        if (ended != null && ended.state == JobState.SUCCEEDED && ended.compressionResult != null) {
            return succeed(b, ended.compressionResult); // it finished before the cancel reached it
        }
        return attemptFailed(op, b, "it did not finish within " + ctx.timeoutSetting() + " (" + ctx.timeout()
                .toSeconds() + " s) and was cancelled on the agent"
                + (ended == null
                        ? " (the agent did not confirm the cancel; it deletes its partial copy when it ends or restarts)"
                        : ""),
                ended == null ? null : ended.compressionResult);
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return cancelled(b, "Compressing backup " + b.uuid() + " " + why);
    }

    /**
     * A cancelled compression: what an operator who stops it expects is the backup as it was, so it is
     * Uncompressed again with the reason (files the agent had already replaced by verified copies stay
     * compressed and are counted), and nothing compresses it again by itself: it is not retried, and its
     * validation, which waited for the compression, goes ahead.
     */
    private Ending cancelled(BackupRecord b, String reason) {
        String text = reason + "; the backup stays Uncompressed, its files are whole and it restores as before; it "
                + "is not compressed again by itself";
        return then(b, Ending.with(() -> {
            CompressionStatus now = repository.state(b.id()).status();
            if (now != CompressionStatus.COMPRESSED && now != CompressionStatus.COMPRESSION_ERROR) {
                repository.cancelled(b.id(), now, text, ports.clock().instant());
            }
            throw ApiException.internal(text, null);
        }));
    }

    @Override
    public Ending expire(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return then(b, Ending.with(() -> giveUp(b, "Compressing backup " + b.uuid() + " " + why)));
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        BackupRecord b = backups.byId(op.requireBackup());
        return then(b, Ending.with(() -> giveUp(b, "Compressing backup " + b.uuid() + " failed on the management "
                + "server: " + failure)));
    }

    /** The operation's context with a deadline a little past the timeout: the agent enforces it first. */
    private static final class AgentFirst implements OperationContext {
        private final OperationContext ctx;

        AgentFirst(OperationContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void progress(int percent) {
            ctx.progress(percent);
        }

        @Override
        public void progress(long done, long total, String phase) {
            ctx.progress(done, total, phase);
        }

        @Override
        public void agentJob(String agentJobId) {
            ctx.agentJob(agentJobId);
        }

        @Override
        public Instant deadline() {
            return ctx.deadline().plus(AGENT_GRACE);
        }

        @Override
        public Duration timeout() {
            return ctx.timeout();
        }

        @Override
        public java.util.Optional<String> cancelRequestedBy() {
            return ctx.cancelRequestedBy();
        }

        @Override
        public void cancelTookEffect() {
            ctx.cancelTookEffect();
        }

        @Override
        public String timeoutSetting() {
            return ctx.timeoutSetting();
        }
    }
}
