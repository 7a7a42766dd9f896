package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
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
import org.springframework.transaction.support.TransactionOperations;

/**
 * restoreVolumeFromBackupAndAttachToVM: flattens one volume's chain of a backup into a new qcow2
 * file in the folder of the target VM's disks, has the agent attach it to the VM (live and
 * persistent when it runs, persistent when stopped, at the next free virtio device), and registers
 * it in {@code volume} as one of the VM's disks. Only an attached volume is registered; a failed
 * attach deletes the file (see {@link RestoredVolumeAttach}). The target VM is taken for RESTORE
 * while this runs (one operation per VM), the backup is Restoring meanwhile.
 */
public class VolumeRestorer {
    private final RestoreRepository repository;
    private final BackupRepository backups;
    private final VmRepository vms;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;

    public VolumeRestorer(RestoreRepository repository, BackupRepository backups, VmRepository vms,
            AgentChannels agents, AgentJobRunner runner, Settings settings, TransactionOperations tx, Clock clock,
            Supplier<String> uuids) {
        this.repository = repository;
        this.backups = backups;
        this.vms = vms;
        this.agents = agents;
        this.runner = runner;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.uuids = uuids;
    }

    /** An accepted volume restore. */
    public record VolumeRestore(StoredBackup backup, RestoreRepository.SourceVolume source, VmRecord vm,
            RestoreDisk disk, String newVolumeUuid, String requestId) {
    }

    /** The volume made by a finished restore, attached to the VM as {@code device}. */
    public record RestoredVolume(String uuid, String path, String device, boolean live) {
    }

    public VolumeRestore request(Caller caller, String backupUuid, String volumeUuid, String vmUuid)
            throws ApiException {
        return InTransaction.run(tx, () -> {
            StoredBackup b = BackupAccess.require(repository, backupUuid, caller);
            RestoreRepository.SourceVolume source = repository.volume(volumeUuid).orElseThrow(() ->
                    ApiException.invalidParameter("No volume with id " + volumeUuid + " exists (volumeid)"));
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
            backups.transition(b.id(), BackupStatus.BACKED_UP, BackupEvent.RESTORE_STARTED, null, now);
            return new VolumeRestore(b, source, vm, disk, newUuid, uuids.get());
        });
    }

    /**
     * Runs the accepted restore: the agent writes the file, then attaches it to the VM; only an
     * attached volume is registered. The backup is back to BackedUp and the VM released either way.
     *
     * @return the new volume, or an ApiException saying what failed and what to do
     */
    public RestoredVolume run(VolumeRestore r, JobProgress progress) throws InterruptedException, ApiException {
        StoredBackup b = r.backup();
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        String path = r.disk().destinationPath;
        String failure;
        RestoredVolumeAttach.Outcome attach = null;
        try {
            AgentClient agent = agents.forHost(r.vm().hostId());
            RestoreBackupCommand c = new RestoreBackupCommand();
            c.requestId = r.requestId();
            c.backupUuid = b.uuid();
            c.vmUuid = r.vm().libvirtUuid();
            c.store = backups.store(b.imageStoreId()).asStoreRef();
            c.disks.add(r.disk());
            AgentJobRunner.Outcome restored = runner.run(agent, c, timeout, job -> {
                if (job.bytesTotal > 0) {
                    progress.report((int) Math.min(95, job.bytesDone * 95 / job.bytesTotal));
                }
            });
            failure = restored.failure();
            if (failure == null) {
                attach = RestoredVolumeAttach.attach(agent, r.vm().libvirtUuid(), path);
                failure = attach.failure();
            }
        } catch (RuntimeException e) {
            failure = "no channel to the VM's host: " + e.getMessage();
        }
        RestoredVolumeAttach.Outcome attachment = attach;
        boolean attached = attachment != null && attachment.attached();
        String volumeName = "restored-" + r.source().name() + "-" + b.uuid().substring(0, 8);
        String uuid = tx.execute(s -> {
            Instant now = clock.instant();
            backups.transition(b.id(), BackupStatus.RESTORING, BackupEvent.RESTORE_ENDED, null, now);
            String registered = null;
            if (attached) {
                // The VM row lock orders this with discovery, which updates the VM before its volumes.
                vms.byIdForUpdate(r.vm().id());
                registered = repository.registerAttachedVolume(r.newVolumeUuid(), volumeName, r.vm().id(),
                        attachment.targetDevice(), attachment.bus(), path, r.source().virtualSize(), now);
            }
            vms.releaseBusy(r.vm().id(), BackupRestorer.BUSY_RESTORE);
            return registered;
        });
        progress.report(100);
        if (!attached) {
            throw ApiException.internal("Restore of volume " + r.source().uuid() + " from backup " + b.uuid()
                    + " into VM " + r.vm().name() + " failed: " + failure + "; no volume was registered, fix the "
                    + "cause and run restoreVolumeFromBackupAndAttachToVM again", null);
        }
        return new RestoredVolume(uuid, path, attachment.targetDevice(), attachment.live());
    }
}
