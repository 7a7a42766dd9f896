package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.plugin.backup.kboss.domain.backup.BackupPaths;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDecision;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.ChainPolicy;
import io.kboss.plugin.backup.kboss.domain.chain.ChainSize;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.BackupResponse;
import io.kboss.server.backup.BackupView;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a BACKUP operation: decides the backup's chain when it starts (not when it was asked, as the
 * chain policy wants), moves it to BackingUp, sends TakeBackupCommand with the operation's uuid as
 * request id, follows the agent job with progress, and ends the backup with the operation: BackedUp
 * with its files, sizes and checkpoint and the store's used bytes, or Failed (the agent says the disks
 * are untouched) or Error (they may not be, and the VM goes to BackupError). An adopted backup is
 * started again with the same request id: the agent answers with the job it already has, or starts it
 * if it never got it. A backup that runs past {@code kboss.timeout} is cancelled on the agent and ends
 * by what the agent confirms.
 */
public class BackupOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BackupOperation.class);
    /** How long a cancelled agent job may take to confirm its end (cleanup of a partial file). */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private final BackupRepository backups;
    private final ImageStores stores;
    private final VmInventory vms;
    private final ChainRepository chains;
    private final OfferingChainSizes chainSizes;
    private final BackupListing listing;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Consumer<BackupRecord> whenBackedUp;
    private final Consumer<BackupRecord> afterBackedUp;
    private final List<BackupEndListener> listeners;

    /**
     * @param whenBackedUp  what a backup that ends BackedUp brings in the same transaction (its compression,
     *     when its offering compresses)
     * @param afterBackedUp what follows a backup that ended BackedUp, once its end committed (retention
     *     of the schedule that fired it)
     * @param listeners     told of every end in its transaction (backup job runs)
     */
    public BackupOperation(BackupRepository backups, Ports ports, ChainRepository chains, OfferingChainSizes chainSizes,
            BackupListing listing, Consumer<BackupRecord> whenBackedUp, Consumer<BackupRecord> afterBackedUp,
            List<BackupEndListener> listeners) {
        this.backups = backups;
        this.stores = ports.stores();
        this.vms = ports.vms();
        this.chains = chains;
        this.chainSizes = chainSizes;
        this.listing = listing;
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.tx = ports.tx();
        this.clock = ports.clock();
        this.whenBackedUp = whenBackedUp;
        this.afterBackedUp = afterBackedUp;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public OperationKind kind() {
        return BackupOperations.BACKUP;
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        long id = op.requireBackup();
        Started started;
        try {
            // One transaction reads the backup under its row lock and, if it is still Queued, plans and starts
            // it; what the command needs comes out of it, so nothing is read back after the commit.
            started = Transactions.retried(tx, () -> start(backups.byIdForUpdate(id)));
        } catch (RuntimeException e) {
            BackupRecord b = backups.byId(id);
            if (b.status() != BackupStatus.QUEUED) {
                throw e;
            }
            // A backup that cannot be planned (disks gone, chain inconsistent) fails alone.
            LOG.warn("Backup {} could not be started", b.uuid(), e);
            return fail(b, BackupStatus.QUEUED, true, "The backup could not be started: " + e.getMessage());
        }
        BackupRecord backup = started.backup();
        if (backup.status() != BackupStatus.BACKING_UP) {
            return Ending.with(() -> answer(backup));
        }
        AgentChannel agent;
        try {
            agent = agents.forHost(backup.hostId());
        } catch (RuntimeException e) {
            return fail(backup, BackupStatus.BACKING_UP, true, "No channel to the VM's host: " + e.getMessage());
        }
        AgentJobs.Outcome o = jobs.run(agent, command(op, started), ctx, job -> {
            if (job.state == JobState.SUCCEEDED) {
                // The ending records the files' sizes and completes the job: two progress writes here would
                // only delay the end a client waits for. A failed job's last progress stays, to show how far
                // it got.
                return;
            }
            backups.recordProgress(backup.id(), job.bytesDone, job.bytesTotal, clock.instant());
            if (job.bytesTotal > 0) {
                ctx.progress((int) Math.min(99, job.bytesDone * 100 / job.bytesTotal));
            }
        });
        if (o.timedOut()) {
            return timedOut(agent, backup, o.job().jobId, ctx);
        }
        if (o.cancelled()) {
            // The agent removed the partial files and the new checkpoint: the chain goes on from the last
            // BackedUp backup, as after any failed backup (or starts afresh, when the agent says it must).
            return fail(backup, BackupStatus.BACKING_UP, o.disksConsistent(), "The backup " + o.failure()
                    + (o.disksConsistent() ? "; the VM kept running and its disks are as they were" : ""));
        }
        if (o.succeeded() && o.job().backupResult != null) {
            return succeed(backup, o.job().backupResult);
        }
        return fail(backup, BackupStatus.BACKING_UP, o.disksConsistent(), "The backup failed: " + o.failure());
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return fail(b, BackupStatus.QUEUED, true, "The backup " + why + "; nothing was done to the VM");
    }

    @Override
    public Ending expire(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return fail(b, BackupStatus.QUEUED, true, "The backup " + why + "; nothing was done to the VM. Start the "
                + "host's agent, raise backup.max.concurrent.operations / .per.zone / .per.host, or retry later");
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        BackupRecord b = backups.byId(op.requireBackup());
        boolean started = b.status() == BackupStatus.BACKING_UP;
        return fail(b, b.status(), !started, "The backup failed on the management server: " + failure
                + (started ? "; the VM's disks may hold leftovers: run finishBackupChain for the VM, then retry" : ""));
    }

    /**
     * What the start of a backup left: the backup as its row now reads and, when this run planned it, the VM
     * and the files the command names ({@code vm} null when the backup was already started, by an earlier
     * attempt or another server following the same adopted operation, or has ended).
     */
    private record Started(BackupRecord backup, VmRef vm, List<BackupRepository.VolumeFile> files,
            BackupRepository.Checkpoint parent) {
    }

    /** Plans and starts {@code b} if it is still Queued; its row is locked by the caller's transaction. */
    private Started start(BackupRecord b) {
        if (b.status() != BackupStatus.QUEUED) {
            return new Started(b, null, null, null);
        }
        Instant now = clock.instant();
        VmRef vm = vms.lock(b.vmId());
        List<DiskRef> volumes = vms.liveDisks(vm.id());
        if (volumes.isEmpty()) {
            throw new IllegalStateException("VM " + vm.name() + " has no disks any more");
        }
        DiskSet disks = ChainRepository.diskSetOf(volumes);
        Map<ChainKey, ChainRepository.StoredChain> stored = chains.latest(vm.id());
        ChainKey key = b.chainKey();
        ChainSize size = chainSizes.effective(b, vm.zoneId());
        ChainDecision decision = ChainPolicy.decide(ChainRepository.asDomain(stored), key, b.isolated(), disks, size);
        // Checks that the decision fits the chains it was made on; it always does under the VM lock.
        ChainRepository.asDomain(stored).record(key, decision, new ChainLink(b.id(), BackupStatus.BACKING_UP,
                b.isolated() ? null : b.uuid(), now), disks);
        BackupRecord started;
        BackupRepository.Checkpoint parent = null;
        List<BackupRepository.VolumeFile> files = new java.util.ArrayList<>();
        if (decision instanceof ChainDecision.Full full) {
            Long chainId = full.startsChain() ? chains.start(vm.id(), key, disks, full.reason().name(), now) : null;
            Integer position = chainId == null ? null : 0;
            backups.start(b.id(), BackupMode.FULL, chainId, null, position, full.reason().explanation(), now);
            started = b.with(BackupStatus.BACKING_UP, BackupMode.FULL, chainId, null, position);
            for (DiskRef v : volumes) {
                files.add(new BackupRepository.VolumeFile(v.device(), v.id(),
                        BackupPaths.volumeFile(vm.accountId(), v.id(), b.uuid()), null));
            }
        } else {
            ChainDecision.Incremental inc = (ChainDecision.Incremental) decision;
            long chainId = stored.get(key).id();
            chains.grow(chainId);
            backups.start(b.id(), BackupMode.INCREMENTAL, chainId, inc.parentBackupId(), inc.position() - 1, null, now);
            started = b.with(BackupStatus.BACKING_UP, BackupMode.INCREMENTAL, chainId, inc.parentBackupId(),
                    inc.position() - 1);
            BackupRepository.Parent p = backups.parent(inc.parentBackupId());
            parent = p.checkpoint();
            for (DiskRef v : volumes) {
                String parentPath = p.pathsByVolume().get(v.id());
                if (parentPath == null) {
                    throw new IllegalStateException("the parent backup has no file for volume " + v.uuid());
                }
                files.add(new BackupRepository.VolumeFile(v.device(), v.id(),
                        BackupPaths.volumeFile(vm.accountId(), v.id(), b.uuid()), parentPath));
            }
        }
        backups.insertVolumes(b.id(), volumes, files);
        // The command lists the disks in device order, as the backup's files are read back.
        files.sort(java.util.Comparator.comparing(BackupRepository.VolumeFile::device));
        return new Started(started, vm, files, parent);
    }

    /**
     * The agent's command. A backup this run started carries what it needs from its start; one started
     * earlier (an adopted operation, started again with the same request id) is read back.
     */
    private TakeBackupCommand command(Operation op, Started s) {
        BackupRecord b = s.backup();
        boolean incremental = b.type() == BackupMode.INCREMENTAL;
        VmRef vm = s.vm() != null ? s.vm() : vms.byId(b.vmId());
        List<BackupRepository.VolumeFile> files = s.vm() != null ? s.files() : backups.volumeFiles(b.id());
        BackupRepository.Checkpoint parent = !incremental
                ? null
                : s.vm() != null ? s.parent() : backups.checkpointOf(b.parentId());
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = vm.libvirtUuid();
        c.newCheckpoint = b.uuid();
        c.quiesce = b.quiesceRequested();
        c.allowCrashConsistent = false;
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        c.mode = incremental ? BackupMode.INCREMENTAL : BackupMode.FULL;
        if (incremental) {
            c.fromCheckpoint = parent.name();
            c.fromCheckpointXml = parent.xml();
        }
        for (BackupRepository.VolumeFile f : files) {
            BackupDiskTarget d = new BackupDiskTarget();
            d.targetDevice = f.device();
            d.volumeId = Long.toString(f.volumeId());
            d.path = f.path();
            d.parentPath = incremental ? f.parentPath() : null;
            c.disks.add(d);
        }
        return c;
    }

    /**
     * Cancels the agent job and ends the backup by what the agent says of it. The VM is released (the
     * operation ends) only once the agent confirmed the job's end: releasing it earlier would let the next
     * backup reach an agent still busy with this one. Without that confirmation the disks may hold
     * leftovers, so the backup is Error and the VM goes to BackupError.
     */
    private Ending timedOut(AgentChannel agent, BackupRecord b, String jobId, OperationContext ctx)
            throws InterruptedException {
        String why = "The backup did not finish within " + ctx.timeoutSetting() + " (" + ctx.timeout().toSeconds()
                + " s)";
        AgentJobs.Cancel cancel = jobs.cancel(agent, jobId, CANCEL_GRACE);
        JobInfo ended = cancel.ended();
        if (ended != null && ended.state == JobState.SUCCEEDED && ended.backupResult != null) {
            return succeed(b, ended.backupResult); // it finished before the cancel reached it
        }
        if (!cancel.reached()) {
            return ended != null
                    ? fail(b, BackupStatus.BACKING_UP, ended.disksConsistent, why + "; the agent's job ended "
                            + ended.state + ": " + ended.errorText)
                    : fail(b, BackupStatus.BACKING_UP, false, why + " and the agent could not be reached to cancel "
                            + "it: the VM's disks may hold leftovers of the backup. When the host answers again, run "
                            + "finishBackupChain for the VM, then retry");
        }
        if (ended == null) {
            return fail(b, BackupStatus.BACKING_UP, false, why + "; it was cancelled, but the agent did not confirm "
                    + "the end within " + CANCEL_GRACE.toSeconds() + " s: the VM's disks may hold leftovers. Run "
                    + "finishBackupChain for the VM once the agent's job has ended, then retry");
        }
        return fail(b, BackupStatus.BACKING_UP, ended.disksConsistent, why + "; it was cancelled on the agent ("
                + ended.errorText + "). Raise " + ctx.timeoutSetting() + " for disks this large, then retry");
    }

    private Ending succeed(BackupRecord b, BackupResult r) {
        // The backup as the ending leaves its row, kept for what follows the commit (no read back).
        BackupRecord[] backedUp = new BackupRecord[1];
        Ending ending = Ending.with(() -> {
            Instant now = clock.instant();
            BackupRecord planned = b;
            if (r.fullInsteadOfIncremental) {
                // The agent found the parent's bitmap gone and took a full: the backup starts a new chain
                // instead of extending the one it was planned on.
                long chainId = chains.start(b.vmId(), b.chainKey(), ChainRepository.diskSetOf(
                        vms.liveDisks(b.vmId())), "BITMAP_LOST", now);
                backups.recordPlan(b.id(), BackupMode.FULL, chainId, null, 0,
                        "the agent took a full backup: " + r.reason);
                planned = b.with(b.status(), BackupMode.FULL, chainId, null, 0);
            }
            long written = backups.backedUp(b.id(), r, now);
            stores.addUsed(b.imageStoreId(), written);
            backedUp[0] = planned.with(BackupStatus.BACKED_UP);
            whenBackedUp.accept(backedUp[0]);
            listeners.forEach(l -> l.ended(backedUp[0], null));
            return answer(backedUp[0]);
        });
        return ending.then(() -> afterBackedUp.accept(backedUp[0]));
    }

    /** Ends the backup Failed (disks consistent) or Error (VM to BackupError), from status {@code from}. */
    private Ending fail(BackupRecord b, BackupStatus from, boolean disksConsistent, String error) {
        return Ending.with(() -> {
            LOG.warn("Backup {} failed: {}", b.uuid(), error);
            BackupEvent event = disksConsistent
                    ? BackupEvent.FAILED_DISKS_CONSISTENT
                    : BackupEvent.FAILED_DISKS_MAYBE_INCONSISTENT;
            BackupStatus to = backups.transition(b.id(), from, event, error, clock.instant());
            if (to == BackupStatus.ERROR) {
                VmRef locked = vms.lock(b.vmId());
                vms.setState(b.vmId(),
                        VmBackupState.of(locked.state()).next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT)
                                .apiName());
            }
            BackupRecord ended = backups.byId(b.id());
            listeners.forEach(l -> l.ended(ended, error));
            throw ApiException.internal("Backup " + b.uuid() + " ended " + to + ": " + error, null);
        });
    }

    /** The job's answer for a backup that ended: the backup, or why it did not end BackedUp. */
    private Object answer(BackupRecord b) throws ApiException {
        BackupView v = listing.byUuid(b.uuid()).orElseThrow();
        if (b.status() != BackupStatus.BACKED_UP) {
            throw ApiException.internal("Backup " + b.uuid() + " ended " + b.status() + ": " + v.error(), null);
        }
        return new ObjectResponse(BackupResponse.OBJECT_NAME, new BackupResponse(v));
    }
}
