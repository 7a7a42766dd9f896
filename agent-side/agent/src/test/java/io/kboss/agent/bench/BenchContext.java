package io.kboss.agent.bench;

import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuiesceMode;
import io.kboss.agent.disk.domain.StoreSpace;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What every part of the benchmark shares: the engine under test, programs, samples, folder. */
final class BenchContext {
    static final Duration PROGRAM_TIMEOUT = Duration.ofMinutes(30);

    final DiskEngine engine;
    final ProcessRunner runner = new ProcessRunner();
    final Samples samples = new Samples();
    final LibvirtRestarts restarts = new LibvirtRestarts(runner, samples);
    final Path work;
    /** Where disks, stores and restored volumes go ({@link BenchMedia}). */
    final Path media;
    final int reps;

    BenchContext(DiskEngine engine, Path work, Path media, int reps) {
        this.engine = engine;
        this.work = work;
        this.media = media;
        this.reps = reps;
    }

    /** Runs a program to completion; its stderr ends up in the error if it fails. */
    String run(String... command) {
        return runner.run(List.of(command), PROGRAM_TIMEOUT).stdout();
    }

    /**
     * Writes the page cache out before a timed step, so no step pays for the writes of the one
     * before it.
     */
    void settle() {
        run("sync");
    }

    /** A push backup of disk vda through the engine's public API, as the agent's job would call it. */
    BackupOutcome backup(BenchVm vm, String id, BackupOutcome parent, Path store, ProgressListener progress) {
        BackupOutcome result = backupAllowingFull(vm, id, parent, store, progress);
        BackupKind expected = parent == null ? BackupKind.FULL : BackupKind.INCREMENTAL;
        if (result.kind() != expected) {
            throw new IllegalStateException("asked for a " + expected + " backup " + id + " of " + vm.name
                    + " but the engine took a " + result.kind() + ": " + result.fullReason());
        }
        return result;
    }

    /** The same, where the engine may take a full instead of the incremental asked for (it then says why). */
    BackupOutcome backupAllowingFull(BenchVm vm, String id, BackupOutcome parent, Path store,
            ProgressListener progress) {
        Path target = store.resolve("backups/1/vol0/" + id + ".qcow2");
        Path parentFile = parent == null ? null : parent.disks().get(0).file();
        BackupRequest request = new BackupRequest(vm.name, id, parent == null ? null : parent.checkpointName(),
                parent == null ? null : parent.checkpointXml(),
                List.of(new BackupTarget("vda", target, parentFile)),
                QuiesceMode.NONE, Duration.ofHours(2), StoreSpace.of(store));
        return engine.backups().backup(request, progress, new CancelToken());
    }

    static Path mkdirs(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Sum of the bytes the files under {@code root} occupy on storage (sparse files count allocated blocks). */
    long allocatedBytes(Path root) {
        String out = runner.run(List.of("du", "-s", "-B1", root.toString()), Duration.ofMinutes(1), Set.of(0)).stdout();
        return Long.parseLong(out.trim().split("\\s+")[0]);
    }
}
