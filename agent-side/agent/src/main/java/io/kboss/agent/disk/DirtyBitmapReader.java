package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DirtyRanges;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads which byte ranges a persistent dirty bitmap of a stopped VM's qcow2 disk marks as
 * changed: the disk is exported read-only by qemu-nbd with the bitmap, and qemu-img map reads
 * the bitmap through the {@code x-dirty-bitmap} meta-context. In that view a dirty range shows as
 * {@code "data": false} and a clean one as {@code "data": true}.
 */
final class DirtyBitmapReader {
    private static final long SOCKET_WAIT_MILLIS = 10_000;

    private final ProcessRunner runner;
    private final QemuImg qemuImg;

    DirtyBitmapReader(ProcessRunner runner, QemuImg qemuImg) {
        this.runner = runner;
        this.qemuImg = qemuImg;
    }

    List<DirtyRanges.Range> dirtyRanges(Path disk, String bitmap) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kboss-nbd-");
        } catch (IOException e) {
            throw new DiskOperationException("cannot create a folder for the NBD socket: " + e, e, true);
        }
        Path socket = dir.resolve("disk.sock");
        try (ProcessRunner.RunningProgram nbd = runner.startBackground(List.of("qemu-nbd", "--read-only",
                "--format=qcow2", "--bitmap=" + bitmap, "--socket=" + socket, "--persistent", disk.toString()))) {
            waitForSocket(nbd, socket);
            String opts = "driver=nbd,server.type=unix,server.path=" + QemuImg.optValue(socket)
                    + ",x-dirty-bitmap=qemu:dirty-bitmap:" + bitmap;
            List<DirtyRanges.Range> dirty = new ArrayList<>();
            for (QemuImg.MapExtent e : qemuImg.mapImageOpts(opts)) {
                if (!e.data()) {
                    dirty.add(new DirtyRanges.Range(e.start(), e.length()));
                }
            }
            return DirtyRanges.merge(dirty);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a leftover socket in /tmp is harmless; the backup's own outcome matters more
            }
        }
    }

    private static void waitForSocket(ProcessRunner.RunningProgram nbd, Path socket) {
        for (long waited = 0; waited < SOCKET_WAIT_MILLIS; waited += 20) {
            nbd.requireAlive();
            if (Files.exists(socket)) {
                return;
            }
            RunningVmBackup.sleepMillis(20);
        }
        throw new DiskOperationException("qemu-nbd did not open its socket " + socket + " within "
                + SOCKET_WAIT_MILLIS / 1000 + " s", null, true);
    }
}
