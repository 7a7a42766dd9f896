package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.BackupAdmitter;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.plugin.backup.kboss.backup.Transactions;
import io.kboss.plugin.backup.kboss.backup.VmRecord;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupEvent;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.JobProgress;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * restoreBackup: writes a backup's point in time back into its VM's disks. The request is checked
 * under the VM's row lock, the VM taken for RESTORE and the restore queued (V6
 * {@code backup_restore}) in one transaction. The job then waits for admission like a backup (the
 * cloud-wide and per-host limits count restores; a Down host's restore waits), which moves the
 * backup to Restoring; the agent flattens each disk's chain into the VM's disk (the VM stopped), or
 * with quick restore puts overlays on the backups in place, starts the VM and consolidates. The
 * end is one transaction: the backup back to BackedUp, the VM's chains ended (its disks no longer
 * match any checkpoint, so the next backup is full), the restore row gone, the VM released. A
 * restore whose job died with its server is ended by {@link RestoreRecovery}.
 */
public class BackupRestorer {
    static final String BUSY_RESTORE = RestoreQueue.BUSY_RESTORE;
    private static final Logger LOG = LoggerFactory.getLogger(BackupRestorer.class);

    private final RestoreRepository repository;
    private final RestoreQueue queue;
    private final BackupAdmitter admitter;
    private final Sleeper sleeper;
    private final Duration queuePoll;
    private final BackupRepository backups;
    private final VmRepository vms;
    private final ChainRepository chains;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> requestIds;

    public BackupRestorer(RestoreRepository repository, RestoreQueue queue, BackupAdmitter admitter,
            BackupRepository backups, VmRepository vms, ChainRepository chains, AgentChannels agents,
            AgentJobRunner runner, Settings settings, TransactionOperations tx, Clock clock, Sleeper sleeper,
            Duration queuePoll, Supplier<String> requestIds) {
        this.repository = repository;
        this.queue = queue;
        this.admitter = admitter;
        this.sleeper = sleeper;
        this.queuePoll = queuePoll;
        this.backups = backups;
        this.vms = vms;
        this.chains = chains;
        this.agents = agents;
        this.runner = runner;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.requestIds = requestIds;
    }

    /** An accepted restore: the VM is taken and the restore queued as {@code restoreId}. */
    public record Restore(StoredBackup backup, VmRecord vm, long hostId, boolean quick, String requestId,
            long restoreId) {
    }

    public Restore request(Caller caller, String backupUuid, boolean quick, String hostUuid) throws ApiException {
        if (hostUuid != null && !caller.isRootAdmin()) {
            throw ApiException.permissionDenied("Only root administrators may choose the host of a restore (hostid); "
                    + "leave it out to restore on the VM's host");
        }
        return Transactions.run(tx, () -> {
            StoredBackup b = BackupAccess.require(repository, backupUuid, caller);
            VmRecord vm = vms.findLiveForUpdate(vms.byId(b.vmId()).uuid()).orElseThrow(
                    () -> ApiException.invalidParameter("The VM of backup " + backupUuid + " was removed; restore its "
                            + "volumes into another VM with restoreVolumeFromBackupAndAttachToVM"));
            if (!b.status().allowsRestore()) {
                throw ApiException.invalidParameter("Backup " + backupUuid + " is " + b.status() + "; only a BackedUp "
                        + "backup can be restored" + (b.status().isBusy() ? ", retry when it has finished" : ""));
            }
            var refusal = vm.backupState().refusalForBackupOrRestore(vm.id());
            if (refusal.isPresent()) {
                throw ApiException.invalidParameter(refusal.get().replace("VM " + vm.id(), "VM " + vm.name()));
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
            Instant now = clock.instant();
            if (!vms.takeBusy(vm.id(), BUSY_RESTORE, now)) {
                throw new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot restore "
                        + "VM " + vm.name() + " now: a " + vm.busyOperation().toLowerCase() + " of it is in progress; "
                        + "only one backup, restore or delete runs per VM at a time, retry when it has finished");
            }
            String requestId = requestIds.get();
            long restoreId = queue.insertQueued(b.id(), vm.id(), hostId, quick, requestId, now);
            return new Restore(b, vm, hostId, quick, requestId, restoreId);
        });
    }

