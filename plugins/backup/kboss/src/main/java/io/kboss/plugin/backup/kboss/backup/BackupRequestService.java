package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.admission.Admission;
import io.kboss.plugin.backup.kboss.domain.admission.OperationKind;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts a createBackup: every check that can refuse the call runs here, under the VM's row lock,
 * and the backup is stored Queued with the VM taken (vm_instance.busy_operation) in the same
 * transaction, so two calls for one VM cannot both pass: the second gets a conflict error naming
 * what holds the VM. Nothing is decided about the chain yet; that happens at admission.
 */
public class BackupRequestService {
    static final String BUSY_BACKUP = "BACKUP";

    private final VmRepository vms;
    private final BackupRepository backups;
    private final JdbcBackupOfferingRepository offerings;
    private final JdbcTemplate jdbc;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;

    public BackupRequestService(VmRepository vms, BackupRepository backups, JdbcBackupOfferingRepository offerings,
            JdbcTemplate jdbc, TransactionOperations tx, Clock clock, Supplier<String> uuids) {
        this.vms = vms;
        this.backups = backups;
        this.offerings = offerings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.uuids = uuids;
    }

    /** @return the queued backup */
    public BackupRecord request(Caller caller, String vmUuid, boolean quiesce, boolean isolated) throws ApiException {
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
            var refusal = vm.backupState().refusalForBackupOrRestore(vm.id());
            if (refusal.isPresent()) {
                throw ApiException.invalidParameter(refusal.get().replace("VM " + vm.id(), "VM " + vm.name()));
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
            if (!vms.takeBusy(vm.id(), BUSY_BACKUP, now)) {
                String why = Admission.conflictFor(vm.id(), OperationKind.BACKUP, backups.queuedOf(vm.id()),
                        backups.runningOf(vm.id())).orElse(
                                "cannot start a backup of VM " + vm.name() + ": a "
                                        + vm.busyOperation().toLowerCase()
                                        + " of it is in progress; only one backup, restore "
                                        + "or delete runs per VM at a time, retry when it has finished");
                throw new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.CONCURRENT_OPERATION,
                        why.replace("VM " + vm.id(), "VM " + vm.name()));
            }
            long id = backups.insertQueued(uuids.get(), vm, offering.offering().id(), store.id(), null, isolated,
                    quiesce,
                    now);
            return backups.byId(id);
        });
    }

    private OfferingView offering(long offeringId) {
        String uuid = jdbc.queryForObject("SELECT uuid FROM backup_offering WHERE id = ?", String.class, offeringId);
        return offerings.findLive(uuid).orElseThrow(() -> new IllegalStateException("backup offering " + uuid
                + " is removed but a VM is still assigned to it"));
    }
}
