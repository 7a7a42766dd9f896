package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.DeletionOutcome;
import io.kboss.agent.disk.domain.DeletionRequest.Merge;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.DiskOperationException.Reason;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.process.ProgramRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * {@link ChainMaintenance#delete}: each child is copied to {@code <child>.merging}, the copy is
 * rebased in safe mode onto the deleted file's parent (or onto nothing), flushed and renamed over
 * the child; then the files are deleted. Merging a copy rather than the child itself is what makes
 * a crash harmless: the child is replaced whole or not at all (tested with a SIGKILL of the agent
 * in AgentCrashRecoveryTest).
 */
final class MergingDeletion {
    private final QemuImg qemuImg;
    private final ProcessRunner runner;
    private final Duration timeout;
    private final CancelToken cancel;

    MergingDeletion(QemuImg qemuImg, ProcessRunner runner, Duration timeout, CancelToken cancel) {
        this.qemuImg = qemuImg;
        this.runner = runner;
        this.timeout = timeout;
        this.cancel = cancel;
    }

    DeletionOutcome delete(DeletionRequest request, ProgressListener progress) {
        progress.phase("checking the chain");
        long total = 0;
        for (Merge m : request.merges()) {
            checkBacking(m);
            total += size(m.child()) + sizeIfExists(m.deleted());
        }
        Map<Path, Long> mergedSizes = new LinkedHashMap<>();
        long grown = 0;
        long done = 0;
        for (Merge m : request.merges()) {
            checkCancel("before merging into " + m.child());
            long before = size(m.child());
            long span = before + sizeIfExists(m.deleted());
            long base = done;
            long all = total;
            progress.phase("merging into " + m.child().getFileName());
            merge(m, pct -> progress.progress(base + (long) (span * pct / 100), all));
            done += span;
            progress.progress(done, total);
            long after = size(m.child());
            grown += after - before;
            mergedSizes.put(m.child(), after);
        }
        checkCancel("after merging every child, before deleting a file");
        progress.phase("deleting");
        List<Path> deleted = new ArrayList<>();
        long freed = 0;
        for (Path p : request.files()) {
            long size = sizeIfExists(p);
            try {
                if (Files.deleteIfExists(p)) {
                    freed += size;
                    deleted.add(p);
                }
            } catch (IOException e) {
                throw new DiskOperationException("cannot delete backup file " + p + " (" + e + "); its children were"
                        + " merged already and no longer need it: delete it by hand or ask again", e, true);
            }
        }
        return new DeletionOutcome(deleted, mergedSizes, freed - grown);
    }

    private void merge(Merge m, DoubleConsumer percentDone) {
        Path child = m.child();
        Path merging = BackupFiles.mergingOf(child);
        String newBacking = m.newParent() == null ? "" : BackupFiles.relativeBacking(child, m.newParent());
        try {
            Files.deleteIfExists(merging);
            runner.run(ProgramRun.of(List.of("cp", "--sparse=always", child.toString(), merging.toString()), timeout)
                    .cancelledBy(cancel));
            checkCancel("while merging into " + child);
            qemuImg.rebaseSafe(merging, newBacking, percentDone);
            DurableFiles.move(merging, child);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(merging, e);
            if (e instanceof DiskOperationException d) {
                throw d;
            }
            boolean cancelled = e instanceof ExternalProgramException p && p.cancelled();
            throw new DiskOperationException("merging " + m.deleted() + " into its child " + child + " failed: "
                    + e.getMessage() + "; the child was not changed", e, true,
                    cancelled ? Reason.CANCELLED : Reason.FAILED);
        }
    }

    /** The child must point at the deleted file, or (a repeated request) already at its new parent. */
    private void checkBacking(Merge m) {
        Path actual = backingOf(m.child());
        boolean pointsAtDeleted = m.deleted().normalize().equals(actual);
        boolean alreadyMerged = m.newParent() == null ? actual == null : m.newParent().normalize().equals(actual);
        if (!pointsAtDeleted && !alreadyMerged) {
            throw new DiskOperationException("backup file " + m.child() + " is backed by "
                    + (actual == null ? "nothing" : actual) + ", not by " + m.deleted() + " (nor by "
                    + (m.newParent() == null ? "nothing" : m.newParent()) + "): the caller's chain does not match the"
                    + " store; nothing was deleted", null, true, Reason.CHAIN_MISMATCH);
        }
        if (pointsAtDeleted && !Files.exists(m.deleted())) {
            throw new DiskOperationException("backup file " + m.child() + " needs " + m.deleted() + ", which is"
                    + " missing: the child cannot be merged and is already unrestorable; nothing was deleted", null,
                    true, Reason.MISSING_FILE);
        }
    }

    /** The child's backing file as an absolute path (its header holds it relative to its folder). */
    private Path backingOf(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new DiskOperationException("backup file " + image + " does not exist; is the store mounted?",
                    null, true, Reason.MISSING_FILE);
        }
        QemuImg.ImageInfo info = qemuImg.info(image, true);
        return info.backingFile() == null ? null : image.getParent().resolve(info.backingFile()).normalize();
    }

    private void checkCancel(String where) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("deletion stopped " + where + " (" + cancel.reason() + "); every child"
                    + " is still valid", null, true, Reason.CANCELLED);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the size of " + p + ": " + e, e, true);
        }
    }

    private static long sizeIfExists(Path p) {
        return Files.exists(p) ? size(p) : 0;
    }

    private static void deleteQuietly(Path partial, Exception failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e); // the job's journaled leftover removes it later
        }
    }
}
