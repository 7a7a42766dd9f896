package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.NicPolicy;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.domain.NewVmOutcome;
import io.kboss.agent.disk.domain.NewVmRequest;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.vm.VmInventory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * create-vm-from-backup: a new VM from a backup's files, on the disk engine. Which definition it is
 * built from (the one the server kept, a VM still defined here, or a plain one), where its volumes
 * go and its new identity are settled here; the volumes and the domain are journaled before they
 * are made, so a failed, cancelled or crashed job leaves neither behind.
 */
public final class NewVmHandlers {
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final VmInventory vms;
    private final JobHandlers jobs;
    private final Clock clock;

    public NewVmHandlers(DiskEngine engine, SecondaryStores stores, VmInventory vms, JobHandlers jobs, Clock clock) {
        this.engine = engine;
        this.stores = stores;
        this.vms = vms;
        this.jobs = jobs;
        this.clock = clock;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(Handlers.of(CreateVmFromBackupCommand.NAME, CreateVmFromBackupCommand.class, this::create));
    }

    private JobAnswer create(CreateVmFromBackupCommand c) throws Exception {
        if (c.store == null || c.disks == null || c.disks.isEmpty()) {
            throw new IllegalArgumentException("create-vm-from-backup needs a store and at least one disk");
        }
        NewVmRequest.requireValidName(c.vmName);
        if (!vms.manages(c.vmName)) {
            throw new IllegalArgumentException("create-vm-from-backup: the new VM's name must start with this agent's"
                    + " vm.name.prefix '" + vms.namePrefix() + "', or it would not be a VM of this agent");
        }
        String uuid = c.vmUuid != null ? c.vmUuid : UUID.randomUUID().toString();
        NewVmRequest.requireValidUuid(uuid);
        String definition = definition(c);
        if (definition == null) {
            return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + c.sourceVmUuid + " on this"
                    + " host to take the definition from; send the backup's domainXml");
        }
        List<Path> volumes = new ArrayList<>();
        for (RestoreDisk d : c.disks) {
            volumes.add(volume(c, d));
        }
        NicPolicy nics = c.nics == null ? NicPolicy.KEEP : c.nics;
        JobSpec spec = JobSpec.of(JobType.CREATE_VM_FROM_BACKUP, c.requestId, uuid, c.backupUuid);
        return jobs.start(spec, job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            // Before anything is journaled as this job's: its cleanup must never delete someone else's.
            EngineWork.run(true, () -> {
                engine.requireNewVm(c.vmName, uuid, volumes);
                return null;
            });
            List<NewVmRequest.Disk> disks = new ArrayList<>();
            List<Leftover> made = new ArrayList<>();
            for (int i = 0; i < c.disks.size(); i++) {
                RestoreDisk d = c.disks.get(i);
                Path volume = volumes.get(i);
                disks.add(new NewVmRequest.Disk(d.targetDevice, RestoreHandlers.newest(root, d), volume, format(d)));
                made.add(new Leftover(LeftoverKind.PARTIAL_FILE, uuid, volume + ".restoring"));
                made.add(new Leftover(LeftoverKind.PARTIAL_FILE, uuid, volume.toString()));
            }
            made.add(new Leftover(LeftoverKind.NEW_DOMAIN, uuid, c.vmName));
            made.forEach(job::willCreate);
            RestoreResult out = new RestoreResult();
            out.newVmUuid = uuid;
            out.newVmName = c.vmName;
            volumes.forEach(v -> out.restoredPaths.add(v.toString()));
            job.restoreResult(out);
            String description = "Created by KBOSS from backup " + c.backupUuid;
            if (!c.quickRestore) {
                job.phase("restoring");
                NewVmRequest request = EngineWork.run(true, () -> new NewVmRequest(definition, c.vmName, uuid, disks,
                        engineNics(nics), c.startVm, description));
                NewVmOutcome r = EngineWork.run(true,
                        () -> engine.createVm(request, EngineWork.progressOf(job), job.cancelToken()));
                if (r.running()) {
                    out.vmStartedAtMillis = clock.millis();
                }
                job.restoreResult(out);
                return;
            }
            NewVmRequest request = EngineWork.run(true, () -> new NewVmRequest(definition, c.vmName, uuid, disks,
                    engineNics(nics), true, description));
            // From the VM's start it runs on its disks: it is the result, whatever consolidation does.
            QuickRestoreListener listener = RestoreHandlers.consolidating(job, out, made, clock);
            job.phase("starting the VM on overlays");
            NewVmOutcome r = EngineWork.run(true, () -> engine.quickCreateVm(request, listener, job.cancelToken()));
            out.consolidated = r.consolidation() == QuickRestoreOutcome.Status.CONSOLIDATED;
            out.vmStoppedDuringConsolidation = r.consolidation() == QuickRestoreOutcome.Status.VM_STOPPED;
            job.restoreResult(out);
            if (!out.consolidated) {
                throw new JobFailure(r.consolidation() == QuickRestoreOutcome.Status.CANCELLED
                        ? ErrorCode.CANCELLED
                        : ErrorCode.FAILED,
                        "VM " + c.vmName + " (" + uuid + ") runs, but its consolidation did not finish ("
                                + r.consolidation() + "): its disks still read through the backups; send"
                                + " quick-restore with resumeConsolidation and this VM's uuid",
                        true, null);
            }
        });
    }

    /** The definition to build from, in the command's order of preference; null: the source VM is not here. */
    private String definition(CreateVmFromBackupCommand c) throws Exception {
        if (c.domainXml != null) {
            return c.domainXml;
        }
        if (c.sourceVmUuid != null) {
            Optional<String> xml = vms.definitionXml(c.sourceVmUuid);
            return xml.orElse(null);
        }
        // Without a type from the server, the host's own: kvm where libvirt offers it, else qemu (TCG).
        return DiskEngine.templateDefinition(c.domainType == null ? engine.hostDomainType() : c.domainType, c.vcpus,
                c.memoryBytes,
                c.disks.stream().map(d -> d.targetDevice).toList());
    }

    private static Path volume(CreateVmFromBackupCommand c, RestoreDisk d) {
        if (d.targetDevice == null || !d.targetDevice.matches("[a-z]{2,3}[a-z]{1,2}")) {
            throw new IllegalArgumentException("create-vm-from-backup: each disk needs its targetDevice (vda, sdb,"
                    + " ...), not " + d.targetDevice);
        }
        if (d.destinationPath != null) {
            Path p = Path.of(d.destinationPath);
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("destinationPath must be absolute, not " + d.destinationPath);
            }
            return p.normalize();
        }
        if (c.destinationFolder == null || !Path.of(c.destinationFolder).isAbsolute()) {
            throw new IllegalArgumentException("create-vm-from-backup: disk " + d.targetDevice + " has no"
                    + " destinationPath, so destinationFolder must be an absolute folder");
        }
        return Path.of(c.destinationFolder).resolve(c.vmName + "-" + d.targetDevice + "." + format(d)).normalize();
    }

    private static String format(RestoreDisk d) {
        String f = d.destinationFormat == null ? "qcow2" : d.destinationFormat;
        if (!f.equals("qcow2") && !f.equals("raw")) {
            throw new IllegalArgumentException("destinationFormat is qcow2 or raw, not " + d.destinationFormat);
        }
        return f;
    }

    private static io.kboss.agent.disk.domain.NicPolicy engineNics(NicPolicy nics) {
        return io.kboss.agent.disk.domain.NicPolicy.valueOf(nics.name());
    }
}
