package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskBackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one backup while it is written: every disk goes to {@code <target>.part} and is
 * renamed to its final name only when all disks are complete, so a crash or failure never leaves
 * a file that looks like a finished backup.
 */
final class BackupTargets {
    private final BackupRequest request;
    private final List<Path> published = new ArrayList<>();

    BackupTargets(BackupRequest request) {
        this.request = request;
    }

    /** Creates the folders and refuses to overwrite a finished backup. */
    void prepare() {
        for (BackupTarget d : request.disks()) {
            if (Files.exists(d.target())) {
                throw new DiskOperationException("backup file " + d.target() + " already exists; a backup"
                        + " is never overwritten. Delete it or choose a new backup id.", null, true);
            }
            try {
                Files.createDirectories(d.target().getParent());
                Files.deleteIfExists(BackupFiles.partialOf(d.target()));
            } catch (IOException e) {
                throw new DiskOperationException("cannot prepare backup folder " + d.target().getParent() + ": "
                        + e + ". Check that the store is mounted and writable.", e, true);
            }
        }
    }

    static Path partial(BackupTarget d) {
        return BackupFiles.partialOf(d.target());
    }

    /** Renames every partial file to its final name. */
    void publish() {
        for (BackupTarget d : request.disks()) {
            try {
                DurableFiles.move(partial(d), d.target());
                published.add(d.target());
            } catch (IOException e) {
                throw new DiskOperationException("cannot rename " + partial(d) + " to " + d.target() + ": " + e,
                        e, true);
            }
        }
    }

    /** Removes partial and already published files; returns what could not be removed. */
    List<String> discard() {
        List<String> left = new ArrayList<>();
        for (BackupTarget d : request.disks()) {
            for (Path p : List.of(partial(d), d.target())) {
                if (p.equals(d.target()) && !published.contains(p)) {
                    continue;
                }
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    left.add(p + " (" + e.getMessage() + ")");
                }
            }
        }
        return left;
    }

    /**
     * The published files as the server records them: each disk's virtual size, its size on the
     * store (qemu-img's actual size when the file cannot be measured) and, for an increment, the
     * backing file it was rebased onto.
     */
    List<DiskBackupOutcome> describe(QemuImg qemuImg, boolean incremental) {
        List<DiskBackupOutcome> results = new ArrayList<>();
        for (BackupTarget d : request.disks()) {
            QemuImg.ImageInfo info = qemuImg.info(d.target(), false);
            long size;
            try {
                size = Files.size(d.target());
            } catch (IOException e) {
                size = info.actualSize();
            }
            results.add(new DiskBackupOutcome(d.disk(), d.target(), info.virtualSize(), size,
                    incremental ? info.backingFile() : null));
        }
        return results;
    }
}
