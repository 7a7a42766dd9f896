package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AttachDiskAnswer;
import io.kboss.agent.contract.AttachDiskCommand;
import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupFileInfo;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.FinishChainAnswer;
import io.kboss.agent.contract.FinishChainCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.disk.DiskAttach;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.ReplacedVolumes;
import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupResult;
import io.kboss.agent.disk.domain.CancelToken;
import io.kboss.agent.disk.domain.DiskBackupResult;
import io.kboss.agent.disk.domain.DiskBackupTarget;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreResult;
import io.kboss.agent.disk.domain.QuiesceMode;
import io.kboss.agent.disk.domain.RestoreResult;
import io.kboss.agent.job.JobContext;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.store.StoreUnreachableException;
import io.kboss.agent.vm.VmInventory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the wire commands for backup, restore, quick restore and finish-chain into disk-engine
 * calls ({@code io.kboss.agent.disk}) running as agent jobs: store paths are resolved (and kept
 * inside the store), the VM is looked up by uuid, progress and cancel are bridged, and the
 * engine's {@link DiskOperationException} becomes the job's failure with its consistency verdict.
 */
public final class DiskHandlers {
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final VmInventory vms;
    private final JobHandlers jobs;
    private final Clock clock;
    private final Duration backupTimeout;

    public DiskHandlers(DiskEngine engine, SecondaryStores stores, VmInventory vms, JobHandlers jobs, Clock clock,
            Duration backupTimeout) {
        this.engine = engine;
        this.stores = stores;
        this.vms = vms;
        this.jobs = jobs;
        this.clock = clock;
        this.backupTimeout = backupTimeout;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(TakeBackupCommand.NAME, TakeBackupCommand.class, this::takeBackup),
                Handlers.of(RestoreBackupCommand.NAME, RestoreBackupCommand.class, this::restore),
                Handlers.of(QuickRestoreCommand.NAME, QuickRestoreCommand.class, this::quickRestore),
                Handlers.of(FinishChainCommand.NAME, FinishChainCommand.class, this::finishChain),
                Handlers.of(AttachDiskCommand.NAME, AttachDiskCommand.class, this::attachDisk));
    }

    private JobAnswer takeBackup(TakeBackupCommand c) throws Exception {
        if (c.disks == null || c.disks.isEmpty() || c.store == null || c.backupUuid == null) {
            throw new IllegalArgumentException("take-backup needs backupUuid, a store and at least one disk");
        }
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        if (vm.isEmpty()) {
            return notFound(c.vmUuid);
        }
        String checkpoint = c.newCheckpoint != null ? c.newCheckpoint : c.backupUuid;
        boolean incremental = c.mode == BackupMode.INCREMENTAL;
        if (incremental && c.fromCheckpoint == null) {
            throw new IllegalArgumentException("An INCREMENTAL backup needs fromCheckpoint");
        }
        QuiesceMode quiesce = !c.quiesce
                ? QuiesceMode.NONE
                : c.allowCrashConsistent ? QuiesceMode.PREFERRED : QuiesceMode.REQUIRED;
        String vmName = vm.get().name;
        return jobs.start(c, JobType.BACKUP, c.vmUuid, c.backupUuid, job -> {
            Path root = storeRoot(c.store, job);
            List<DiskBackupTarget> targets = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (BackupDiskTarget d : c.disks) {
                Path target = BackupLayout.resolve(root, d.path);
                try {
                    java.nio.file.Files.createDirectories(target.getParent());
                } catch (java.io.IOException e) {
                    throw new JobFailure(ErrorCode.FAILED, "Cannot create the backup folder " + target.getParent()
                            + " on store " + c.store.storeId + " (" + e + "): check that the store is mounted and "
                            + "writable by the agent; nothing was changed on the VM", true, e);
                }
                targets.add(new DiskBackupTarget(d.targetDevice, target,
                        incremental ? BackupLayout.resolve(root, d.parentPath) : null));
                files.add(target);
            }
            Leftover leftover = DiskBackupRepair.leftover(c.vmUuid, vmName, checkpoint, files);
            job.willCreate(leftover);
            job.phase("backing up");
            BackupResult r = engine(job, true, cancel -> engine.backups().backup(new BackupRequest(vmName, checkpoint,
                    incremental ? c.fromCheckpoint : null, incremental ? c.fromCheckpointXml : null, targets, quiesce,
                    backupTimeout), job::progress, cancel));
            job.backupResult(result(root, c, r));
        });
    }

    private io.kboss.agent.contract.BackupResult result(Path root, TakeBackupCommand c, BackupResult r) {
        io.kboss.agent.contract.BackupResult out = new io.kboss.agent.contract.BackupResult();
        out.checkpoint = r.checkpointName();
        out.checkpointXml = r.checkpointXml();
        out.mode = r.kind() == BackupKind.FULL ? BackupMode.FULL : BackupMode.INCREMENTAL;
        out.fullInsteadOfIncremental = c.mode == BackupMode.INCREMENTAL && r.kind() == BackupKind.FULL;
        out.reason = r.fullReason() != null ? r.fullReason() : r.notQuiescedReason();
        out.vmWasRunning = r.vmWasRunning();
        out.quiesced = r.quiesced();
        out.crashConsistent = c.quiesce && !r.quiesced();
        out.frozenMillis = r.frozen() == null ? 0 : r.frozen().toMillis();
        for (DiskBackupResult d : r.disks()) {
            BackupFileInfo f = new BackupFileInfo();
            f.targetDevice = d.disk();
            f.path = root.relativize(d.file()).toString();
            f.backingPath = d.backingFile();
            f.physicalSizeBytes = d.fileSize();
            f.virtualSizeBytes = d.virtualSize();
            out.files.add(f);
        }
        return out;
    }

    private JobAnswer restore(RestoreBackupCommand c) throws Exception {
        if (c.disks == null || c.disks.isEmpty() || c.store == null) {
            throw new IllegalArgumentException("restore-backup needs a store and at least one disk");
        }
        boolean toVolume = c.disks.get(0).destinationPath != null;
        if (toVolume && c.disks.size() != 1) {
            throw new IllegalArgumentException("A restore into a named volume restores exactly one disk");
        }
        Optional<VmInfo> vm = c.vmUuid == null ? Optional.empty() : vms.find(c.vmUuid);
        if (!toVolume && vm.isEmpty()) {
            return notFound(c.vmUuid);
        }
        return jobs.start(c, JobType.RESTORE, c.vmUuid, c.backupUuid, job -> {
            Path root = storeRoot(c.store, job);
            io.kboss.agent.contract.RestoreResult out = new io.kboss.agent.contract.RestoreResult();
            job.phase("restoring");
            RestoreResult r;
            if (toVolume) {
                RestoreDisk d = c.disks.get(0);
                Path volume = Path.of(d.destinationPath);
                if (!volume.isAbsolute()) {
                    throw new JobFailure(ErrorCode.BAD_REQUEST, "destinationPath must be absolute", true, null);
                }
                job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, c.vmUuid, volume + ".restoring"));
                Path newest = newest(root, d);
                r = engine(job, true, cancel -> engine.restores().restoreVolume(newest, volume,
                        d.destinationFormat == null ? "qcow2" : d.destinationFormat, job::progress, cancel));
            } else {
                Map<String, Path> chains = new LinkedHashMap<>();
                for (RestoreDisk d : c.disks) {
                    chains.put(d.targetDevice, newest(root, d));
                    vm.get().disks.stream().filter(x -> d.targetDevice.equals(x.targetDevice) && x.path != null)
                            .forEach(x -> job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, c.vmUuid,
                                    x.path + ".restoring")));
                }
                String vmName = vm.get().name;
                r = engine(job, false, cancel -> engine.restores().restoreVm(vmName, chains, job::progress, cancel));
            }
            r.volumes().forEach(v -> out.restoredPaths.add(v.volume().toString()));
            job.restoreResult(out);
        });
    }

    private JobAnswer quickRestore(QuickRestoreCommand c) throws Exception {
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        if (vm.isEmpty()) {
            return notFound(c.vmUuid);
        }
        if (!c.resumeConsolidation && (c.disks == null || c.disks.isEmpty() || c.store == null)) {
            throw new IllegalArgumentException("quick-restore needs a store and at least one disk");
        }
        String vmName = vm.get().name;
        return jobs.start(c, JobType.QUICK_RESTORE, c.vmUuid, c.backupUuid, job -> {
            io.kboss.agent.contract.RestoreResult out = new io.kboss.agent.contract.RestoreResult();
            QuickRestoreListener listener = new QuickRestoreListener() {
                @Override
                public void vmStarted() {
                    out.vmStartedAtMillis = clock.millis();
                    job.phase("consolidating");
                    job.restoreResult(out);
                }

                @Override
                public void progress(long done, long total) {
                    job.progress(done, total);
                }
            };
            QuickRestoreResult r;
            if (c.resumeConsolidation) {
                job.phase("consolidating");
                r = engine(job, true, cancel -> engine.quickRestores().resumeConsolidation(vmName, listener, cancel));
            } else {
                Path root = storeRoot(c.store, job);
                Map<String, Path> chains = new LinkedHashMap<>();
                for (RestoreDisk d : c.disks) {
                    chains.put(d.targetDevice, newest(root, d));
                }
                job.phase("starting the VM on overlays");
                r = engine(job, true, cancel -> engine.quickRestores().quickRestore(vmName, chains, listener, cancel));
            }
            r.disks().forEach(d -> {
                out.restoredPaths.add(d.volume().toString());
                if (d.replaced() != null) {
                    out.replacedPaths.add(d.replaced().toString());
                }
            });
            out.consolidated = r.status() == QuickRestoreResult.Status.CONSOLIDATED;
            out.vmStoppedDuringConsolidation = r.status() == QuickRestoreResult.Status.VM_STOPPED;
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
                throw new JobFailure(r.status() == QuickRestoreResult.Status.CANCELLED
                        ? ErrorCode.CANCELLED
                        : ErrorCode.FAILED,
                        "Consolidation did not finish (" + r.status() + "): the VM's disks still read "
                                + "through the backups; send quick-restore with resumeConsolidation, or restore again",
                        true,
                        null);
            }
        });
    }

    private FinishChainAnswer finishChain(FinishChainCommand c) throws Exception {
        FinishChainAnswer a = new FinishChainAnswer();
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        if (vm.isEmpty()) {
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this host");
        }
        List<String> before = vms.checkpoints(c.vmUuid);
        try {
            engine.chains().finishChain(vm.get().name);
        } catch (DiskOperationException e) {
            a.disksConsistent = e.vmDisksConsistent();
            return AgentAnswer.failure(a, ErrorCode.FAILED, e.getMessage());
        }
        a.removedCheckpoints = before;
        return a;
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
            a.fileRemoved = c.removeFileIfNotAttached && java.nio.file.Files.deleteIfExists(file);
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

    private static Path newest(Path root, RestoreDisk d) {
        if (d.chainPaths == null || d.chainPaths.isEmpty()) {
            throw new IllegalArgumentException("Disk " + d.targetDevice + " needs its chain of backup files");
        }
        // Only the newest file is opened; qemu-img follows its relative backing paths to the full.
        return BackupLayout.resolve(root, d.chainPaths.get(d.chainPaths.size() - 1));
    }

    private Path storeRoot(io.kboss.agent.contract.StoreRef store, JobContext job) throws Exception {
        job.phase("opening the store");
        try {
            return stores.root(store);
        } catch (StoreUnreachableException e) {
            throw new JobFailure(ErrorCode.STORE_UNREACHABLE, e.getMessage(), true, e);
        }
    }

    private static JobAnswer notFound(String vmUuid) {
        return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + vmUuid + " on this host");
    }

    @FunctionalInterface
    private interface EngineCall<T> {
        T call(CancelToken cancel);
    }

    /**
     * Runs a blocking engine call with the job's cancel bridged to the engine's token (the engine
     * checks it between steps and cleans up) and its failure translated. A cancel also interrupts
     * the job thread, which kills a running qemu-img; whatever the engine could not undo then is
     * undone by the DISK_BACKUP repair the job manager runs after every failed job.
     */
    private static <T> T engine(JobContext job, boolean defaultConsistent, EngineCall<T> call) throws JobFailure {
        CancelToken token = new CancelToken();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (job.isCancelled()) {
                    token.cancel();
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "kboss-cancel-" + job.jobId());
        watcher.setDaemon(true);
        watcher.start();
        try {
            return call.call(token);
        } catch (DiskOperationException e) {
            throw new JobFailure(e.cancelled() ? ErrorCode.CANCELLED : ErrorCode.FAILED, e.getMessage(),
                    e.vmDisksConsistent(), e);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, e.getMessage(), defaultConsistent, e);
        } finally {
            watcher.interrupt();
        }
    }
}
