package io.kboss.agent.support;

import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A small tmpfs mounted for one test: a store that fills up or turns read-only. */
public final class Tmpfs implements AutoCloseable {
    private static final ProcessRunner runner = new ProcessRunner();
    public final Path dir;

    public Tmpfs(Path dir, int mib) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        runner.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=755", "tmpfs", dir.toString()),
                Duration.ofSeconds(10));
    }

    public void readOnly() {
        runner.run(List.of("mount", "-o", "remount,ro", dir.toString()), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        runner.run(List.of("umount", "-l", dir.toString()), Duration.ofSeconds(30));
    }
}
