package io.kboss.agent.disk;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.kboss.agent.disk.domain.DiskOperationException;
import java.nio.file.Path;

/**
 * The bytes a file occupies on its filesystem (its allocated blocks, what {@code du} and qemu-img's
 * {@code actual-size} report), read with one statx(2) call.
 *
 * <p>Why not qemu-img: the space check before a running VM's full backup needs the host allocation of
 * each disk's backing chain, and a {@code qemu-img info --backing-chain} process cost 40-230 ms of
 * the full's set-up on the lab machine (docs/BENCHMARKS.md, issue 14), more than everything else
 * the engine does before libvirt's backup-begin. Java's file attributes carry the apparent size
 * only, which overstates a sparse file (a raw template) and would refuse backups that fit. statx's
 * buffer layout is the kernel's, the same on every architecture, so no C header is mirrored here
 * beyond the two offsets used.
 */
final class HostAllocation {
    private static final int AT_FDCWD = -100;
    private static final int STATX_BLOCKS = 0x400;
    private static final int STATX_BUFFER = 256;
    private static final int MASK_OFFSET = 0;
    private static final int BLOCKS_OFFSET = 48;
    private static final long BLOCK = 512;

    private interface CLibrary extends Library {
        CLibrary INSTANCE = Native.load("c", CLibrary.class);

        int statx(int dirfd, String path, int flags, int mask, Memory buffer) throws LastErrorException;
    }

    private HostAllocation() {
    }

    /** Allocated bytes of {@code file}; fails with the errno's text when statx cannot read it. */
    static long of(Path file) {
        Memory buffer = new Memory(STATX_BUFFER);
        buffer.clear();
        try {
            CLibrary.INSTANCE.statx(AT_FDCWD, file.toString(), 0, STATX_BLOCKS, buffer);
        } catch (LastErrorException e) {
            throw new DiskOperationException("cannot read the allocated size of " + file + ": "
                    + e.getMessage(), e, true);
        }
        if ((buffer.getInt(MASK_OFFSET) & STATX_BLOCKS) == 0) {
            throw new DiskOperationException("the filesystem of " + file + " does not report its allocated"
                    + " blocks", null, true);
        }
        return buffer.getLong(BLOCKS_OFFSET) * BLOCK;
    }

    /** Allocated bytes of every file of {@code image}'s backing chain ({@link Qcow2#chain}). */
    static long ofChain(Path image) {
        long total = 0;
        for (Path file : Qcow2.chain(image)) {
            total += of(file);
        }
        return total;
    }
}
