package io.kboss.agent.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Puts a finished file in place so that a crash leaves the old file or the new one, complete,
 * never a torn one: the new file is flushed, renamed over its final name in the same folder (one
 * atomic rename(2), which replaces an existing file), and the folder is flushed so the rename
 * itself survives a host crash.
 */
final class DurableFiles {
    private DurableFiles() {
    }

    static void move(Path from, Path to) throws IOException {
        // qemu-img does not flush its output by default: without these fsyncs a host crash right
        // after a "successful" restore, merge or publication could leave the renamed file empty or torn.
        forceToDisk(from);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Path folder = to.toAbsolutePath().getParent();
        if (folder != null) {
            forceToDisk(folder);
        }
    }

    /** fsync of a file or (so a rename is durable) of a folder; Linux allows both on a read handle. */
    static void forceToDisk(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
