package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** {@link JobRepair} against the local libvirtd. */
final class LibvirtJobRepair implements JobRepair {
    private final DiskEngine engine;

    LibvirtJobRepair(DiskEngine engine) {
        this.engine = engine;
    }

    @Override
    public Report repair(LeftoverJob job) {
        List<String> problems = new ArrayList<>();
        boolean aborted = false;
        boolean thawed = false;
        boolean removedCheckpoint = false;
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = findDomain(hv, job.vmName());
            if (domain != null) {
                boolean running = domain.isActive() == 1;
                if (running) {
                    aborted = abortBackupJob(domain, problems);
                    thawed = thawIfFrozen(hv, domain, problems);
                }
                removedCheckpoint = removeCheckpoint(domain, job, running, problems);
            }
        } catch (LibvirtException | RuntimeException e) {
            problems.add("libvirt could not be asked about VM " + job.vmName() + ": " + e.getMessage());
        }
        List<Path> removed = new ArrayList<>();
        for (Path target : job.targets()) {
            for (Path p : List.of(BackupFiles.partialOf(target), target)) {
                try {
                    if (Files.deleteIfExists(p)) {
                        removed.add(p);
                    }
                } catch (IOException e) {
                    problems.add("cannot remove " + p + ": " + e);
                }
            }
        }
        boolean consistent = problems.stream().noneMatch(p -> p.contains("checkpoint") || p.contains("libvirt"));
        return new Report(aborted, thawed, removedCheckpoint, removed, consistent, problems);
    }

    private static Domain findDomain(Hypervisor hv, String vmName) {
        try {
            return hv.connect().domainLookupByName(vmName);
        } catch (LibvirtException e) {
            return null; // the VM is gone: only its files are left to clean
        }
    }

    /** Aborts the VM's backup job, if it has one; getBackupXMLDesc only answers while one runs. */
    private static boolean abortBackupJob(Domain domain, List<String> problems) {
        try {
            domain.getBackupXMLDesc(0);
        } catch (LibvirtException e) {
            return false;
        }
        RunningVmBackup.abortLeftoverJob(domain, problems);
        return true;
    }

    private static boolean thawIfFrozen(Hypervisor hv, Domain domain, List<String> problems) {
        String status;
        try {
            status = domain.qemuAgentCommand("{\"execute\":\"guest-fsfreeze-status\"}", 5, 0);
        } catch (LibvirtException e) {
            return false; // no agent answering: nothing of ours can be frozen through it
        }
        if (!status.contains("\"frozen\"")) {
            return false;
        }
        try {
            hv.fsThaw(domain);
            return true;
        } catch (LibvirtCallException e) {
            problems.add("the guest stays frozen: " + e.getMessage());
            return false;
        }
    }

    private boolean removeCheckpoint(Domain domain, LeftoverJob job, boolean running, List<String> problems)
            throws LibvirtException {
        Checkpoints checkpoints = new Checkpoints(domain, job.vmName());
        boolean removed = false;
        try {
            if (checkpoints.exists(job.checkpointName())) {
                checkpoints.delete(job.checkpointName(), !running);
                removed = true;
            }
        } catch (RuntimeException e) {
            problems.add(
                    "the half-made checkpoint " + job.checkpointName() + " could not be deleted: " + e.getMessage());
        }
        if (!running) {
            // An offline backup adds its bitmaps with qemu-img before libvirt hears of the checkpoint.
            for (VmDisk disk : DomainXml.parse(domain.getXMLDesc(0)).disks().values()) {
                if ("qcow2".equals(disk.format()) && Files.exists(disk.source())
                        && engine.qemuImg().info(disk.source(), false).bitmaps().contains(job.checkpointName())) {
                    engine.qemuImg().removeBitmap(disk.source(), job.checkpointName());
                    removed = true;
                }
            }
        }
        return removed;
    }
}
