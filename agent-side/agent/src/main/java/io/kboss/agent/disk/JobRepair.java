package io.kboss.agent.disk;

import java.nio.file.Path;
import java.util.List;

/**
 * Repairs what a backup job left when the agent died in the middle of it. Call it at agent start
 * for every job the journal shows as started but not finished, before new work on that VM.
 *
 * <p>It aborts a libvirt backup job still attached to the VM, thaws the guest if it is frozen,
 * deletes the checkpoint the job was creating (its bitmap began at the dead backup's start, so an
 * incremental from it would be wrong; the previous checkpoint still covers every write since the
 * last good backup) and removes the job's files, partial or renamed. It accepts to lose a backup
 * that completed in the instant before the crash: the server never learnt of it, so it is redone.
 * Safe to call twice, and on a VM that no longer exists (files only).
 */
public interface JobRepair {

    /**
     * What the dead job had recorded before it began: the VM, the checkpoint it was creating, and
     * the final paths of its backup files ({@code <target>.part} is derived from them).
     */
    record LeftoverJob(String vmName, String checkpointName, List<Path> targets) {
        public LeftoverJob {
            targets = List.copyOf(targets);
        }
    }

    /**
     * What was found and done. {@code vmDisksConsistent} is false when something could not be
     * undone (see {@code problems}); the VM then needs its chain finished before the next backup.
     */
    record Report(boolean abortedBackupJob, boolean thawed, boolean removedCheckpoint, List<Path> removedFiles,
            boolean vmDisksConsistent, List<String> problems) {
        public Report {
            removedFiles = List.copyOf(removedFiles);
            problems = List.copyOf(problems);
        }
    }

    Report repair(LeftoverJob job);
}
