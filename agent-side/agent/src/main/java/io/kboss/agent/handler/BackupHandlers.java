package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupFileInfo;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.FinishChainAnswer;
import io.kboss.agent.contract.FinishChainCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskBackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuiesceMode;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.vm.VmInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** take-backup (a job) and finish-chain (answered at once) on the disk engine. */
public final class BackupHandlers {
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final VmInventory vms;
    private final JobHandlers jobs;
    private final Duration backupTimeout;

    public BackupHandlers(DiskEngine engine, SecondaryStores stores, VmInventory vms, JobHandlers jobs,
            Duration backupTimeout) {
        this.engine = engine;
        this.stores = stores;
        this.vms = vms;
        this.jobs = jobs;
        this.backupTimeout = backupTimeout;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(TakeBackupCommand.NAME, TakeBackupCommand.class, this::takeBackup),
                Handlers.of(FinishChainCommand.NAME, FinishChainCommand.class, this::finishChain));
    }

    private JobAnswer takeBackup(TakeBackupCommand c) throws Exception {
        if (c.disks == null || c.disks.isEmpty() || c.store == null || c.backupUuid == null) {
            throw new IllegalArgumentException("take-backup needs backupUuid, a store and at least one disk");
        }
        // The name only: the engine reads the rest itself when the job runs, and every libvirt call here
        // delays the answer the server waits for before it follows the job.
        Optional<String> vmName = vms.findName(c.vmUuid);
        if (vmName.isEmpty()) {
            return EngineWork.vmNotFound(c.vmUuid);
        }
        String checkpoint = c.newCheckpoint != null ? c.newCheckpoint : c.backupUuid;
        boolean incremental = c.mode == BackupMode.INCREMENTAL;
        if (incremental && c.fromCheckpoint == null) {
            throw new IllegalArgumentException("An INCREMENTAL backup needs fromCheckpoint");
        }
        QuiesceMode quiesce = !c.quiesce
                ? QuiesceMode.NONE
                : c.allowCrashConsistent ? QuiesceMode.PREFERRED : QuiesceMode.REQUIRED;
        JobSpec spec = JobSpec.of(JobType.BACKUP, c.requestId, c.vmUuid, c.backupUuid);
        return jobs.start(spec, job -> {
            // Read before the backup: the definition the backed-up disks belong to.
            String definition = vms.definitionXml(c.vmUuid).orElse(null);
            Path root = EngineWork.storeRoot(stores, c.store, job);
            List<BackupTarget> targets = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (BackupDiskTarget d : c.disks) {
                Path target = BackupLayout.resolve(root, d.path);
                try {
                    Files.createDirectories(target.getParent());
                } catch (IOException e) {
                    throw new JobFailure(ErrorCode.FAILED, "Cannot create the backup folder " + target.getParent()
                            + " on store " + c.store.storeId + " (" + e + "): check that the store is mounted and "
                            + "writable by the agent; nothing was changed on the VM", true, e);
                }
                targets.add(new BackupTarget(d.targetDevice, target,
                        incremental ? BackupLayout.resolve(root, d.parentPath) : null));
                files.add(target);
            }
            Leftover leftover = DiskBackupRepair.leftover(c.vmUuid, vmName.get(), checkpoint, files);
            job.willCreate(leftover);
            job.phase("backing up");
            BackupRequest request = new BackupRequest(vmName.get(), checkpoint, incremental ? c.fromCheckpoint : null,
                    incremental ? c.fromCheckpointXml : null, targets, quiesce, backupTimeout,
                    () -> stores.capacity(c.store).free());
            // The wall clock, as the job journal's own times: the benchmark lines them up on one time line.
            long engineStarted = System.currentTimeMillis();
            BackupOutcome r = EngineWork.run(true,
                    () -> engine.backups().backup(request, job::progress, job.cancelToken()));
            long engineFinished = System.currentTimeMillis();
            BackupResult result = result(root, c, r);
            result.engineStartedAtMillis = engineStarted;
            result.engineFinishedAtMillis = engineFinished;
            result.domainXml = definition;
            job.backupResult(result);
        });
    }

    private static BackupResult result(Path root, TakeBackupCommand c, BackupOutcome r) {
        BackupResult out = new BackupResult();
        out.checkpoint = r.checkpointName();
        out.checkpointXml = r.checkpointXml();
        out.mode = r.kind() == BackupKind.FULL ? BackupMode.FULL : BackupMode.INCREMENTAL;
        out.fullInsteadOfIncremental = c.mode == BackupMode.INCREMENTAL && r.kind() == BackupKind.FULL;
        out.reason = r.fullReason() != null ? r.fullReason() : r.notQuiescedReason();
        out.vmWasRunning = r.vmWasRunning();
        out.quiesced = r.quiesced();
        out.crashConsistent = c.quiesce && !r.quiesced();
        out.frozenMillis = r.frozen() == null ? 0 : r.frozen().toMillis();
        for (DiskBackupOutcome d : r.disks()) {
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
}
