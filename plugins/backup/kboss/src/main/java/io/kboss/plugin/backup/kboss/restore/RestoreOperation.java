package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.StoreRef;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a RESTORE operation (restoreBackup): moves the backup to Restoring, has the agent flatten each
 * disk's chain into the VM's disk (the VM stopped), or with quick restore put overlays on the backups
 * in place, start the VM and consolidate, and ends in one transaction with the operation: the backup
 * back to BackedUp, the VM's chains ended (its disks no longer match any checkpoint, so the next backup
 * is full), the VM in BackupError if its disks may be partly written. An adopted restore is started
 * again with the same request id, which the agent answers with the job it already has (or starts it:
 * the disks were not touched yet).
 */
public class RestoreOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreOperation.class);

    private final BackupRepository backups;
    private final ImageStores stores;
    private final RestoreRepository repository;
    private final VmInventory vms;
    private final ChainRepository chains;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final TransactionOperations tx;
    private final Clock clock;

    public RestoreOperation(BackupRepository backups, Ports ports, RestoreRepository repository,
            ChainRepository chains) {
        this.backups = backups;
        this.stores = ports.stores();
        this.repository = repository;
        this.vms = ports.vms();
        this.chains = chains;
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.tx = ports.tx();
        this.clock = ports.clock();
    }

    @Override
    public OperationKind kind() {
        return BackupOperations.RESTORE;
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        BackupRecord b = backups.byId(op.requireBackup());
        VmRef vm = vms.byId(op.requireVm());
        boolean quick = op.payload().bool(RestoreRequests.QUICK);
        if (b.status() == BackupStatus.BACKED_UP) {
            tx.executeWithoutResult(s -> backups.transition(b.id(), BackupStatus.BACKED_UP,
                    BackupEvent.RESTORE_STARTED, null, clock.instant()));
        } else if (b.status() != BackupStatus.RESTORING) {
            return Ending.with(() -> {
                throw ApiException.internal(describe(b, vm) + " did not start: the backup is " + b.status()
                        + ", no longer BackedUp; the VM's disks are as they were", null);
            });
        }
        AgentChannel agent;
        try {
            agent = agents.forHost(op.hostId());
        } catch (RuntimeException e) {
            return end(b, vm, quick, "no channel to the restore's host: " + e.getMessage(), true, null);
        }
        StoreRef store = StoreRefs.of(stores.byId(b.imageStoreId()));
        List<RestoreDisk> disks = repository.chainToRestore(b);
        JobCommand command = quick ? quick(op, b, vm, store, disks) : full(op, b, vm, store, disks);
        if (!vms.domainDefined(vm.id())) {
            String refused = quick
                    ? withDefinition((QuickRestoreCommand) command, b)
                    : intoKeptVolumes(disks, vms.liveDisks(vm.id()));
            if (refused != null) {
                return end(b, vm, quick, refused, true, null);
            }
        }
        AgentJobs.Outcome o = jobs.run(agent, command, ctx, job -> {
            if (job.bytesTotal > 0) {
                ctx.progress((int) Math.min(99, job.bytesDone * 100 / job.bytesTotal));
            }
        });
        RestoreResult result = o.job() == null ? null : o.job().restoreResult;
        return end(b, vm, quick, o.failure(), o.disksConsistent(), result);
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        VmRef vm = vms.byId(op.requireVm());
        return Ending.with(() -> {
            throw ApiException.internal(describe(b, vm) + " " + why + "; the VM's disks are as they were", null);
        });
    }

    @Override
    public Ending expire(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        VmRef vm = vms.byId(op.requireVm());
        return Ending.with(() -> {
            throw ApiException.internal(describe(b, vm) + " " + why + ". Start the host's agent, raise "
                    + "backup.max.concurrent.operations / .per.zone / .per.host, or retry later; the VM's disks are "
                    + "as they were", null);
        });
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        BackupRecord b = backups.byId(op.requireBackup());
        VmRef vm = vms.byId(op.requireVm());
        if (b.status() != BackupStatus.RESTORING) {
            return expire(op, "failed on the management server before it began (" + failure + ")");
        }
        return end(b, vm, op.payload().bool(RestoreRequests.QUICK), "it failed on the management server: " + failure,
                false, null);
    }

    /**
     * A VM whose transient domain ended when it stopped (CloudStack's VMs) is unknown to libvirt, so the agent
     * is told where each disk is: the path of the VM's volume of that device, as discovery last saw it.
     *
     * @return why the restore cannot go on, or null
     */
    static String intoKeptVolumes(List<RestoreDisk> disks, List<DiskRef> volumes) {
        for (RestoreDisk d : disks) {
            DiskRef volume = volumes.stream().filter(v -> d.targetDevice.equals(v.device())).findFirst().orElse(null);
            if (volume == null || volume.path() == null || volume.path().isEmpty()
                    || !"FILE".equals(volume.storageKind())) {
                return "the VM's domain is no longer defined on its host (a transient VM that stopped) and the"
                        + " server knows no file volume of device " + d.targetDevice + " to restore into; start the"
                        + " VM once so that discovery sees its disks, or restore the volume with"
                        + " restoreVolumeFromBackupAndAttachToVM";
            }
            d.destinationPath = volume.path();
            d.destinationFormat = "qcow2"; // kboss offerings protect qcow2 files only (OfferingSupport)
        }
        return null;
    }

    /**
     * A quick restore of a VM libvirt no longer knows starts it from the definition its backup recorded.
     *
     * @return why the restore cannot go on, or null
     */
    private String withDefinition(QuickRestoreCommand c, BackupRecord b) {
        c.domainXml = backups.domainXml(b.id()).orElse(null);
        return c.domainXml != null
                ? null
                : "the VM's domain is no longer defined on its host (a transient VM that"
                        + " stopped) and backup " + b.uuid()
                        + " recorded no domain definition to start it from; restore it"
                        + " without quickrestore";
    }

    private static RestoreBackupCommand full(Operation op, BackupRecord b, VmRef vm, StoreRef store,
            List<RestoreDisk> disks) {
        RestoreBackupCommand c = new RestoreBackupCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = vm.libvirtUuid();
        c.store = store;
        c.disks = disks;
        return c;
    }

    private static QuickRestoreCommand quick(Operation op, BackupRecord b, VmRef vm, StoreRef store,
            List<RestoreDisk> disks) {
        QuickRestoreCommand c = new QuickRestoreCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = vm.libvirtUuid();
        c.store = store;
        c.disks = disks;
        return c;
    }

    /**
     * Ends the restore with its operation. A restore that may have written the disks ends the VM's
     * chains even when it failed: no checkpoint describes the disks any more.
     */
    private Ending end(BackupRecord b, VmRef vm, boolean quick, String failure, boolean disksConsistent,
            RestoreResult result) {
        return Ending.with(() -> {
            Instant now = clock.instant();
            backups.transition(b.id(), BackupStatus.RESTORING, BackupEvent.RESTORE_ENDED, null, now);
            if (failure == null || !disksConsistent) {
                chains.closeAll(vm.id(), ChainEnd.RESTORE, now);
            }
            if (!disksConsistent) {
                VmRef locked = vms.lock(vm.id());
                vms.setState(locked.id(),
                        VmBackupState.of(locked.state()).next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT)
                                .apiName());
            }
            if (failure != null) {
                String error = describe(b, vm) + " failed: " + failure + (disksConsistent
                        ? "; the VM's disks are as they were"
                        : "; the VM's disks may be partly restored: restore again before starting the VM");
                LOG.warn(error);
                throw ApiException.internal(error, null);
            }
            return new SuccessResponse(true, "VM " + vm.name() + " restored from backup " + b.uuid() + (quick
                    ? " with quick restore: it runs on consolidated disks" + ReplacedVolumesReport.describe(vm.name(),
                            result)
                    : ""));
        });
    }

    private static String describe(BackupRecord b, VmRef vm) {
        return "Restore of backup " + b.uuid() + " into VM " + vm.name();
    }
}
