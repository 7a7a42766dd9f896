package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.NicPolicy;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.event.EventTypes;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.NewVm;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.Payload;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a VM_FROM_BACKUP operation (createVMFromBackup): sends create-vm-from-backup with the operation's uuid
 * as request id, the backup's chains, the definition {@link NewVmDefinition} chooses (the one the backup
 * recorded; for older backups the original's still defined on the host, or a plain one), the new name and
 * uuid decided when it was asked, the NIC policy and quick restore; follows the agent job, and ends by registering the new VM in the
 * inventory, owned by the backup's owner, so listVirtualMachines shows it at once. The agent removes what it
 * made when its job fails or is cancelled before the VM runs; a quick-restored VM that runs is registered
 * even when its consolidation did not finish.
 *
 * <p>It holds nothing alone (the original VM may be restored, backed up or gone meanwhile), counts against the
 * backup limits like a restore, and never runs beside a compression or a delete of the original VM's backups,
 * whose files it reads.
 */
public class NewVmOperation implements OperationHandler {
    /** The kind: the backup group's limits and timeout, as a restore, and limits of its own. */
    public static final OperationKind KIND = new OperationKind("VM_FROM_BACKUP", "new VM from a backup",
            Exclusivity.NONE, BackupOperations.LIMITS, BackupOperations.VM_FROM_BACKUP_LIMITS,
            KindPolicy.timeout(BackupFrameworkSettings.TIMEOUT),
            EventTypes.VM_CREATE_FROM_BACKUP);
    private static final Logger LOG = LoggerFactory.getLogger(NewVmOperation.class);

    private final BackupRepository backups;
    private final RestoreRepository repository;
    private final ImageStores stores;
    private final VmInventory vms;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final Clock clock;

    public NewVmOperation(BackupRepository backups, RestoreRepository repository, Ports ports) {
        this.backups = backups;
        this.repository = repository;
        this.stores = ports.stores();
        this.vms = ports.vms();
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.clock = ports.clock();
    }

    @Override
    public OperationKind kind() {
        return KIND;
    }

    @Override
    public Set<String> conflictsOnVm() {
        return Set.of("COMPRESSION", BackupOperations.DELETE.name());
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        BackupRecord b = backups.byId(op.requireBackup());
        Payload p = op.payload();
        String name = p.requireString(NewVmRequests.NAME);
        if (b.status() == BackupStatus.REMOVED || b.status() == BackupStatus.EXPUNGED) {
            return fail(b, name, "it did not start: the backup is " + b.status() + " now; no VM was made");
        }
        AgentChannel agent;
        try {
            agent = agents.forHost(op.hostId());
        } catch (RuntimeException e) {
            return fail(b, name, "no channel to the host's agent: " + e.getMessage() + "; no VM was made");
        }
        CreateVmFromBackupCommand c = command(op, b);
        try {
            // Chosen again from the facts as they are now: the original may have gone since it was asked for.
            NewVmDefinition.choose(backups, vms, b, c.disks.stream().map(d -> d.targetDevice).toList(), op.hostId(),
                    c.nics.name()).applyTo(c);
        } catch (ApiException e) {
            return fail(b, name, e.getMessage() + "; no VM was made");
        }
        AgentJobs.Outcome o = jobs.run(agent, c, ctx, job -> {
            if (job.bytesTotal > 0) {
                ctx.progress((int) Math.min(99, job.bytesDone * 100 / job.bytesTotal));
            }
        });
        RestoreResult result = o.job() == null ? null : o.job().restoreResult;
        boolean runs = result != null && result.vmStartedAtMillis > 0;
        if (o.succeeded() && result != null) {
            return Ending.with(() -> answer(register(op, b, c, result, c.startVm || runs)));
        }
        if (runs && result.newVmUuid != null) {
            // A quick-restored VM runs on overlays over the backup: it exists, whatever its consolidation did.
            return Ending.with(() -> {
                VmRef vm = register(op, b, c, result, true);
                throw ApiException.internal("VM " + vm.label() + " was made from backup " + b.uuid() + " and runs, "
                        + "but " + o.failure(), null);
            });
        }
        return fail(b, name, o.failure() + (o.disksConsistent()
                ? "; the agent removed what it had made"
                : "; check the host for leftovers of the new VM's disks in " + c.destinationFolder));
    }

