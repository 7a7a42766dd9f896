package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Deletes backup files without breaking the backups that depend on them.
 *
 * @param files the files to delete, absolute; a file that is already gone is not an error
 * @param merges one per child of a deleted file: what the child still needs of the deleted file is
 *     merged into it first, in list order (so a chain of deletions is merged from the oldest on)
 */
public record DeletionRequest(List<Path> files, List<Merge> merges) {

    /**
     * Keeps {@code child} restorable when {@code deleted}, its backing file, goes: the child is
     * re-pointed at {@code newParent} (the deleted file's own parent), or made standalone when
     * {@code newParent} is null (the deleted file was a full).
     */
    public record Merge(Path deleted, Path child, Path newParent) {
        public Merge {
            Objects.requireNonNull(deleted, "deleted");
            Objects.requireNonNull(child, "child");
            for (Path p : new Path[]{deleted, child, newParent}) {
                if (p != null && !p.isAbsolute()) {
                    throw new IllegalArgumentException("backup paths must be absolute: " + p);
                }
            }
        }
    }

    public DeletionRequest {
        files = List.copyOf(files);
        merges = List.copyOf(merges);
        for (Path p : files) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("backup paths must be absolute: " + p);
            }
        }
    }
}
