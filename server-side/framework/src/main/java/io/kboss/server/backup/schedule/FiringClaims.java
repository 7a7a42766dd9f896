package io.kboss.server.backup.schedule;

import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.backup.BackupQueued;
import io.kboss.server.backup.TakeBackup;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.schedule.domain.Firing;
import io.kboss.server.limits.ResourceLimits;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Claims one firing and has the zone's provider queue its backup, in one transaction: the backup row
 * and its BACKUP operation, which any server's dispatcher then runs. The firing row's unique key
 * (schedule_id, scheduled_time) decides between management servers: the insert of the loser waits on
 * the winner's row lock and then fails as a duplicate, so its transaction queues nothing. A firing that
 * cannot make a backup (VM busy with another operation, without offering or host, or refused by the
 * provider: BackupError, no store, no disks; or over the account's or a domain's backup limits) is still
 * claimed, with the reason stored on its row, so it
 * is neither retried nor silent.
 */
public class FiringClaims {
    private final ScheduleRepository schedules;
    private final VmInventory vms;
    private final BackupProviderRegistry providers;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final LongSupplier managementServerId;
    private final ResourceLimits limits;

    public FiringClaims(ScheduleRepository schedules, VmInventory vms, BackupProviderRegistry providers,
            OperationQueue queue, TransactionOperations tx, LongSupplier managementServerId, ResourceLimits limits) {
        this.limits = limits;
        this.schedules = schedules;
        this.vms = vms;
        this.providers = providers;
        this.queue = queue;
        this.tx = tx;
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
                VmRef vm = vms.lock(s.vmId());
                Optional<String> refusal = refusal(vm, next);
                if (refusal.isEmpty()) {
                    try {
                        limits.reserveBackup(vm.accountId(), vm.id());
                        BackupQueued q = providers.providerOfVm(vm).takeBackup(TakeBackup.bySchedule(s.id(), vm,
                                s.quiesce(), s.isolated()));
                        schedules.firingQueued(firingId, q.backupId());
                        return new Claim(true, OptionalLong.of(q.backupId()), Optional.empty());
                    } catch (ApiException e) {
                        // Refusals change nothing, so the claim itself still commits with the reason.
                        refusal = Optional.of(e.getMessage() + "; this firing is skipped and the schedule fires "
                                + "again at " + next);
                    }
                }
                schedules.firingSkipped(firingId, refusal.get());
                return new Claim(true, OptionalLong.empty(), refusal);
            });
        } catch (DuplicateKeyException e) {
            return Claim.lost(); // another management server claimed this firing: normal contention
        }
    }

    /** What the framework itself knows refuses the firing: no offering, no host, or the VM busy. */
    private Optional<String> refusal(VmRef vm, Instant next) {
        if (vm.offeringId() == null) {
            return Optional
                    .of("VM " + vm.name() + " has no backup offering any more; assign one or delete the schedule");
        }
        if (vm.hostId() == null) {
            return Optional.of("VM " + vm.name() + " is on no known host; the firing is skipped");
        }
        Optional<Operation> holder = queue.liveOnVm(vm.id());
        // Under the VM's row lock the queue cannot change for this VM: its holder is the truth.
        return holder.map(h -> "VM " + vm.name() + " is busy with a " + queue.noun(h) + " (" + h.state().name()
                .toLowerCase() + "); this firing is skipped and the schedule fires again at " + next);
    }
}
