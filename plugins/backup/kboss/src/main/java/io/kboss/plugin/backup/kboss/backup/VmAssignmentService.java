package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.event.NewEvent;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.EventLog;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmAccess;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.plugin.backup.kboss.domain.backup.OfferingSupport;
import io.kboss.plugin.backup.kboss.domain.backup.ProtectableDisk;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.util.Optional;
import io.kboss.server.backup.Directory;
import java.util.List;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Puts a VM under a backup offering and takes it out again. Both lock the offering row first, in
 * the same order deleteBackupOffering does (offering, then VMs), so an assignment and a delete of
 * the offering cannot interleave: the delete either sees the VM assigned or the assignment finds
 * the offering gone. Removal keeps the VM's backups and closes its chains, since the next offering
 * may differ in everything a chain depends on.
 *
 * <p>Both API commands are async as in CloudStack: {@link #checkAssign} and {@link #checkRemove} answer
 * in the request what can be decided there, and the job then calls {@link #assign} or {@link #remove},
 * which check the same under the rows' locks (an offering deleted or a backup queued in between still
 * refuses, as the job's error).
 */
public class VmAssignmentService {
    private final List<VmLeftOfferingListener> listeners;
    private final JdbcBackupOfferingRepository offerings;
    private final VmInventory vms;
    private final ChainRepository chains;
    private final OperationQueue queue;
    private final Directory directory;
    private final TransactionOperations tx;
    private final Clock clock;
    private final EventLog events;

    public VmAssignmentService(JdbcBackupOfferingRepository offerings, Directory directory, VmInventory vms,
            ChainRepository chains,
            OperationQueue queue, TransactionOperations tx, Clock clock, List<VmLeftOfferingListener> listeners,
            EventLog events) {
        this.events = events;
        this.offerings = offerings;
        this.directory = directory;
        this.vms = vms;
        this.chains = chains;
        this.queue = queue;

        this.tx = tx;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The refusals of an assignment that the request can decide, before its job starts: no such
     * offering, a VM the caller may not act on, another zone's or another domain's offering, another
     * offering already, disks that cannot be backed up. Writes nothing; {@link #assign} checks again
     * under the locks.
     */
    public void checkAssign(Caller caller, String vmUuid, String offeringUuid) throws ApiException {
        OfferingView offering = offerings.findLive(offeringUuid).orElseThrow(() -> noSuchOffering(offeringUuid));
        VmRef vm = VmAccess.require(vms.findLive(vmUuid), vmUuid, caller);
        mayAssign(offering, vm);
    }

    public void assign(Caller caller, String vmUuid, String offeringUuid) throws ApiException {
        Transactions.run(tx, () -> {
            OfferingView offering = offerings.findLiveForUpdate(offeringUuid).orElseThrow(() -> noSuchOffering(
                    offeringUuid));
            VmRef vm = VmAccess.require(vms.lockLive(vmUuid), vmUuid, caller);
            if (mayAssign(offering, vm)) {
                vms.setOffering(vm.id(), offering.offering().id());
                events.record(NewEvent.created(EventTypes.BACKUP_OFFERING_ASSIGN, "VM " + vm.name() + " assigned to "
                        + "backup offering " + offering.offering().name(), vm.accountId(), caller.userId())
                        .about("VirtualMachine", vm.uuid()));
            }
            return null;
        });
    }

    /**
     * @return false when the VM is assigned to that offering already (assigning again changes nothing)
     * @throws ApiException when the VM may not be assigned to the offering
     */
    private boolean mayAssign(OfferingView offering, VmRef vm) throws ApiException {
        if (offering.offering().zoneId() != vm.zoneId()) {
            throw ApiException.invalidParameter("Backup offering " + offering.offering().name() + " is for zone "
                    + offering.zoneName() + " but VM " + vm.name() + " runs in another zone; pick an offering of "
                    + "the VM's zone");
        }
        if (offering.offering().domainId() != null && !vm.domainPath().startsWith(domainPath(
                offering.offering().domainId()))) {
            throw ApiException.invalidParameter("Backup offering " + offering.offering().name()
                    + " is dedicated to domain " + offering.domainName() + ", which VM " + vm.name()
                    + "'s account is not in; pick a public offering or one of the VM's domain");
        }
        if (vm.offeringId() != null) {
            if (vm.offeringId() == offering.offering().id()) {
                return false;
            }
            throw ApiException.invalidParameter("VM " + vm.name() + " is already assigned to another backup "
                    + "offering; remove it with removeVirtualMachineFromBackupOffering first");
        }
        Optional<String> unsupported = OfferingSupport.refusal(vm.name(), vms.liveDisks(vm.id()).stream()
                .map(d -> new ProtectableDisk(d.device(), d.storageKind(), d.format())).toList());
        if (unsupported.isPresent()) {
            throw ApiException.invalidParameter(unsupported.get());
        }
        return true;
    }

    private static ApiException noSuchOffering(String offeringUuid) {
        return ApiException.invalidParameter("No backup offering with id " + offeringUuid + " exists "
                + "(backupofferingid); list them with listBackupOfferings");
    }

    /**
     * The refusals of a removal that the request can decide, before its job starts: a VM the caller may
     * not act on, one in no offering, one an operation holds. Writes nothing; {@link #remove} checks
     * again under the locks.
     */
    public void checkRemove(Caller caller, String vmUuid) throws ApiException {
        VmRef vm = VmAccess.require(vms.findLive(vmUuid), vmUuid, caller);
        mayRemove(vm);
    }

    public void remove(Caller caller, String vmUuid) throws ApiException {
        Transactions.run(tx, () -> {
            VmRef peek = VmAccess.require(vms.findLive(vmUuid), vmUuid, caller);
            if (peek.offeringId() == null) {
                throw notAssigned(peek);
            }
            // Offering first, then the VM: the lock order of deleteBackupOffering.
            String offeringUuid = offerings.uuidOf(peek.offeringId());
            offerings.findLiveForUpdate(offeringUuid);
            VmRef vm = vms.lockLive(vmUuid).orElseThrow();
            mayRemove(vm);
            vms.setOffering(vm.id(), null);
            chains.closeAll(vm.id(), ChainEnd.OFFERING_REMOVED, clock.instant());
            listeners.forEach(l -> l.leftOffering(vm.id()));
            events.record(NewEvent.created(EventTypes.BACKUP_OFFERING_REMOVE, "VM " + vm.name() + " removed from "
                    + "its backup offering", vm.accountId(), caller.userId()).about("VirtualMachine", vm.uuid()));
            return null;
        });
    }

    private void mayRemove(VmRef vm) throws ApiException {
        if (vm.offeringId() == null) {
            throw notAssigned(vm);
        }
        Optional<Operation> holder = queue.liveOnVm(vm.id());
        if (holder.isPresent()) {
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "VM " + vm.label()
                    + " cannot leave its backup offering now: " + queue.describeHolder(holder.get())
                    + "; retry when it has finished");
        }
    }

    private static ApiException notAssigned(VmRef vm) {
        return ApiException.invalidParameter("VM " + vm.name() + " is not assigned to a backup offering");
    }

    private String domainPath(long domainId) {
        return directory.domains(List.of(domainId)).get(domainId).path();
    }
}
