package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.StoreRecord;
import io.kboss.plugin.backup.kboss.backup.VmRecord;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.domain.schedule.Firing;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Claims one firing and queues its backup in one transaction. The firing row's unique key
 * (schedule_id, scheduled_time) decides between management servers: the insert of the loser waits
 * on the winner's row lock and then fails as a duplicate, so its transaction queues nothing. A firing
 * that cannot make a backup (VM busy, in BackupError, without offering, host or store) is still
 * claimed, with the reason stored on its row, so it is neither retried nor silent.
 */
public class FiringClaims {
    /** vm_instance.busy_operation of a backup; BackupJob releases the VM under the same name. */
    static final String BUSY_BACKUP = "BACKUP";

    private final ScheduleRepository schedules;
    private final VmRepository vms;
    private final BackupRepository backups;
    private final TransactionOperations tx;
    private final Supplier<String> uuids;
    private final LongSupplier managementServerId;

    public FiringClaims(ScheduleRepository schedules, VmRepository vms, BackupRepository backups,
            TransactionOperations tx, Supplier<String> uuids, LongSupplier managementServerId) {
        this.schedules = schedules;
        this.vms = vms;
        this.backups = backups;
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
                if (refusal.isEmpty() && !vms.takeBusy(vm.id(), BUSY_BACKUP, now)) {
                    refusal = Optional.of("VM " + vm.name() + " is busy with a " + vm.busyOperation().toLowerCase()
                            + "; this firing is skipped and the schedule fires again at " + next);
                }
                if (refusal.isPresent()) {
                    schedules.firingSkipped(firingId, refusal.get());
                    return new Claim(true, OptionalLong.empty(), refusal);
                }
                StoreRecord store = backups.storeOfZone(vm.zoneId()).orElseThrow();
                long backupId = backups.insertQueued(uuids.get(), vm, vm.offeringId(), store.id(), s.id(), s.isolated(),
                        s.quiesce(), now);
                schedules.firingQueued(firingId, backupId);
                return new Claim(true, OptionalLong.of(backupId), Optional.empty());
            });
        } catch (DuplicateKeyException e) {
            return Claim.lost(); // another management server claimed this firing: normal contention
        }
    }

    private Optional<String> refusal(VmRecord vm) {
        if (vm.offeringId() == null) {
            return Optional
                    .of("VM " + vm.name() + " has no backup offering any more; assign one or delete the schedule");
        }
        Optional<String> state = vm.backupState().refusalForBackupOrRestore(vm.id());
        if (state.isPresent()) {
            return Optional.of(state.get().replace("VM " + vm.id(), "VM " + vm.name()));
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
