package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.BackupQueued;
import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.TakeBackup;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts a createBackup or a schedule's firing (the provider's takeBackup): every check that can refuse
 * it runs here, under the VM's row lock, and in the same transaction the backup is stored Queued and its
 * BACKUP operation queued. The queue
 * holds one live operation per VM (a unique key), so a second call for a busy VM is refused with 431
 * naming the VM and what holds it. Nothing is decided about the chain yet: that happens when the
 * operation starts ({@link BackupOperation}).
 */
public class BackupRequestService {
    /** A backup's default name is its VM's name and this time of the request (CloudStack's, in UTC). */
    private static final java.time.format.DateTimeFormatter NAME_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC);
    private final VmInventory vms;
    private final BackupRepository backups;
    private final ImageStores stores;
    private final JdbcBackupOfferingRepository offerings;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;

    public BackupRequestService(Ports ports, BackupRepository backups, JdbcBackupOfferingRepository offerings,
            Supplier<String> uuids) {
        this.vms = ports.vms();
        this.backups = backups;
        this.stores = ports.stores();
        this.offerings = offerings;
        this.queue = ports.queue();
        this.tx = ports.tx();
        this.clock = ports.clock();
        this.uuids = uuids;
    }

    /**
     * Stores the backup Queued and queues its BACKUP operation, or refuses. The VM's row is locked by the
     * caller's transaction (the framework's createBackup, or a schedule's firing).
     */
    public BackupQueued request(TakeBackup r) throws ApiException {
        return request(r, ChainKey.of(r.scheduleId(), null), 0, r.manual() ? Origin.API : Origin.SCHEDULE);
    }

    /**
     * A backup job's backup of one VM: the same checks and the same BACKUP operation, growing the job's
     * chain of the VM, queued at the job's priority. The VM's row is locked by the caller's transaction.
     *
     * @param origin what operation listings show as who asked
     */
    public BackupQueued requestForJob(VmRef vm, long jobId, boolean quiesce, boolean isolated, int priority,
            String origin) throws ApiException {
        return request(new TakeBackup(vm, null, null, quiesce, isolated, null, null), ChainKey.job(jobId), priority,
                origin);
    }

    private BackupQueued request(TakeBackup r, ChainKey key, int priority, String origin) throws ApiException {
        return Transactions.run(tx, () -> {
            VmRef vm = r.vm();
            if (vm.offeringId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is not assigned to a backup offering; "
                        + "assign it with assignVirtualMachineToBackupOffering first");
            }
            JdbcBackupOfferingRepository.RequestFacts offering = offering(vm.offeringId());
            if (r.manual() && r.caller() != null && !r.caller().isAdmin() && !offering.userDrivenBackups()) {
                throw ApiException.permissionDenied("Backup offering " + offering.name() + " does not "
                        + "allow user-driven backups; backups of VM " + vm.name() + " are taken by its schedules or "
                        + "by an administrator");
            }
            var refusal = VmBackupState.of(vm.state()).refusalForBackupOrRestore(vm.label());
            if (refusal.isPresent()) {
                throw ApiException.invalidParameter(refusal.get());
            }
            if (vm.hostId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is on no known host; wait until a host's "
                        + "discovery reports it, then retry");
            }
            if (!vms.domainDefined(vm.id())) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is stopped and its host no longer defines it"
                        + " (a transient libvirt domain, as CloudStack runs its VMs): a backup reads its disks through"
                        + " its domain; start the VM and retry");
            }
            ImageStoreRef store = stores.forNewBackup(vm.zoneId()).orElseThrow(() -> ApiException.invalidParameter(
                    "The zone of VM " + vm.name()
                            + " has no Ready image store that takes new backups (none, or all read-only); add one with "
                            + "addImageStore or make one writable with updateImageStore readonly=false"));
            if (vms.liveDisks(vm.id()).isEmpty()) {
                throw ApiException.invalidParameter("VM " + vm.name() + " has no disks known to the server; wait "
                        + "for discovery to report them, then retry");
            }
            String uuid = uuids.get();
            java.time.Instant now = clock.instant();
            String name = r.name() != null ? r.name() : vm.name() + "-" + NAME_TIME.format(now);
            long id = backups.insertQueued(uuid, name, r.description(), vm, offering.id(), store.id(), key,
                    r.isolated(), r.quiesce(), now);
            Operation op = queue.enqueue(NewOperation.of(BackupOperations.BACKUP, origin)
                    .on(vm.id(), vm.hostId(), vm.zoneId()).backup(id).priority(priority));
            return new BackupQueued(id, uuid, op.uuid());
        });
    }

    private JdbcBackupOfferingRepository.RequestFacts offering(long offeringId) {
        JdbcBackupOfferingRepository.RequestFacts o = offerings.requestFacts(offeringId);
        if (o.removed()) {
            throw new IllegalStateException(
                    "backup offering " + o.uuid() + " is removed but a VM is still assigned to it");
        }
        return o;
    }
}
