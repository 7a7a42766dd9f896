package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.QuickRestoreVolumeCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.AttachedVolume;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a VOLUME_RESTORE operation (restoreVolumeFromBackupAndAttachToVM): flattens one volume's chain
 * of a backup into a new qcow2 file beside the target VM's disks, has the agent attach it to the VM
 * (live and persistent when it runs, persistent when stopped, at the next free virtio device), and ends
 * in one transaction with the operation: the backup back to BackedUp and, when attached, the file
 * registered in {@code volume} as the VM's DATADISK. A failed attach registers nothing (the agent
 * deletes the file, see {@link RestoredVolumeAttach}). A VM whose transient domain ended when it stopped
 * (CloudStack's VMs) is restored into the folder of the disks discovery kept, and the volume is recorded
 * without an attach, as there is no domain to attach to (see {@link RestoredVolumeAttach#recordedOnly}).
 *
 * <p>With quickrestore (the payload's {@code quick}) and the VM running when the operation starts,
 * the agent instead attaches an overlay over the backup at once and pulls the data in while the VM
 * runs ({@link QuickRestoreVolumeCommand}); the operation ends only when the disk no longer reads
 * through the store, and a failure or cancel leaves the disk detached and the file deleted (the agent
 * undoes it). A pull whose agent restarted (AGENT_RESTARTED after the disk was attached) is resumed
 * with a new request id, up to {@link #RESUMES} times. With the VM stopped, quickrestore takes the
 * offline path, the plain restore above, and the answer says so.
 *
 * <p>Adopted from a server that died, it follows the agent's job by its request id (or starts it if it
 * never began), then attaches and registers as the dead server would have. What this accepts: if the
 * dead server had attached the file but not registered it, the attach here is refused (the VM already
 * names the file, which the agent keeps) and nothing is registered; the host's next discovery lists it.
 */
public class VolumeRestoreOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRestoreOperation.class);
    /** How many agent restarts one quick volume restore rides out before it gives up. */
    static final int RESUMES = 3;

    private final BackupRepository backups;
    private final ImageStores stores;
    private final RestoreRepository repository;
    private final VmInventory vms;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final TransactionOperations tx;
    private final Clock clock;

    public VolumeRestoreOperation(BackupRepository backups, Ports ports, RestoreRepository repository) {
        this.backups = backups;
        this.stores = ports.stores();
        this.repository = repository;
        this.vms = ports.vms();
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.tx = ports.tx();
        this.clock = ports.clock();
    }

    /** One volume restore as its row describes it. */
    private record Target(BackupRecord backup, VmRef vm, DiskRef source, String path,
            String newVolumeUuid) {
        String describe() {
            return "Restore of volume " + source.uuid() + " from backup " + backup.uuid() + " into VM " + vm.name();
        }
    }

    @Override
    public OperationKind kind() {
        return BackupOperations.VOLUME_RESTORE;
    }

    private Target target(Operation op) {
        long volumeId = op.payload().requireLong(RestoreRequests.VOLUME);
        DiskRef source = vms.disk(volumeId).orElseThrow(
                () -> new IllegalStateException("the backed-up volume of volume restore " + op.uuid() + " is gone"));
        return new Target(backups.byId(op.requireBackup()), vms.byId(op.requireVm()), source,
                op.payload().requireString(RestoreRequests.DESTINATION),
                op.payload().requireString(RestoreRequests.NEW_VOLUME));
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        Target t = target(op);
        BackupRecord b = t.backup();
        if (b.status() == BackupStatus.BACKED_UP) {
            tx.executeWithoutResult(s -> backups.transition(b.id(), BackupStatus.BACKED_UP,
                    BackupEvent.RESTORE_STARTED, null, clock.instant()));
        } else if (b.status() != BackupStatus.RESTORING) {
            return Ending.with(() -> {
                throw ApiException.internal(t.describe() + " did not start: the backup is " + b.status()
                        + ", no longer BackedUp; no volume was registered", null);
            });
        }
        AgentChannel agent;
        try {
            agent = agents.forHost(op.hostId());
        } catch (RuntimeException e) {
            return end(t, "no channel to the VM's host: " + e.getMessage(), null, null);
        }
        Consumer<JobInfo> progress = job -> {
            if (job.bytesTotal > 0) {
                ctx.progress((int) Math.min(95, job.bytesDone * 95 / job.bytesTotal));
            }
        };
        boolean quick = op.payload().bool(RestoreRequests.QUICK);
        if (quick && "PowerOn".equals(t.vm().powerState())) {
            return quick(op, ctx, t, agent, progress);
        }
        RestoreBackupCommand c = new RestoreBackupCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = t.vm().libvirtUuid();
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        c.disks.add(RestoreRequests.volumeDisk(repository, b, t.source().id(), t.path()));
        AgentJobs.Outcome o = jobs.run(agent, c, ctx, progress);
        if (!o.succeeded()) {
            String failure = o.failure() + (o.job() == null ? "" : "; check the host for " + t.path());
            return end(t, failure, null, null);
        }
        // Read after the copy, not at the call: the VM may have stopped (or started) while it ran.
        RestoredVolumeAttach.Outcome attached = vms.domainDefined(t.vm().id())
                ? RestoredVolumeAttach.attach(agent, t.vm().libvirtUuid(), t.path())
                : RestoredVolumeAttach.recordedOnly(vms.liveDisks(t.vm().id()), t.path());
        return end(t, attached.failure(), attached.attached() ? attached : null, quick
                ? "; quickrestore: the VM was stopped, so the volume was restored in full before it was attached"
                        + " (offline path)"
                : "");
    }

    /**
     * The quick path: the agent attaches the overlay and pulls; the job ends when the disk is standalone,
     * or when the agent undid the restore. An adopted operation asks again with the same request ids, which
     * the agent answers with the jobs it has.
     */
    private Ending quick(Operation op, OperationContext ctx, Target t, AgentChannel agent,
            Consumer<JobInfo> progress) throws InterruptedException {
        BackupRecord b = t.backup();
        QuickRestoreVolumeCommand c = new QuickRestoreVolumeCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = t.vm().libvirtUuid();
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        c.disk = RestoreRequests.volumeDisk(repository, b, t.source().id(), t.path());
        AgentJobs.Outcome o = jobs.run(agent, c, ctx, progress);
        for (int resume = 1; resume <= RESUMES && attachedWhenAgentRestarted(o); resume++) {
            LOG.info("{}: the agent restarted while the disk was attached and being filled; resuming ({} of {})",
                    t.describe(), resume, RESUMES);
            QuickRestoreVolumeCommand again = new QuickRestoreVolumeCommand();
            again.requestId = op.uuid() + "-resume-" + resume;
            again.backupUuid = b.uuid();
            again.vmUuid = c.vmUuid;
            again.disk = c.disk;
            again.resumeConsolidation = true;
            o = jobs.run(agent, again, ctx, progress);
        }
        RestoreResult r = o.job() == null ? null : o.job().restoreResult;
        if (!o.succeeded() || r == null || r.attachedDevice == null) {
            String failure = (o.succeeded() ? "the agent did not say which disk it attached" : o.failure())
                    + (attachedWhenAgentRestarted(o)
                            ? "; the disk is still attached and reads through the backup: "
                                    + "detach and delete " + t.path() + " on the host, or restore again"
                            : "");
            return end(t, failure, null, null);
        }
        return end(t, null, new RestoredVolumeAttach.Outcome(r.attachedDevice, "virtio", true, true, null),
                r.consolidatedOffline
                        ? " with quick restore; the VM stopped while the data was pulled in, so the rest was copied "
                                + "while it was stopped"
                        : " with quick restore: attached at once over the backup, filled while the VM ran, and no "
                                + "longer reading from the backup store");
    }

    /** Whether the agent's restart ended the job after the disk was attached (so it stays attached, to resume). */
    private static boolean attachedWhenAgentRestarted(AgentJobs.Outcome o) {
        return !o.succeeded() && o.job() != null && o.job().errorCode == ErrorCode.AGENT_RESTARTED
                && o.job().restoreResult != null && o.job().restoreResult.vmStartedAtMillis > 0;
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        Target t = target(op);
        return Ending.with(() -> {
            throw ApiException.internal(t.describe() + " " + why + "; no volume was written or registered", null);
        });
    }

    @Override
    public Ending expire(Operation op, String why) {
        Target t = target(op);
        return Ending.with(() -> {
            throw ApiException.internal(t.describe() + " " + why + ". Start the host's agent, raise "
                    + "backup.max.concurrent.operations / .per.zone / .per.host, or retry later; no volume was "
                    + "registered", null);
        });
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        Target t = target(op);
        if (t.backup().status() != BackupStatus.RESTORING) {
            return expire(op, "failed on the management server before it began (" + failure + ")");
        }
        return end(t, "it failed on the management server: " + failure + "; check the host for " + t.path(), null,
                null);
    }

    /** Ends the restore with its operation: the backup BackedUp again, the volume registered when attached. */
    private Ending end(Target t, String failure, RestoredVolumeAttach.Outcome attached, String how) {
        return Ending.with(() -> {
            Instant now = clock.instant();
            backups.transition(t.backup().id(), BackupStatus.RESTORING, BackupEvent.RESTORE_ENDED, null, now);
            if (attached == null) {
                String error = t.describe() + " failed: " + failure + "; no volume was registered, fix the cause and "
                        + "run restoreVolumeFromBackupAndAttachToVM again";
                LOG.warn(error);
                throw ApiException.internal(error, null);
            }
            // The VM row lock orders this with discovery, which updates the VM before its volumes.
            vms.lock(t.vm().id());
            String volumeName = "restored-" + t.source().name() + "-" + t.backup().uuid().substring(0, 8);
            String uuid = vms.registerAttachedVolume(new AttachedVolume(t.newVolumeUuid(), volumeName, t.vm().id(),
                    attached.targetDevice(), attached.bus(), t.path(), t.source().virtualSize()), now);
            if (!attached.inDomain()) {
                return new SuccessResponse(true, "restored into volume " + uuid + " at " + t.path() + ", recorded as"
                        + " VM " + t.vm().name() + "'s disk " + attached.targetDevice() + "; the VM is stopped and its"
                        + " host no longer defines it (a transient VM), so no domain was changed: the disk is in the VM"
                        + " when whoever starts it defines it with this file (CloudStack does, as it attaches the"
                        + " volume)");
            }
            return new SuccessResponse(true, "restored into volume " + uuid + " at " + t.path() + ", attached to VM "
                    + t.vm().name() + " as " + attached.targetDevice() + (attached.live()
                            ? " (live and persistent)"
                            : " (persistent; the VM is stopped and sees it when started)")
                    + how);
        });
    }
}
