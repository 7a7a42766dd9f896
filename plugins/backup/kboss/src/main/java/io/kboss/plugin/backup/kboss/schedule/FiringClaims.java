package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.StoreRecord;
import io.kboss.plugin.backup.kboss.backup.VmRecord;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.domain.schedule.Firing;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Claims one firing and queues its backup in one transaction: the backup row Queued and its BACKUP
 * operation (origin SCHEDULE), which any server's dispatcher then runs. The firing row's unique key
 * (schedule_id, scheduled_time) decides between management servers: the insert of the loser waits on
 * the winner's row lock and then fails as a duplicate, so its transaction queues nothing. A firing that
 * cannot make a backup (VM busy with another operation, in BackupError, without offering, host or
 * store) is still claimed, with the reason stored on its row, so it is neither retried nor silent.
 */
public class FiringClaims {
    private final ScheduleRepository schedules;
    private final VmRepository vms;
    private final BackupRepository backups;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Supplier<String> uuids;
    private final LongSupplier managementServerId;

    public FiringClaims(ScheduleRepository schedules, VmRepository vms, BackupRepository backups, OperationQueue queue,
            TransactionOperations tx, Supplier<String> uuids, LongSupplier managementServerId) {
        this.schedules = schedules;
        this.vms = vms;
        this.backups = backups;
        this.queue = queue;
        this.tx = tx;
        this.uuids = uuids;
        this.managementServerId = managementServerId;
    }

    /** What a claim did. */
    public record Claim(boolean won, OptionalLong backupId, Optional<String> skipped) {
        static Claim lost() {
            return new Claim(false, OptionalLong.empty(), Optional.empty());
        }
    }

    /**
     * @param next the schedule's next firing after this one, stored in the same transaction
     * @param clock gives the claim time
     */
    public Claim claim(ScheduleRecord s, Firing firing, Instant next, Clock clock) {
        try {
            return tx.execute(status -> {
                Instant now = clock.instant();
                long firingId = schedules.insertFiring(s.id(), firing.scheduledAt(), managementServerId.getAsLong(),
                        now);
                schedules.setNextFire(s.id(), next);
                VmRecord vm = vms.byIdForUpdate(s.vmId());
                Optional<String> refusal = refusal(vm);
                Optional<Operation> holder = queue.liveOnVm(vm.id());
                if (refusal.isEmpty() && holder.isPresent()) {
                    // Under the VM's row lock the queue cannot change for this VM: its holder is the truth.
                    refusal = Optional.of("VM " + vm.name() + " is busy with a " + queue.noun(holder.get()) + " ("
                            + holder.get().state().name().toLowerCase() + "); this firing is skipped and the "
                            + "schedule fires again at " + next);
                }
                if (refusal.isPresent()) {
                    schedules.firingSkipped(firingId, refusal.get());
                    return new Claim(true, OptionalLong.empty(), refusal);
                }
                StoreRecord store = backups.storeOfZone(vm.zoneId()).orElseThrow();
                long backupId = backups.insertQueued(uuids.get(), vm, vm.offeringId(), store.id(), s.id(), s.isolated(),
                        s.quiesce(), now);
                enqueue(vm, backupId);
                schedules.firingQueued(firingId, backupId);
                return new Claim(true, OptionalLong.of(backupId), Optional.empty());
            });
        } catch (DuplicateKeyException e) {
            return Claim.lost(); // another management server claimed this firing: normal contention
        }
    }

    private void enqueue(VmRecord vm, long backupId) {
        try {
            queue.enqueue(NewOperation.of(BackupOperations.BACKUP, Origin.SCHEDULE).on(vm.id(), vm.hostId(),
                    vm.zoneId()).backup(backupId));
        } catch (ApiException e) {
            // The VM was checked free under its row lock; a conflict here is a bug, not contention.
            throw new IllegalStateException("the backup of a firing could not be queued: " + e.getMessage(), e);
        }
    }

    private Optional<String> refusal(VmRecord vm) {
        if (vm.offeringId() == null) {
            return Optional
                    .of("VM " + vm.name() + " has no backup offering any more; assign one or delete the schedule");
        }
        Optional<String> state = vm.backupState().refusalForBackupOrRestore(vm.label());
        if (state.isPresent()) {
            return state;
        }
        if (vm.hostId() == null) {
            return Optional.of("VM " + vm.name() + " is on no known host; the firing is skipped");
        }
        if (backups.storeOfZone(vm.zoneId()).isEmpty()) {
            return Optional.of("The zone of VM " + vm.name() + " has no Ready image store; add one with addImageStore");
        }
        if (vms.liveVolumes(vm.id()).isEmpty()) {
            return Optional.of("VM " + vm.name() + " has no disks known to the server; the firing is skipped");
        }
        return Optional.empty();
    }
}