    private long host(VmRecord vm, StoredBackup b, String hostUuid) throws ApiException {
        if (hostUuid != null) {
            return repository.upHost(hostUuid, b.zoneId()).orElseThrow(() -> ApiException.invalidParameter("Host "
                    + hostUuid + " is not an Up host of the backup's zone; list them with listHosts"));
        }
        if (vm.hostId() == null) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is on no known host; wait until a host's "
                    + "discovery reports it, or give hostid, then retry");
        }
        return vm.hostId();
    }

    /** Runs the accepted restore to its end; returns null on success, else why it failed. */
    public String run(Restore r, JobProgress progress) throws InterruptedException {
        return run(r, progress, agentResult -> {
        });
    }

    /** As {@link #run(Restore, JobProgress)}; {@code agentResult} sees what the agent's job reported. */
    public String run(Restore r, JobProgress progress, Consumer<RestoreResult> agentResult)
            throws InterruptedException {
        StoredBackup b = r.backup();
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        Instant giveUp = clock.instant().plus(timeout);
        BackupAdmitter.Attempt attempt;
        while (!(attempt = admitter.tryAdmitRestore(r.restoreId())).admitted()) {
            if (queue.byId(r.restoreId()).isEmpty()) {
                String why = "Restore of backup " + b.uuid() + " ended while it was queued: " + attempt.waitReason();
                LOG.warn(why);
                return why;
            }
            if (clock.instant().isAfter(giveUp)) {
                return dropQueued(r, "it waited in the queue longer than kboss.timeout (" + timeout.toSeconds()
                        + " s) and did not start (last: " + attempt.waitReason() + "). Start the host's agent, raise "
                        + "backup.max.concurrent.operations / .per.host, or retry later");
            }
            sleeper.sleep(queuePoll);
        }
        AgentClient agent;
        try {
            agent = agents.forHost(r.hostId());
        } catch (RuntimeException e) {
            return end(r, "no channel to host " + r.hostId() + ": " + e.getMessage(), true);
        }
        StoreRef store = backups.store(b.imageStoreId()).asStoreRef();
        List<RestoreDisk> disks = repository.chainToRestore(b);
        JobCommand command = r.quick() ? quick(r, store, disks) : full(r, store, disks);
        AgentJobRunner.Outcome outcome = runner.run(agent, command, timeout, job -> {
            if (job.bytesTotal > 0) {
                progress.report((int) Math.min(99, job.bytesDone * 100 / job.bytesTotal));
            }
        });
        if (outcome.job() != null && outcome.job().restoreResult != null) {
            agentResult.accept(outcome.job().restoreResult);
        }
        try {
            return end(r, outcome.failure(), outcome.disksConsistent());
        } finally {
            progress.report(100);
        }
    }

    private static RestoreBackupCommand full(Restore r, StoreRef store, List<RestoreDisk> disks) {
        RestoreBackupCommand c = new RestoreBackupCommand();
        c.requestId = r.requestId();
        c.backupUuid = r.backup().uuid();
        c.vmUuid = r.vm().libvirtUuid();
        c.store = store;
        c.disks = disks;
        return c;
    }

    private static QuickRestoreCommand quick(Restore r, StoreRef store, List<RestoreDisk> disks) {
        QuickRestoreCommand c = new QuickRestoreCommand();
        c.requestId = r.requestId();
        c.backupUuid = r.backup().uuid();
        c.vmUuid = r.vm().libvirtUuid();
        c.store = store;
        c.disks = disks;
        return c;
    }

    /**
     * Ends a restore that never started (still Queued): nothing touched the disks, the backup is
     * still BackedUp; the row goes and the VM is released.
     *
     * @return the error in words
     */
    String dropQueued(Restore r, String why) {
        String error = "Restore of backup " + r.backup().uuid() + " into VM " + r.vm().name() + " did not start: "
                + why + "; the VM's disks are as they were";
        LOG.warn(error);
        tx.executeWithoutResult(s -> {
            if (queue.deleteQueued(r.restoreId())) {
                vms.releaseBusy(r.vm().id(), BUSY_RESTORE);
            }
        });
        return error;
    }

    /** The restore as it was accepted, rebuilt from its row (for a server that did not accept it). */
    Restore restoreOf(RestoreQueue.Entry e) {
        return new Restore(repository.byId(e.backupId()), vms.byId(e.vmId()), e.hostId(), e.quick(), e.requestId(),
                e.id());
    }

    /**
     * Ends the restore in one transaction. A restore that may have written the disks ends the VM's
     * chains even when it failed: no checkpoint describes the disks any more.
     */
    String end(Restore r, String failure, boolean disksConsistent) {
        String error = failure == null
                ? null
                : "Restore of backup " + r.backup().uuid() + " into VM " + r.vm().name()
                        + " failed: " + failure + (disksConsistent
                                ? "; the VM's disks are as they were"
                                : "; the VM's disks may be partly restored: restore again before starting the VM");
        if (error != null) {
            LOG.warn(error);
        }
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            if (!queue.delete(r.restoreId())) {
                // Two servers recovering one orphaned restore both follow its agent job; the row
                // decides which one ends it.
                LOG.info("Restore {} of backup {} was already ended by another management server", r.restoreId(),
                        r.backup().uuid());
                return;
            }
            backups.transition(r.backup().id(), BackupStatus.RESTORING, BackupEvent.RESTORE_ENDED, null, now);
            if (failure == null || !disksConsistent) {
                chains.closeAll(r.vm().id(), ChainEnd.RESTORE, now);
            }
            if (!disksConsistent) {
                VmRecord locked = vms.byIdForUpdate(r.vm().id());
                vms.setState(locked.id(), locked.backupState().next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT)
                        .apiName());
            }
            vms.releaseBusy(r.vm().id(), BUSY_RESTORE);
        });
        return error;
    }
}
