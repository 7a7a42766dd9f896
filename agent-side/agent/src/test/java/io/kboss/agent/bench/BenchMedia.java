package io.kboss.agent.bench;

import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where the benchmark's VM disks, backup stores and restored volumes live.
 *
 * <p>By default a tmpfs: on the machines this project is built on, the root filesystem is a
 * virtual disk that takes the first 2 GiB or so of writes at memory speed and then slows several
 * fold while the host drains them (three 2 GiB push fulls in a row took 4.5, 10.1 and 19.8 s). On
 * such a disk whichever step comes after the most recent writes looks slow, whatever it does; on a
 * tmpfs every step costs what QEMU, qemu-img and the engine do, and flushes cost nothing, so a
 * flushed and an unflushed copy cost the same. {@code --media disk} measures on the work folder's
 * own filesystem instead (what a host with local primary and secondary storage would see).
 */
final class BenchMedia implements AutoCloseable {
    final Path root;
    final String description;
    private final boolean mounted;
    private final ProcessRunner runner;

    private BenchMedia(Path root, String description, boolean mounted, ProcessRunner runner) {
        this.root = root;
        this.description = description;
        this.mounted = mounted;
        this.runner = runner;
    }

    /**
     * Mounts a tmpfs of at most {@code bytes} at {@code dir}. Refused when the machine has not
     * that much memory available plus 2 GiB for everyone else: a tmpfs that pushes teammates'
     * processes out of memory would measure nothing and break their work.
     */
    static BenchMedia tmpfs(Path dir, long bytes, ProcessRunner runner) throws IOException {
        long available = availableMemory();
        if (available < bytes + (2L << 30)) {
            throw new IllegalStateException(String.format("a %d GiB tmpfs needs %d GiB of available memory, the"
                    + " machine has %.1f GiB; free memory or run with --media disk", bytes >> 30, (bytes >> 30) + 2,
                    available / (double) (1L << 30)));
        }
        Files.createDirectories(dir);
        runner.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + (bytes >> 20) + "m,mode=755", "tmpfs",
                dir.toString()), Duration.ofSeconds(30));
        return new BenchMedia(dir, "tmpfs of " + (bytes >> 30) + " GiB (memory; flushes cost nothing)", true, runner);
    }

    /** The work folder's own filesystem. */
    static BenchMedia disk(Path dir, ProcessRunner runner) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String fs = runner.run(List.of("df", "--output=fstype,source", dir.toString()), Duration.ofSeconds(30))
                .stdout().lines().reduce((a, b) -> b).orElse("?").trim().replaceAll("\\s+", " ");
        return new BenchMedia(dir, "the work folder's filesystem (" + fs + ")", false, runner);
    }

    private static long availableMemory() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) << 10;
            }
        }
        throw new IOException("/proc/meminfo has no MemAvailable line");
    }

    /** Empties the media (and unmounts a tmpfs, lazily if something still holds a file open). */
    @Override
    public void close() throws IOException {
        try (var files = Files.list(root)) {
            for (Path p : files.toList()) {
                BenchContext.deleteTree(p);
            }
        }
        if (mounted) {
            int status = runner.run(List.of("umount", root.toString()), Duration.ofSeconds(60), Set.of(0, 32))
                    .exitStatus();
            if (status != 0) {
                runner.run(List.of("umount", "-l", root.toString()), Duration.ofSeconds(60));
            }
            Files.deleteIfExists(root);
        }
    }
}
