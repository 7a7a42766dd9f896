package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Compress a backup's files in place.
 *
 * @param files the backup's files, absolute, compressed one after the other
 * @param type qcow2 compression type to write
 * @param coroutines qemu-img convert -m, 1 to 16
 * @param rateLimitMibPerSecond qemu-img convert -r in MiB/s; below 1: no limit
 * @param minimumFreeStorage the store must have this many times the files' total size free before
 *     anything is written; 0 skips the check
 */
public record CompressionRequest(List<Path> files, CompressionType type, int coroutines, int rateLimitMibPerSecond,
        double minimumFreeStorage) {

    /** qemu-img refuses -m outside this range. */
    public static final int MAX_COROUTINES = 16;

    public CompressionRequest {
        files = List.copyOf(files);
        Objects.requireNonNull(type, "type");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a compression needs at least one backup file");
        }
        for (Path p : files) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("backup paths must be absolute: " + p);
            }
        }
        if (coroutines < 1 || coroutines > MAX_COROUTINES) {
            throw new IllegalArgumentException("coroutines must be between 1 and " + MAX_COROUTINES + ", not "
                    + coroutines);
        }
        if (!(minimumFreeStorage >= 0) || Double.isInfinite(minimumFreeStorage)) {
            throw new IllegalArgumentException("minimumFreeStorage must be a number of 0 or more, not "
                    + minimumFreeStorage);
        }
    }

    /** Bytes the store must have free for {@code backupBytes} of backup files: rounded up. */
    public long requiredFreeBytes(long backupBytes) {
        return (long) Math.ceil(minimumFreeStorage * backupBytes);
    }
}
