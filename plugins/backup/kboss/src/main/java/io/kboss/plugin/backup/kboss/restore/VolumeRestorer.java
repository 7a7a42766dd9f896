package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.BackupAdmitter;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.plugin.backup.kboss.backup.Transactions;
import io.kboss.plugin.backup.kboss.backup.VmRecord;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.JobProgress;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * restoreVolumeFromBackupAndAttachToVM: flattens one volume's chain of a backup into a new qcow2
 * file in the folder of the target VM's disks, has the agent attach it to the VM (live and
 * persistent when it runs, persistent when stopped, at the next free virtio device), and registers
 * it in {@code volume} as one of the VM's disks. Only an attached volume is registered; a failed
 * attach deletes the file (see {@link RestoredVolumeAttach}).
 *
 * <p>It is queued and admitted like restoreBackup: the request takes the target VM for RESTORE (one
 * operation per VM) and queues a {@code backup_restore} row naming the volume and the new file; the
 * job waits in admission under backup.max.concurrent.operations and .per.host, which moves the backup
 * to Restoring. The end is one transaction: the row deleted (whoever deletes it ends the restore),
 * the backup back to BackedUp, the volume registered if attached, the VM released. A volume restore
 * whose job died with its server is finished by {@link VolumeRestoreRecovery}.
 */
