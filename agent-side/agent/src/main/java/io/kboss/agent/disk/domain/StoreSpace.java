package io.kboss.agent.disk.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of the store an operation writes to, asked once before anything is written (a
 * backup's files, a compression's copy). The agent's own is the store's bounded statfs, so a store
 * that does not answer fails the question instead of hanging the job.
 */
@FunctionalInterface
public interface StoreSpace {
    long freeBytes() throws IOException;

    /**
     * The usable space of the file system {@code folder} will be on (its nearest existing folder
     * when it is not made yet), asked without a bound: for tests and benchmarks on local folders.
     */
    static StoreSpace of(Path folder) {
        return () -> {
            Path existing = folder.toAbsolutePath();
            while (!Files.exists(existing) && existing.getParent() != null) {
                existing = existing.getParent();
            }
            return Files.getFileStore(existing).getUsableSpace();
        };
    }
}
