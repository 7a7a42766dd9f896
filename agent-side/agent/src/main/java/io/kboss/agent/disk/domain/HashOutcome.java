package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;

/**
 * SHA-256 of a backup's files: each file's, and {@code combined} over them (each file's hex hash
 * and a line break, in the order asked), one value to compare with the next check's.
 */
public record HashOutcome(List<FileHash> files, String combined) {
    public record FileHash(Path file, long size, String sha256) {
    }

    public HashOutcome {
        files = List.copyOf(files);
    }
}