public class VolumeRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRestorer.class);

    private final RestoreRepository repository;
    private final RestoreQueue queue;
    private final BackupAdmitter admitter;
    private final BackupRepository backups;
    private final VmRepository vms;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration queuePoll;
    private final Supplier<String> uuids;

    public VolumeRestorer(RestoreRepository repository, RestoreQueue queue, BackupAdmitter admitter,
            BackupRepository backups, VmRepository vms, AgentChannels agents, AgentJobRunner runner, Settings settings,
            TransactionOperations tx, Clock clock, Sleeper sleeper, Duration queuePoll, Supplier<String> uuids) {
        this.repository = repository;
        this.queue = queue;
        this.admitter = admitter;
        this.backups = backups;
        this.vms = vms;
        this.agents = agents;
        this.runner = runner;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.sleeper = sleeper;
        this.queuePoll = queuePoll;
        this.uuids = uuids;
    }

    /**
     * An accepted volume restore, queued as {@code restoreId}.
     *
     * @param disk the agent's instructions; null for a restore rebuilt by a server that did not accept
     *     it (it only follows the agent job already started)
     */
    public record VolumeRestore(StoredBackup backup, RestoreRepository.SourceVolume source, VmRecord vm,
            RestoreDisk disk, String path, String newVolumeUuid, String requestId, long restoreId) {
    }

    /** The volume made by a finished restore, attached to the VM as {@code device}. */
    public record RestoredVolume(String uuid, String path, String device, boolean live) {
    }

    public VolumeRestore request(Caller caller, String backupUuid, String volumeUuid, String vmUuid)
            throws ApiException {
        return Transactions.run(tx, () -> {
            StoredBackup b = BackupAccess.require(repository, backupUuid, caller);
            RestoreRepository.SourceVolume source = repository.volume(volumeUuid).orElseThrow(
                    () -> ApiException.invalidParameter("No volume with id " + volumeUuid + " exists (volumeid)"));
            RestoreDisk disk = repository.chainToRestore(b).stream()
                    .filter(d -> repository.files(b.id()).stream().anyMatch(f -> f.volumeId() == source.id()
                            && f.device().equals(d.targetDevice)))
                    .findFirst().orElseThrow(() -> ApiException.invalidParameter("Volume " + volumeUuid + " is not "
                            + "in backup " + backupUuid + "; give one of the volumes the backup holds"));
            VmRecord vm = vms.findLiveForUpdate(vmUuid).orElseThrow(() -> ApiException.invalidParameter("No VM with id "
                    + vmUuid + " exists (virtualmachineid); list them with listVirtualMachines"));
            if (!caller.mayAccess(vm.accountId(), vm.domainPath())) {
                throw ApiException.permissionDenied("VM " + vmUuid + " belongs to another account; you may restore "
                        + "volumes only into your own account's VMs");
            }
            if (vm.zoneId() != b.zoneId() || vm.hostId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " must be on a host of the backup's zone to "
                        + "receive a restored volume; wait for discovery to place it, then retry");
            }
            if (!b.status().allowsRestore()) {
                throw ApiException.invalidParameter("Backup " + backupUuid + " is " + b.status() + "; only a BackedUp "
                        + "backup can be restored" + (b.status().isBusy() ? ", retry when it has finished" : ""));
            }
            String folder = repository.diskFolder(vm.id()).orElseThrow(() -> ApiException.invalidParameter("VM "
                    + vm.name() + " has no file disk known to the server to put the restored volume beside; wait "
                    + "for discovery to report its disks, then retry"));
            String newUuid = uuids.get();
            disk.destinationPath = Path.of(folder).resolve("restored-" + newUuid + ".qcow2").toString();
            disk.destinationFormat = "qcow2";
            Instant now = clock.instant();
            if (!vms.takeBusy(vm.id(), BackupRestorer.BUSY_RESTORE, now)) {
                throw new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot restore "
                        + "a volume into VM " + vm.name() + " now: a " + vm.busyOperation().toLowerCase() + " of it is "
                        + "in progress; only one backup, restore or delete runs per VM at a time, retry when it has "
                        + "finished");
            }
            String requestId = uuids.get();
            long restoreId = queue.insertQueuedVolume(b.id(), vm.id(), vm.hostId(), new RestoreQueue.VolumeTarget(
                    source.id(), disk.destinationPath, newUuid), requestId, now);
            return new VolumeRestore(b, source, vm, disk, disk.destinationPath, newUuid, requestId, restoreId);
        });
    }

    /**
     * Waits for a slot, then runs the accepted restore: the agent writes the file, then attaches it to
     * the VM; only an attached volume is registered. The backup is back to BackedUp and the VM released
     * either way.
     *
     * @return the new volume, or an ApiException saying what failed and what to do
     */
    public RestoredVolume run(VolumeRestore r, JobProgress progress) throws InterruptedException, ApiException {
        StoredBackup b = r.backup();
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        Instant giveUp = clock.instant().plus(timeout);
        BackupAdmitter.Attempt attempt;
        while (!(attempt = admitter.tryAdmitRestore(r.restoreId())).admitted()) {
            if (queue.byId(r.restoreId()).isEmpty()) {
                throw ApiException.internal("Restore of volume " + r.source().uuid() + " from backup " + b.uuid()
                        + " ended while it was queued: " + attempt.waitReason() + "; no volume was registered", null);
            }
            if (clock.instant().isAfter(giveUp)) {
                throw ApiException.internal(dropQueued(r, "it waited in the queue longer than kboss.timeout ("
                        + timeout.toSeconds() + " s) and did not start (last: " + attempt.waitReason() + "). Start "
                        + "the host's agent, raise backup.max.concurrent.operations / .per.host, or retry later"),
                        null);
            }
            sleeper.sleep(queuePoll);
        }
        AgentClient agent;
        AgentJobRunner.Outcome restored;
        try {
            agent = agents.forHost(r.vm().hostId());
        } catch (RuntimeException e) {
            return finish(r, null, new AgentJobRunner.Outcome(null, "no channel to the VM's host: " + e.getMessage(),
                    true), progress);
        }
        RestoreBackupCommand c = new RestoreBackupCommand();
        c.requestId = r.requestId();
        c.backupUuid = b.uuid();
        c.vmUuid = r.vm().libvirtUuid();
        c.store = backups.store(b.imageStoreId()).asStoreRef();
        c.disks.add(r.disk());
        restored = runner.run(agent, c, timeout, job -> {
            if (job.bytesTotal > 0) {
                progress.report((int) Math.min(95, job.bytesDone * 95 / job.bytesTotal));
            }
        });
        return finish(r, agent, restored, progress);
    }

    /**
     * Ends a restore whose agent job ended as {@code restored}: attaches the file when the job
     * succeeded, then ends the restore in one transaction. Also used by {@link VolumeRestoreRecovery}
     * for a job it followed.
     */
    RestoredVolume finish(VolumeRestore r, AgentClient agent, AgentJobRunner.Outcome restored, JobProgress progress)
            throws ApiException {
        StoredBackup b = r.backup();
        String failure = restored.failure();
        RestoredVolumeAttach.Outcome attachment = null;
        if (failure == null) {
            attachment = RestoredVolumeAttach.attach(agent, r.vm().libvirtUuid(), r.path());
            failure = attachment.failure();
        }
        RestoredVolumeAttach.Outcome attached = attachment != null && attachment.attached() ? attachment : null;
        String volumeName = "restored-" + r.source().name() + "-" + b.uuid().substring(0, 8);
        String[] registered = new String[1];
        boolean ended = Boolean.TRUE.equals(tx.execute(s -> {
            if (!queue.delete(r.restoreId())) {
                return false; // another management server ended it
            }
            Instant now = clock.instant();
            backups.transition(b.id(), BackupStatus.RESTORING, BackupEvent.RESTORE_ENDED, null, now);
            if (attached != null) {
                // The VM row lock orders this with discovery, which updates the VM before its volumes.
                vms.byIdForUpdate(r.vm().id());
                registered[0] = repository.registerAttachedVolume(r.newVolumeUuid(), volumeName, r.vm().id(),
                        attached.targetDevice(), attached.bus(), r.path(), r.source().virtualSize(), now);
            }
            vms.releaseBusy(r.vm().id(), BackupRestorer.BUSY_RESTORE);
            return true;
        }));
        progress.report(100);
        if (!ended) {
            LOG.info("Volume restore {} of backup {} was already ended by another management server", r.restoreId(),
                    b.uuid());
            throw ApiException.internal("Restore of volume " + r.source().uuid() + " from backup " + b.uuid()
                    + " was ended by another management server; see listVolumes for the result", null);
        }
        if (attached == null) {
            throw ApiException.internal("Restore of volume " + r.source().uuid() + " from backup " + b.uuid()
                    + " into VM " + r.vm().name() + " failed: " + failure + "; no volume was registered, fix the "
                    + "cause and run restoreVolumeFromBackupAndAttachToVM again", null);
        }
        return new RestoredVolume(registered[0], r.path(), attached.targetDevice(), attached.live());
    }

    /**
     * Ends a volume restore that never started (still Queued): nothing was written, the backup is
     * still BackedUp; the row goes and the VM is released.
     *
     * @return the error in words
     */
    String dropQueued(VolumeRestore r, String why) {
        String error = "Restore of volume " + r.source().uuid() + " from backup " + r.backup().uuid() + " into VM "
                + r.vm().name() + " did not start: " + why + "; no volume was registered";
        LOG.warn(error);
        tx.executeWithoutResult(s -> {
            if (queue.deleteQueued(r.restoreId())) {
                vms.releaseBusy(r.vm().id(), BackupRestorer.BUSY_RESTORE);
            }
        });
        return error;
    }

    /** The volume restore as it was accepted, rebuilt from its row (for a server that did not accept it). */
    VolumeRestore restoreOf(RestoreQueue.Entry e) {
        RestoreQueue.VolumeTarget t = e.volume();
        RestoreRepository.SourceVolume source = repository.volumeById(t.volumeId()).orElseThrow(
                () -> new IllegalStateException("volume " + t.volumeId() + " of restore " + e.id() + " is gone"));
        return new VolumeRestore(repository.byId(e.backupId()), source, vms.byId(e.vmId()), null,
                t.destinationPath(), t.newVolumeUuid(), e.requestId(), e.id());
    }
}
