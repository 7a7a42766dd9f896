package io.kboss.agent.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.job.JobContext;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.JobWork;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.process.ProgramFailed;
import io.kboss.agent.process.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes a backup's files without breaking the backups that depend on them.
 *
 * <p>For each child, the deleted file's data the child still needs is copied into a new child:
 * the child is copied to {@code <child>.merging}, the copy is rebased (qemu-img safe rebase) onto
 * the deleted file's own parent — or onto nothing, becoming a full — and then renamed over the
 * child. Only then are the files deleted. A crash at any point leaves the old child (and the
 * {@code .merging} file, journaled and deleted at the next start) or the merged child with the
 * deleted file still present; running the same command again finishes the work, because a
 * child that already points at its new parent is only re-checked.
 *
 * <p>The child's current backing file is checked against the command first: if the server's idea
 * of the chain is wrong, nothing is touched.
 */
public final class BackupDeletion implements JobWork {
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private final DeleteBackupCommand command;
    private final SecondaryStores stores;
    private final Programs programs;
    private final Duration programTimeout;

    public BackupDeletion(DeleteBackupCommand command, SecondaryStores stores, Programs programs,
            Duration programTimeout) {
        this.command = command;
        this.stores = stores;
        this.programs = programs;
        this.programTimeout = programTimeout;
    }

    @Override
    public void run(JobContext job) throws Exception {
        job.phase("checking the chain");
        Path root;
        try {
            root = stores.root(command.store);
        } catch (StoreUnreachableException e) {
            throw new JobFailure(ErrorCode.STORE_UNREACHABLE, e.getMessage(), true, e);
        }
        List<Path> deleted = new ArrayList<>();
        for (String p : command.paths) {
            deleted.add(BackupLayout.resolve(root, p));
        }
        long total = 0;
        for (ChildMerge m : command.merges) {
            Path child = BackupLayout.resolve(root, m.childPath);
            checkBacking(root, m, child);
            total += Files.size(child) + sizeIfExists(BackupLayout.resolve(root, m.deletedPath));
        }
        DeleteResult result = new DeleteResult();
        long grown = 0;
        long done = 0;
        for (ChildMerge m : command.merges) {
            job.checkCancelled();
            Path child = BackupLayout.resolve(root, m.childPath);
            long before = Files.size(child);
            job.phase("merging into " + m.childPath);
            long base = done;
            long span = before + sizeIfExists(BackupLayout.resolve(root, m.deletedPath));
            final long totalBytes = total;
            merge(job, root, m, child, pct -> job.progress(base + (long) (span * pct / 100), totalBytes));
            done += span;
            job.progress(done, total);
            long after = Files.size(child);
            grown += after - before;
            result.mergedChildren.add(m.childPath);
            result.mergedChildSizes.put(m.childPath, after);
        }
        job.phase("deleting");
        long freed = 0;
        for (int i = 0; i < deleted.size(); i++) {
            Path p = deleted.get(i);
            long size = sizeIfExists(p);
            if (Files.deleteIfExists(p)) {
                freed += size;
                result.deletedPaths.add(command.paths.get(i));
            }
        }
        result.bytesFreed = freed - grown;
        job.deleteResult(result);
    }

    private void merge(JobContext job, Path root, ChildMerge m, Path child, java.util.function.DoubleConsumer pct)
            throws Exception {
        String newBacking = m.newBackingPath == null
                ? ""
                : child.getParent().relativize(BackupLayout.resolve(root, m.newBackingPath)).toString();
        Path merging = child.resolveSibling(child.getFileName() + ".merging");
        Leftover leftover = new Leftover(LeftoverKind.PARTIAL_FILE, null, merging.toString());
        job.willCreate(leftover);
        Files.deleteIfExists(merging);
        programs.run(List.of("cp", "--sparse=always", child.toString(), merging.toString()), programTimeout);
        job.checkCancelled();
        List<String> rebase = new ArrayList<>(List.of("qemu-img", "rebase", "-p", "-f", "qcow2"));
        if (!newBacking.isEmpty()) {
            rebase.addAll(List.of("-F", "qcow2"));
        }
        rebase.addAll(List.of("-b", newBacking, merging.toString()));
        programs.run(rebase, programTimeout, line -> {
            Matcher matcher = PROGRESS.matcher(line);
            if (matcher.find()) {
                pct.accept(Double.parseDouble(matcher.group(1)));
            }
        });
        Files.move(merging, child, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        job.released(leftover);
    }

    /** The child must point at the deleted file, or (a repeated command) already at its new parent. */
    private void checkBacking(Path root, ChildMerge m, Path child) throws JobFailure, IOException {
        Path deleted = BackupLayout.resolve(root, m.deletedPath);
        Path newParent = m.newBackingPath == null ? null : BackupLayout.resolve(root, m.newBackingPath);
        Path actual = backingOf(child);
        boolean pointsAtDeleted = actual != null && actual.equals(deleted);
        boolean alreadyMerged = newParent == null ? actual == null : newParent.equals(actual);
        if (!pointsAtDeleted && !alreadyMerged) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, "Backup file " + m.childPath + " is backed by "
                    + (actual == null ? "nothing" : actual) + ", not by " + m.deletedPath + " (nor by "
                    + m.newBackingPath + "): the server's chain does not match the store; nothing was deleted", true,
                    null);
        }
        if (pointsAtDeleted && !Files.exists(deleted)) {
            throw new JobFailure(ErrorCode.NOT_FOUND, "Backup file " + m.childPath + " needs " + m.deletedPath
                    + ", which is missing: the child cannot be merged and is already unrestorable", true, null);
        }
    }

    private Path backingOf(Path image) throws IOException {
        String json;
        try {
            json = programs.run(List.of("qemu-img", "info", "--output=json", "-U", image.toString()),
                    Duration.ofMinutes(1));
        } catch (ProgramFailed e) {
            throw new IOException("Cannot read backup file " + image + ": " + e.getMessage(), e);
        }
        JsonObject info = JsonParser.parseString(json).getAsJsonObject();
        if (!info.has("backing-filename")) {
            return null;
        }
        Path backing = Path.of(info.get("backing-filename").getAsString());
        return image.getParent().resolve(backing).normalize();
    }

    private static long sizeIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
