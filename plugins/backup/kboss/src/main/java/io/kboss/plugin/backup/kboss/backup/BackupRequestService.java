package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts a createBackup: every check that can refuse the call runs here, under the VM's row lock,
 * and in the same transaction the backup is stored Queued and its BACKUP operation queued. The queue
 * holds one live operation per VM (a unique key), so a second call for a busy VM is refused with 431
 * naming the VM and what holds it. Nothing is decided about the chain yet: that happens when the
 * operation starts ({@link BackupOperation}).
 */
public class BackupRequestService {
    private final VmRepository vms;
    private final BackupRepository backups;
    private final JdbcBackupOfferingRepository offerings;
    private final OperationQueue queue;
    private final JdbcTemplate jdbc;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;

    public BackupRequestService(VmRepository vms, BackupRepository backups, JdbcBackupOfferingRepository offerings,
            OperationQueue queue, JdbcTemplate jdbc, TransactionOperations tx, Clock clock, Supplier<String> uuids) {
        this.vms = vms;
        this.backups = backups;
        this.offerings = offerings;
        this.queue = queue;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.uuids = uuids;
    }

    /** A queued backup and its operation. */
    public record Queued(BackupRecord backup, Operation operation) {
    }

    public Queued request(Caller caller, String vmUuid, boolean quiesce, boolean isolated) throws ApiException {
        return Transactions.run(tx, () -> {
            VmRecord vm = VmAccess.require(vms.findLiveForUpdate(vmUuid), vmUuid, caller);
            if (vm.offeringId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is not assigned to a backup offering; "
                        + "assign it with assignVirtualMachineToBackupOffering first");
            }
            OfferingView offering = offering(vm.offeringId());
            if (!caller.isAdmin() && !offering.offering().userDrivenBackups()) {
                throw ApiException.permissionDenied("Backup offering " + offering.offering().name() + " does not "
                        + "allow user-driven backups; backups of VM " + vm.name() + " are taken by its schedules or "
                        + "by an administrator");
            }
            var refusal = vm.backupState().refusalForBackupOrRestore(vm.label());
            if (refusal.isPresent()) {
                throw ApiException.invalidParameter(refusal.get());
            }
            if (vm.hostId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is on no known host; wait until a host's "
                        + "discovery reports it, then retry");
            }
            StoreRecord store = backups.storeOfZone(vm.zoneId()).orElseThrow(() -> ApiException.invalidParameter(
                    "The zone of VM " + vm.name() + " has no Ready image store to write backups to; add one with "
                            + "addImageStore"));
            if (vms.liveVolumes(vm.id()).isEmpty()) {
                throw ApiException.invalidParameter("VM " + vm.name() + " has no disks known to the server; wait "
                        + "for discovery to report them, then retry");
            }
            Instant now = clock.instant();
            long id = backups.insertQueued(uuids.get(), vm, offering.offering().id(), store.id(), null, isolated,
                    quiesce, now);
            Operation op = queue.enqueue(NewOperation.of(BackupOperations.BACKUP, Origin.API)
                    .on(vm.id(), vm.hostId(), vm.zoneId()).backup(id));
            return new Queued(backups.byId(id), op);
        });
    }

    private OfferingView offering(long offeringId) {
        String uuid = jdbc.queryForObject("SELECT uuid FROM backup_offering WHERE id = ?", String.class, offeringId);
        return offerings.findLive(uuid).orElseThrow(() -> new IllegalStateException("backup offering " + uuid
                + " is removed but a VM is still assigned to it"));
    }
}
