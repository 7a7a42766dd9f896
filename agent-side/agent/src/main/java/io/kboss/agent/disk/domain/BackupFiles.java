package io.kboss.agent.disk.domain;

import java.nio.file.Path;

/**
 * Naming rules for backup files shared by every backup and cleanup path. Work that rewrites a
 * backup file writes a sibling with one of these suffixes and renames it over the file only when
 * it is complete; a file with a suffix is never a valid backup, so whoever finds one after a crash
 * deletes it.
 */
public final class BackupFiles {
    /** Suffix of a backup file still being written; a file with it is never a valid backup. */
    public static final String PARTIAL_SUFFIX = ".part";
    private static final String MERGING_SUFFIX = ".merging";
    private static final String COMPRESSING_SUFFIX = ".compressing";

    private BackupFiles() {
    }

    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    }

    /** The merged copy of a child being written while its parent is deleted. */
    public static Path mergingOf(Path child) {
        return child.resolveSibling(child.getFileName() + MERGING_SUFFIX);
    }

    /** The compressed copy of a backup file being written and verified. */
    public static Path compressingOf(Path file) {
        return file.resolveSibling(file.getFileName() + COMPRESSING_SUFFIX);
    }

    /**
     * The backing path to store in {@code image}'s header for {@code backing}: relative to the
     * image's folder, so a store mounted at another path still resolves its chains.
     */
    public static String relativeBacking(Path image, Path backing) {
        Path from = image.toAbsolutePath().normalize().getParent();
        return from.relativize(backing.toAbsolutePath().normalize()).toString();
    }
}