    private CreateVmFromBackupCommand command(Operation op, BackupRecord b) {
        Payload p = op.payload();
        CreateVmFromBackupCommand c = new CreateVmFromBackupCommand();
        c.requestId = op.uuid();
        c.backupUuid = b.uuid();
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        c.vmName = p.requireString(NewVmRequests.NAME);
        c.vmUuid = p.requireString(NewVmRequests.LIBVIRT_UUID);
        c.disks = new ArrayList<>();
        for (RestoreDisk d : repository.chainToRestore(b)) {
            d.destinationFormat = "qcow2";
            c.disks.add(d);
        }
        c.destinationFolder = p.requireString(NewVmRequests.FOLDER);
        c.nics = NicPolicy.valueOf(p.requireString(NewVmRequests.NICS));
        c.quickRestore = p.bool(NewVmRequests.QUICK);
        c.startVm = p.bool(NewVmRequests.START);
        return c;
    }

    /** Inside the ending transaction: the new VM and its disks in the inventory, owned by the backup's owner. */
    private VmRef register(Operation op, BackupRecord b, CreateVmFromBackupCommand c, RestoreResult r,
            boolean running) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (BackupFile f : repository.files(b.id())) {
            sizes.put(f.device(), vms.disk(f.volumeId()).map(DiskRef::virtualSize).orElse(0L));
        }
        List<NewVm.Disk> disks = new ArrayList<>();
        for (int i = 0; i < c.disks.size(); i++) {
            String device = c.disks.get(i).targetDevice;
            String path = i < r.restoredPaths.size()
                    ? r.restoredPaths.get(i)
                    : c.destinationFolder + "/" + c.vmName + "-" + device + ".qcow2";
            disks.add(new NewVm.Disk(device, path, "qcow2", sizes.getOrDefault(device, 0L)));
        }
        String libvirtUuid = r.newVmUuid != null ? r.newVmUuid : c.vmUuid;
        String name = r.newVmName != null ? r.newVmName : c.vmName;
        VmRef vm = vms.registerNewVm(new NewVm(op.payload().requireString(NewVmRequests.VM_UUID), name, libvirtUuid,
                b.accountId(), b.zoneId(), op.hostId(), running, disks), clock.instant());
        LOG.info("VM {} made from backup {} on host {}", vm.label(), b.uuid(), op.hostId());
        return vm;
    }

    private static Object answer(VmRef vm) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", vm.uuid());
        v.put("name", vm.name());
        v.put("state", vm.state());
        return new ObjectResponse("virtualmachine", v);
    }

    private Ending fail(BackupRecord b, String name, String why) {
        return Ending.with(() -> {
            String error = "VM " + name + " from backup " + b.uuid() + " failed: " + why;
            LOG.warn(error);
            throw ApiException.internal(error, null);
        });
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return Ending.with(() -> {
            throw ApiException.internal("VM " + op.payload().requireString(NewVmRequests.NAME) + " from backup "
                    + b.uuid() + " " + why + "; no VM was made", null);
        });
    }

    @Override
    public Ending expire(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return fail(b, op.payload().requireString(NewVmRequests.NAME), why + ". Start the host's agent, raise "
                + "backup.max.concurrent.operations / .per.zone / .per.host, or retry later; no VM was made");
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        BackupRecord b = backups.byId(op.requireBackup());
        return fail(b, op.payload().requireString(NewVmRequests.NAME), "it failed on the management server ("
                + failure + "); check the host for a half-made VM before retrying");
    }
}
