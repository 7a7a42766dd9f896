package io.kboss.agent.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Partial files are deleted; a file that is already gone is fine. */
final class FileLeftovers {
    private FileLeftovers() {
    }

    static String delete(Leftover leftover) throws IOException {
        Path p = Path.of(leftover.value());
        return Files.deleteIfExists(p) ? "deleted " + p : p + " was already gone";
    }
}
