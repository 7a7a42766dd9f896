package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.NewVmFromBackup;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts createVMFromBackup: checks the backup (any BackedUp backup the caller may act on, whether or not its
 * VM still exists), places the new VM (host, folder, name, its uuids decided now so a server that adopts the
 * operation sends the agent the same request), checks that a definition can be had for it on that host
 * ({@link NewVmDefinition}: a backup older than recorded definitions may have none) and queues the
 * VM_FROM_BACKUP operation in one transaction.
 */
public class NewVmRequests {
    static final String NAME = "name";
    static final String VM_UUID = "vmUuid";
    static final String LIBVIRT_UUID = "libvirtUuid";
    static final String FOLDER = "folder";
    static final String NICS = "nics";
    static final String QUICK = "quick";
    static final String START = "start";

    private final BackupAccess access;
    private final BackupRepository backups;
    private final RestoreRepository repository;
    private final VmInventory vms;
    private final Directory directory;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Supplier<String> uuids;

    public NewVmRequests(BackupAccess access, BackupRepository backups, RestoreRepository repository,
            VmInventory vms, Directory directory, OperationQueue queue, TransactionOperations tx,
            Supplier<String> uuids) {
        this.access = access;
        this.backups = backups;
        this.repository = repository;
        this.vms = vms;
        this.directory = directory;
        this.queue = queue;
        this.tx = tx;
        this.uuids = uuids;
    }

    /** An accepted request: the backup, the queued operation and the new VM's name. */
    public record Accepted(BackupRecord backup, Operation operation, String name) {
    }

    public Accepted request(Caller caller, NewVmFromBackup r) throws ApiException {
        return Transactions.run(tx, () -> {
            BackupRecord b = access.requireLive(r.backupUuid(), caller);
            if (!b.status().allowsRestore()) {
                throw ApiException.invalidParameter("Backup " + b.uuid() + " is " + b.status() + "; only a BackedUp "
                        + "backup can be made into a new VM" + (b.status().isBusy()
                                ? ", retry when it has finished"
                                : ""));
            }
            if (r.quick() && !repository.allowsQuickRestore(b.offeringId())) {
                throw ApiException.invalidParameter("The backup offering of backup " + b.uuid() + " does not allow "
                        + "quick restore (allowquickrestore); create the VM without quickrestore");
            }
            VmRef original = vms.byId(b.vmId());
            long hostId = host(r.hostUuid(), original, b);
            NewVmDefinition.choose(backups, vms, b, devices(b), hostId, r.nics());
            String folder = r.destinationFolder() != null ? r.destinationFolder() : folder(b);
            String name = r.name() != null ? r.name() : original.name() + "-from-" + b.uuid().substring(0, 8);
            Operation op = queue.enqueue(NewOperation.of(NewVmOperation.KIND, Origin.API)
                    .on(original.id(), hostId, b.zoneId()).backup(b.id())
                    .payload(Payload.EMPTY.with(NAME, name).with(VM_UUID, uuids.get()).with(LIBVIRT_UUID, uuids.get())
                            .with(FOLDER, folder).with(NICS, r.nics()).with(QUICK, r.quick())
                            .with(START, r.quick() || r.startVm())));
            return new Accepted(b, op, name);
        });
    }

    private long host(String hostUuid, VmRef original, BackupRecord b) throws ApiException {
        if (hostUuid != null) {
            return directory.upHost(hostUuid, b.zoneId()).orElseThrow(() -> ApiException.invalidParameter("Host "
                    + hostUuid + " is not an Up host of the backup's zone (hostid); list them with listHosts"));
        }
        if (original.hostId() != null && directory.isUp(original.hostId())) {
            return original.hostId();
        }
        return directory.anyUpHost(b.zoneId()).orElseThrow(() -> ApiException.invalidParameter("The backup's zone "
                + "has no Up host to create the VM on; bring a host's agent up, then retry"));
    }

    /** The device names of the backup's disks: the new VM's. */
    private List<String> devices(BackupRecord b) {
        return repository.files(b.id()).stream().map(BackupFile::device).toList();
    }

    /** The folder of the original VM's first file disk in the backup, whether or not the VM still exists. */
    private String folder(BackupRecord b) throws ApiException {
        return repository.files(b.id()).stream().map(f -> vms.disk(f.volumeId()).orElse(null))
                .filter(Objects::nonNull).filter(d -> "FILE".equals(d.storageKind())).map(DiskRef::path)
                .filter(Objects::nonNull).map(p -> Path.of(p).getParent()).filter(Objects::nonNull)
                .map(Path::toString).findFirst().orElseThrow(() -> ApiException.invalidParameter("The server knows "
                        + "no folder of backup " + b.uuid() + "'s disks to put the new VM's beside; give "
                        + "destinationfolder (root administrators)"));
    }
}
