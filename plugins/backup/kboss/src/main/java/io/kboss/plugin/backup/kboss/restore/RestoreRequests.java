package io.kboss.plugin.backup.kboss.restore;

import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.server.backup.Transactions;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.RestoreBackup;
import io.kboss.server.backup.RestoreVolume;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts restoreBackup and restoreVolumeFromBackupAndAttachToVM: every check that can refuse the call
 * runs under the VM's row lock, and the RESTORE or VOLUME_RESTORE operation is queued in the same
 * transaction (the queue holds one live operation per VM: a busy VM is refused with 431). The backup
 * stays BackedUp while the operation waits for a slot; its handler moves it to Restoring when it starts.
 */
public class RestoreRequests {
    /** The payload field of a restore: quick restore asked. */
    static final String QUICK = "quick";
    /** The payload fields of a volume restore: the backed-up volume, the new file and the new volume's uuid. */
    static final String VOLUME = "volumeId";
    static final String DESTINATION = "destinationPath";
    static final String NEW_VOLUME = "newVolumeUuid";

    private final BackupAccess access;
    private final RestoreRepository repository;
    private final VmInventory vms;
    private final Directory directory;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Supplier<String> uuids;

    public RestoreRequests(BackupAccess access, RestoreRepository repository, VmInventory vms,
            Directory directory, OperationQueue queue, TransactionOperations tx, Supplier<String> uuids) {
        this.access = access;
        this.repository = repository;
        this.vms = vms;
        this.directory = directory;
        this.queue = queue;
        this.tx = tx;
        this.uuids = uuids;
    }

    /** An accepted restore: the backup restored, and its queued operation. */
    public record Accepted(BackupRecord backup, Operation operation) {
    }

    /** restoreBackup; the framework let only a root administrator name the host. */
    public Accepted restore(Caller caller, RestoreBackup request) throws ApiException {
        String backupUuid = request.backupUuid();
        boolean quick = request.quick();
        String hostUuid = request.hostUuid();
        return Transactions.run(tx, () -> {
            BackupRecord b = access.requireLive(backupUuid, caller);
            VmRef vm = vms.lockLive(vms.byId(b.vmId()).uuid()).orElseThrow(
                    () -> ApiException.invalidParameter("The VM of backup " + backupUuid + " was removed; restore its "
                            + "volumes into another VM with restoreVolumeFromBackupAndAttachToVM"));
            if (!b.status().allowsRestore()) {
                throw ApiException.invalidParameter("Backup " + backupUuid + " is " + b.status() + "; only a BackedUp "
                        + "backup can be restored" + (b.status().isBusy() ? ", retry when it has finished" : ""));
            }
            var refusal = VmBackupState.of(vm.state()).refusalForBackupOrRestore(vm.label());
            if (refusal.isPresent()) {
                throw ApiException.invalidParameter(refusal.get());
            }
            if (quick && !repository.allowsQuickRestore(b.offeringId())) {
                throw ApiException.invalidParameter("The backup offering of backup " + backupUuid + " does not allow "
                        + "quick restore (allowquickrestore); restore it without quickrestore");
            }
            if (!"PowerOff".equals(vm.powerState())) {
                throw ApiException.invalidParameter("VM " + vm.name() + " must be stopped to be restored (it is "
                        + vm.powerStateName() + "); stop it and retry" + (quick
                                ? ": quick restore starts it itself"
                                : ""));
            }
            long hostId = host(vm, b, hostUuid);
            Operation op = queue.enqueue(NewOperation.of(BackupOperations.RESTORE, Origin.API)
                    .on(vm.id(), hostId, b.zoneId()).backup(b.id()).payload(Payload.EMPTY.with(QUICK, quick)));
            return new Accepted(b, op);
        });
    }

