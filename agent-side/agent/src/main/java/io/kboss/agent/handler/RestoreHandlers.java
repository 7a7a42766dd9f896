package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AttachDiskAnswer;
import io.kboss.agent.contract.AttachDiskCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.QuickRestoreVolumeCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.disk.DiskAttach;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.QuickVolumeRestore;
import io.kboss.agent.disk.ReplacedVolumes;
import io.kboss.agent.disk.VmDefinition;
import io.kboss.agent.disk.VmDisk;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.disk.domain.RestoreOutcome;
import io.kboss.agent.disk.domain.VolumeRestore;
import io.kboss.agent.job.JobContext;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.vm.VmInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * restore-backup and quick-restore (jobs) and attach-disk (answered at once) on the disk engine:
 * store paths are resolved (and kept inside the store), the VM is looked up by uuid, and the
 * engine's outcome becomes the wire's {@link RestoreResult}.
 */
public final class RestoreHandlers {
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final VmInventory vms;
    private final JobHandlers jobs;
    private final Clock clock;

    public RestoreHandlers(DiskEngine engine, SecondaryStores stores, VmInventory vms, JobHandlers jobs, Clock clock) {
        this.engine = engine;
        this.stores = stores;
        this.vms = vms;
        this.jobs = jobs;
        this.clock = clock;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(RestoreBackupCommand.NAME, RestoreBackupCommand.class, this::restore),
                Handlers.of(QuickRestoreCommand.NAME, QuickRestoreCommand.class, this::quickRestore),
                Handlers.of(QuickRestoreVolumeCommand.NAME, QuickRestoreVolumeCommand.class,
                        this::quickRestoreVolume),
                Handlers.of(AttachDiskCommand.NAME, AttachDiskCommand.class, this::attachDisk));
    }

    private JobAnswer restore(RestoreBackupCommand c) throws Exception {
        if (c.disks == null || c.disks.isEmpty() || c.store == null) {
            throw new IllegalArgumentException("restore-backup needs a store and at least one disk");
        }
        long named = c.disks.stream().filter(d -> d.destinationPath != null).count();
        if (named != 0 && named != c.disks.size()) {
            throw new IllegalArgumentException("restore-backup: either every disk names its destinationPath (the"
                    + " chains go into those volumes) or none does (into the VM's own disks)");
        }
        boolean toVolumes = named > 0;
        for (RestoreDisk d : toVolumes ? c.disks : List.<RestoreDisk>of()) {
            if (!Path.of(d.destinationPath).isAbsolute()) {
                throw new IllegalArgumentException("destinationPath must be absolute, not " + d.destinationPath);
            }
            if (d.destinationFormat != null && !List.of("qcow2", "raw").contains(d.destinationFormat)) {
                throw new IllegalArgumentException("destinationFormat is qcow2 or raw, not " + d.destinationFormat);
            }
        }
        List<VolumeRestore> volumes = new ArrayList<>();
        Optional<VmInfo> vm = c.vmUuid == null ? Optional.empty() : vms.find(c.vmUuid);
        if (!toVolumes && vm.isEmpty()) {
            return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this host;"
                    + " a VM libvirt no longer knows (a transient VM that stopped) is restored into its volumes:"
                    + " give every disk its destinationPath");
        }
        return jobs.start(JobSpec.of(JobType.RESTORE, c.requestId, c.vmUuid, c.backupUuid), job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            RestoreResult out = new RestoreResult();
            job.phase("restoring");
            RestoreOutcome r;
            if (toVolumes) {
                for (RestoreDisk d : c.disks) {
                    Path volume = Path.of(d.destinationPath);
                    volumes.add(new VolumeRestore(newest(root, d), volume,
                            d.destinationFormat == null ? "qcow2" : d.destinationFormat));
                    job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, c.vmUuid, volume + ".restoring"));
                }
                r = EngineWork.run(true,
                        () -> engine.restores().restoreVolumes(volumes, job::progress, job.cancelToken()));
            } else {
                Map<String, Path> chains = new LinkedHashMap<>();
                for (RestoreDisk d : c.disks) {
                    chains.put(d.targetDevice, newest(root, d));
                    vm.get().disks.stream().filter(x -> d.targetDevice.equals(x.targetDevice) && x.path != null)
                            .forEach(x -> job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, c.vmUuid,
                                    x.path + ".restoring")));
                }
                String vmName = vm.get().name;
                r = EngineWork.run(false,
                        () -> engine.restores().restoreVm(vmName, chains, job::progress, job.cancelToken()));
            }
            r.volumes().forEach(v -> out.restoredPaths.add(v.volume().toString()));
            job.restoreResult(out);
        });
    }

    private JobAnswer quickRestore(QuickRestoreCommand c) throws Exception {
        if (!c.resumeConsolidation && (c.disks == null || c.disks.isEmpty() || c.store == null)) {
            throw new IllegalArgumentException("quick-restore needs a store and at least one disk");
        }
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        VmDefinition definition = null;
        if (vm.isEmpty()) {
            if (c.domainXml == null) {
                return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this"
                        + " host; to quick-restore a VM libvirt no longer knows (a transient VM that stopped),"
                        + " send its domainXml");
            }
            definition = fromDefinition(c);
        }
        String vmName = vm.isPresent() ? vm.get().name : definition.name();
        VmDefinition known = definition;
        return jobs.start(JobSpec.of(JobType.QUICK_RESTORE, c.requestId, c.vmUuid, c.backupUuid), job -> {
            RestoreResult out = new RestoreResult();
            List<Leftover> setAside = new ArrayList<>();
            // From the VM's start it runs on its restore: putting a volume back would destroy it.
            QuickRestoreListener listener = consolidating(job, out, setAside, clock);
            QuickRestoreOutcome r;
            if (c.resumeConsolidation) {
                job.phase("consolidating");
                r = EngineWork.run(true, () -> known == null
                        ? engine.quickRestores().resumeConsolidation(vmName, listener, job.cancelToken())
                        : engine.resumeConsolidationFromDefinition(c.domainXml, listener, job.cancelToken()));
            } else {
                Path root = EngineWork.storeRoot(stores, c.store, job);
                Map<String, Path> chains = new LinkedHashMap<>();
                for (RestoreDisk d : c.disks) {
                    chains.put(d.targetDevice, newest(root, d));
                    if (known != null) {
                        Leftover l = new Leftover(LeftoverKind.SET_ASIDE_VOLUME, c.vmUuid,
                                known.disks().get(d.targetDevice).source().toString());
                        setAside.add(l);
                        job.willCreate(l);
                    }
                }
                job.phase("starting the VM on overlays");
                r = EngineWork.run(true, () -> known == null
                        ? engine.quickRestores().quickRestore(vmName, chains, listener, job.cancelToken())
                        : engine.quickRestoreFromDefinition(c.domainXml, chains, listener, job.cancelToken()));
            }
            r.disks().forEach(d -> {
                out.restoredPaths.add(d.volume().toString());
                if (d.replaced() != null) {
                    out.replacedPaths.add(d.replaced().toString());
                }
            });
            out.consolidated = r.status() == QuickRestoreOutcome.Status.CONSOLIDATED;
            out.vmStoppedDuringConsolidation = r.status() == QuickRestoreOutcome.Status.VM_STOPPED;
            if (out.consolidated) {
                // Only now does nothing need the former volumes: the VM runs on standalone overlays.
                job.phase("removing replaced volumes");
                ReplacedVolumes.Cleanup cleanup = engine.replacedVolumes().removeAfterConsolidation(vmName, r.disks());
                cleanup.removed().forEach(p -> out.removedReplacedPaths.add(p.toString()));
                out.replacedBytesFreed = cleanup.bytesFreed();
                out.replacedKeptReason = cleanup.keptReason();
            } else if (!out.replacedPaths.isEmpty()) {
                out.replacedKeptReason = "consolidation did not finish; the set-aside volumes are deleted when a"
                        + " resumed consolidation finishes";
            }
            job.restoreResult(out);
            if (!out.consolidated) {
                throw new JobFailure(r.status() == QuickRestoreOutcome.Status.CANCELLED
                        ? ErrorCode.CANCELLED
                        : ErrorCode.FAILED,
                        "Consolidation did not finish (" + r.status() + "): the VM's disks still read "
                                + "through the backups; send quick-restore with resumeConsolidation, or restore again",
                        true,
                        null);
            }
        });
    }

    /**
     * quick-restore-volume: the overlay at the new volume's path is the job's partial file until the
     * VM has it attached; from then on it is the VM's disk, which an agent restart must not delete
     * (the server resumes the pull instead), so the job releases it.
     */
    private JobAnswer quickRestoreVolume(QuickRestoreVolumeCommand c) throws Exception {
        if (c.disk == null || c.disk.destinationPath == null || !Path.of(c.disk.destinationPath).isAbsolute()) {
            throw new IllegalArgumentException("quick-restore-volume needs disk.destinationPath, the absolute path of"
                    + " the new volume");
        }
        if (!c.resumeConsolidation && c.store == null) {
            throw new IllegalArgumentException("quick-restore-volume needs the store of the disk's chain");
        }
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        if (vm.isEmpty()) {
            return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this host");
        }
        String vmName = vm.get().name;
        Path volume = Path.of(c.disk.destinationPath);
        return jobs.start(JobSpec.of(JobType.QUICK_RESTORE, c.requestId, c.vmUuid, c.backupUuid), job -> {
            RestoreResult out = new RestoreResult();
            List<Leftover> overlay = new ArrayList<>();
            if (!c.resumeConsolidation) {
                Leftover l = new Leftover(LeftoverKind.PARTIAL_FILE, c.vmUuid, volume.toString());
                overlay.add(l);
                job.willCreate(l);
            }
            QuickRestoreListener listener = consolidating(job, out, overlay, clock);
            QuickVolumeRestore.Outcome r;
            if (c.resumeConsolidation) {
                job.phase("consolidating");
                r = EngineWork.run(true,
                        () -> engine.quickVolumes().resume(vmName, volume, listener, job.cancelToken()));
            } else {
                Path backup = newest(EngineWork.storeRoot(stores, c.store, job), c.disk);
                job.phase("attaching the volume over its backup");
                r = EngineWork.run(true,
                        () -> engine.quickVolumes().restore(vmName, backup, volume, listener, job.cancelToken()));
            }
            out.restoredPaths.add(volume.toString());
            out.attachedDevice = r.device();
            out.consolidated = true;
            out.consolidatedOffline = r.offline();
            job.restoreResult(out);
        });
    }

    /**
     * The definition a server sent for a VM libvirt does not know: it must be that VM, a VM this
     * agent manages, and name every restored disk where the server says its volume is.
     */
    private VmDefinition fromDefinition(QuickRestoreCommand c) {
        VmDefinition d = VmDefinition.of(c.domainXml);
        if (!d.uuid().equalsIgnoreCase(c.vmUuid)) {
            throw new IllegalArgumentException("quick-restore's domainXml describes VM " + d.uuid() + ", not "
                    + c.vmUuid);
        }
        if (!vms.manages(d.name())) {
            throw new IllegalArgumentException("quick-restore's domainXml names VM " + d.name() + ", which is not a"
                    + " VM of this agent" + (vms.namePrefix().isEmpty() ? "" : " (prefix '" + vms.namePrefix() + "')"));
        }
        if (!c.resumeConsolidation) {
            for (RestoreDisk disk : c.disks) {
                VmDisk inXml = d.disks().get(disk.targetDevice);
                if (inXml == null) {
                    throw new IllegalArgumentException("quick-restore's domainXml has no file disk "
                            + disk.targetDevice + " (it has " + d.disks().keySet() + ")");
                }
                if (disk.destinationPath != null && !Path.of(disk.destinationPath).equals(inXml.source())) {
                    throw new IllegalArgumentException("disk " + disk.targetDevice + "'s destinationPath "
                            + disk.destinationPath + " is not the volume the domainXml names (" + inXml.source()
                            + ")");
                }
            }
        }
        return d;
    }

    /**
     * Attaches a file as a new disk; quick (a libvirt call), so it is answered at once, not as a job.
     * When asked, a failed attach removes the file, so the caller's restore leaves nothing behind.
     */
    private AttachDiskAnswer attachDisk(AttachDiskCommand c) throws Exception {
        if (c.path == null || !Path.of(c.path).isAbsolute()) {
            throw new IllegalArgumentException("attach-disk needs the absolute path of the file to attach");
        }
        AttachDiskAnswer a = new AttachDiskAnswer();
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        Path file = Path.of(c.path);
        if (vm.isEmpty()) {
            a.fileRemoved = c.removeFileIfNotAttached && Files.deleteIfExists(file);
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this host");
        }
        try {
            DiskAttach.Attached attached = engine.attachments().attach(vm.get().name, file);
            a.targetDevice = attached.target();
            a.bus = "virtio";
            a.live = attached.live();
            return a;
        } catch (DiskOperationException e) {
            a.fileRemoved = c.removeFileIfNotAttached && engine.attachments().removeUnattached(vm.get().name, file);
            return AgentAnswer.failure(a, ErrorCode.FAILED, e.getMessage());
        }
    }

    /**
     * What a quick restore or a quick new VM reports: when the VM started on its overlays, the files
     * in {@code releasedOnStart} are no longer the job's to clean up, and the job is consolidating;
     * the consolidation's progress is the job's.
     */
    static QuickRestoreListener consolidating(JobContext job, RestoreResult out, List<Leftover> releasedOnStart,
            Clock clock) {
        return new QuickRestoreListener() {
            @Override
            public void vmStarted() {
                out.vmStartedAtMillis = clock.millis();
                // The result first: the journal writes below then carry it, so after a crash the server
                // learns that the VM already used the restore.
                job.restoreResult(out);
                releasedOnStart.forEach(job::released);
                job.phase("consolidating");
            }

            @Override
            public void progress(long done, long total) {
                job.progress(done, total);
            }
        };
    }

    /** The chain's newest file on the store; qemu-img follows its relative backing paths to the full. */
    static Path newest(Path root, RestoreDisk d) {
        if (d.chainPaths == null || d.chainPaths.isEmpty()) {
            throw new IllegalArgumentException("Disk " + d.targetDevice + " needs its chain of backup files");
        }
        // Only the newest file is opened; qemu-img follows its relative backing paths to the full.
        return BackupLayout.resolve(root, d.chainPaths.get(d.chainPaths.size() - 1));
    }
}
