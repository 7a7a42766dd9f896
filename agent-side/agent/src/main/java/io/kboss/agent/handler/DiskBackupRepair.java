package io.kboss.agent.handler;

import io.kboss.agent.contract.WireJson;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.JobRepair;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverCleaner;
import io.kboss.agent.job.LeftoverKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cleanup agreed with the disk engine for a backup job: before a backup starts, the job
 * journals {@link LeftoverKind#DISK_BACKUP} with what {@link JobRepair.LeftoverJob} needs; if the
 * job fails or the agent dies, {@link JobRepair#repair} aborts the libvirt job, thaws the guest,
 * deletes the half-made checkpoint and the job's files.
 */
public final class DiskBackupRepair implements LeftoverCleaner {
    private final DiskEngine engine;
    private final LeftoverCleaner others;

    /** The journaled form of a {@link JobRepair.LeftoverJob}. */
    static final class Record {
        String vmName;
        String checkpoint;
        List<String> targets = new ArrayList<>();
    }

    public DiskBackupRepair(DiskEngine engine, LeftoverCleaner others) {
        this.engine = engine;
        this.others = others;
    }

    static Leftover leftover(String vmUuid, String vmName, String checkpoint, List<Path> targets) {
        Record r = new Record();
        r.vmName = vmName;
        r.checkpoint = checkpoint;
        targets.forEach(t -> r.targets.add(t.toString()));
        return new Leftover(LeftoverKind.DISK_BACKUP, vmUuid, WireJson.toJson(r));
    }

    @Override
    public String cleanUp(Leftover leftover) throws Exception {
        if (leftover.kind() != LeftoverKind.DISK_BACKUP) {
            return others.cleanUp(leftover);
        }
        Record r = WireJson.fromJson(leftover.value(), Record.class);
        JobRepair.Report report = engine.repairs().repair(new JobRepair.LeftoverJob(r.vmName, r.checkpoint,
                r.targets.stream().map(Path::of).toList()));
        String done = "repaired backup of VM " + r.vmName + " (aborted libvirt job: " + report.abortedBackupJob()
                + ", thawed: " + report.thawed() + ", removed checkpoint " + r.checkpoint + ": "
                + report.removedCheckpoint() + ", removed files: " + report.removedFiles() + ")";
        if (!report.vmDisksConsistent()) {
            throw new IllegalStateException(done + " but: " + String.join("; ", report.problems()));
        }
        return done;
    }
}