    private long host(VmRef vm, BackupRecord b, String hostUuid) throws ApiException {
        if (hostUuid != null) {
            return directory.upHost(hostUuid, b.zoneId()).orElseThrow(() -> ApiException.invalidParameter("Host "
                    + hostUuid + " is not an Up host of the backup's zone; list them with listHosts"));
        }
        if (vm.hostId() == null) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is on no known host; wait until a host's "
                    + "discovery reports it, or give hostid, then retry");
        }
        return vm.hostId();
    }

    public Accepted restoreVolume(Caller caller, RestoreVolume request) throws ApiException {
        String backupUuid = request.backupUuid();
        String volumeUuid = request.volumeUuid();
        String vmUuid = request.vmUuid();
        return Transactions.run(tx, () -> {
            BackupRecord b = access.requireLive(backupUuid, caller);
            if (request.quick() && !repository.allowsQuickRestore(b.offeringId())) {
                throw ApiException.invalidParameter("Parameter quickrestore: the backup offering of backup "
                        + backupUuid + " does not allow quick restore (allowquickrestore is false); restore the "
                        + "volume without quickrestore");
            }
            if (request.hostUuid() != null && directory.host(request.hostUuid()).isEmpty()) {
                throw ApiException.invalidParameter("Parameter hostid: no host has ID " + request.hostUuid());
            }
            DiskRef source = vms.disk(volumeUuid).orElseThrow(
                    () -> ApiException.invalidParameter("No volume with id " + volumeUuid + " exists (volumeid)"));
            boolean inBackup = repository.files(b.id()).stream().anyMatch(f -> f.volumeId() == source.id());
            if (!inBackup) {
                throw ApiException.invalidParameter("Volume " + volumeUuid + " is not in backup " + backupUuid
                        + "; give one of the volumes the backup holds");
            }
            VmRef vm = vms.lockLive(vmUuid).orElseThrow(() -> ApiException.invalidParameter("No VM with id "
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
            if (request.quick()) {
                refuseQuick(vm, request.hostUuid());
            }
            String folder = vms.diskFolder(vm.id()).orElseThrow(() -> ApiException.invalidParameter("VM "
                    + vm.name() + " has no file disk known to the server to put the restored volume beside; wait "
                    + "for discovery to report its disks, then retry"));
            String newUuid = uuids.get();
            String destination = Path.of(folder).resolve("restored-" + newUuid + ".qcow2").toString();
            Operation op = queue.enqueue(NewOperation.of(BackupOperations.VOLUME_RESTORE, Origin.API)
                    .on(vm.id(), vm.hostId(), b.zoneId()).backup(b.id())
                    .payload(Payload.EMPTY.with(VOLUME, source.id()).with(DESTINATION, destination)
                            .with(NEW_VOLUME, newUuid).with(QUICK, request.quick())));
            return new Accepted(b, op);
        });
    }

    /**
     * What a quick volume restore cannot do, refused before anything is queued. It runs where the VM
     * is: a running VM gets the disk at once and pulls the data in; a stopped VM (known to libvirt)
     * gets the volume restored in full and then attached, which the answer says. A VM in any other
     * power state, or one whose transient domain is gone, cannot take either.
     */
    private void refuseQuick(VmRef vm, String hostUuid) throws ApiException {
        if (hostUuid != null && !directory.host(hostUuid).map(h -> h.longValue() == vm.hostId()).orElse(false)) {
            throw ApiException.invalidParameter("Parameter hostid: a quick volume restore runs on the host of VM "
                    + vm.name() + ", where the disk is attached; leave hostid out or give that host");
        }
        if (!"PowerOn".equals(vm.powerState()) && !"PowerOff".equals(vm.powerState())) {
            throw ApiException.invalidParameter("Parameter quickrestore: VM " + vm.name() + " is "
                    + vm.powerStateName() + "; a quick volume restore needs it Running (the disk is attached at once "
                    + "and filled while it runs) or Stopped (the volume is restored in full, then attached); wait "
                    + "until the host reports it, or restore without quickrestore");
        }
        if (!vms.domainDefined(vm.id())) {
            throw ApiException.invalidParameter("Parameter quickrestore: VM " + vm.name() + " is not defined on its "
                    + "host (a transient VM that stopped), so no disk can be attached to it; start it first");
        }
    }

    /** The disk of a volume restore: the chain of the backed-up volume, flattened into the new file. */
    static RestoreDisk volumeDisk(RestoreRepository repository, BackupRecord b, long volumeId, String destination) {
        String device = repository.files(b.id()).stream().filter(f -> f.volumeId() == volumeId)
                .map(BackupFile::device).findFirst().orElseThrow(() -> new IllegalStateException(
                        "backup " + b.uuid() + " holds no file of the volume to restore"));
        RestoreDisk disk = repository.chainToRestore(b).stream().filter(d -> d.targetDevice.equals(device))
                .findFirst().orElseThrow();
        disk.destinationPath = destination;
        disk.destinationFormat = "qcow2";
        return disk;
    }
}
