package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Compresses a backup's files in place, one after the other: each is copied with
 * {@code qemu-img convert -c} into a qcow2 with the given compression type (an incremental keeps
 * its backing file, as a delta on its parent), the copy is flushed and compared with the original
 * ({@code qemu-img compare}), and only then renamed over it. Before anything is written the store
 * must have {@code minimumFreeStorage} × the backup's size free, or the job fails with
 * {@code NOT_ENOUGH_SPACE} and the figures. A cancel, the timeout or a crash leaves every file
 * either as it was or compressed and verified, and no temporary file. The job's result is a
 * {@link CompressionResult}. Since protocol 1 agents with compression; older agents answer 404.
 */
public class CompressBackupCommand extends JobCommand {
    public static final String NAME = "compress-backup";
    public String backupUuid;
    public StoreRef store;
    /** The backup's files (one per disk), relative to the store root. */
    public List<String> paths = new ArrayList<>();
    public CompressionLibrary library = CompressionLibrary.ZSTD;
    /** qemu-img convert's coroutines (-m), 1 to 16 ({@code backup.compression.coroutines}). */
    public int coroutines = 1;
    /** Read rate limit in MiB/s (qemu-img convert -r); below 1: none ({@code backup.compression.rate.limit}). */
    public int rateLimitMibPerSecond;
    /**
     * Free space the store must have before the job writes anything, as a multiple of the backup's
     * size on the store ({@code backup.compression.minimum.free.storage}); 0 skips the check.
     */
    public double minimumFreeStorage = 1.0;
    /** The job's own bound in seconds ({@code backup.compression.timeout}); below 1: none. */
    public long timeoutSeconds;

    @Override
    public String commandName() {
        return NAME;
    }
}
