package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The few qcow2 facts a backup needs, read and written in Java instead of by a qemu-img process:
 * a disk's virtual size and backing file, and a new empty image (the target of a push backup,
 * which libvirt then reuses as it is). On the hypervisors this project runs on a qemu-img start
 * costs 20-80 ms, as much as libvirt's whole incremental with little dirty; a header is read or
 * written in microseconds.
 *
 * <p>The layout written is the one {@code qemu-img create -f qcow2} writes (QEMU's
 * docs/interop/qcow2.txt, version 3): 64 KiB clusters, 16-bit refcounts, zlib compression type;
 * cluster 0 holds the header, the backing format extension and the backing file's name, cluster 1
 * the refcount table, cluster 2 its one refcount block, cluster 3 on the L1 table, all of it
 * unallocated. The tests check every image with {@code qemu-img check} and restore byte-identical
 * through it.
 */
final class Qcow2 {
    static final int CLUSTER_BITS = 16;
    private static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
    private static final int MAGIC = 0x514649fb;
    private static final int VERSION = 3;
    private static final int HEADER_LENGTH = 112;
    private static final int REFCOUNT_ORDER = 4;
    private static final int BACKING_FORMAT_EXTENSION = 0xe2792aca;
    /** QEMU refuses longer backing file names. */
    private static final int MAX_BACKING_NAME = 1023;

    private Qcow2() {
    }

    /** What the header says: size the guest sees, and the backing file as written (null: none). */
    record Header(long virtualSize, String backingFile) {
    }

    static Header header(Path image) {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
            readFully(ch, h, 0);
            if (h.getInt(0) != MAGIC) {
                throw new DiskOperationException(image + " is not a qcow2 image (no qcow2 magic at its start)",
                        null, true);
            }
            long backingOffset = h.getLong(8);
            int backingSize = h.getInt(16);
            String backing = null;
            if (backingOffset != 0 && backingSize > 0 && backingSize <= MAX_BACKING_NAME) {
                ByteBuffer name = ByteBuffer.allocate(backingSize);
                readFully(ch, name, backingOffset);
                backing = new String(name.array(), StandardCharsets.UTF_8);
            }
            return new Header(h.getLong(24), backing);
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the qcow2 header of " + image + ": " + e, e, true);
        }
    }

    /**
     * The image and the files of its backing chain, top first, as their headers name them (a
     * relative name is relative to the folder of the image naming it). A missing backing file ends
     * the list, and so does one that is not qcow2 (a raw template has no backing file).
     */
    static List<Path> chain(Path image) {
        List<Path> chain = new ArrayList<>();
        Path current = image;
        while (current != null && chain.size() < 256 && current.toFile().isFile()) {
            chain.add(current);
            String backing = isQcow2(current) ? header(current).backingFile() : null;
            current = backing == null ? null : current.toAbsolutePath().getParent().resolve(backing).normalize();
        }
        return chain;
    }

    /**
     * Whether {@code image} is a qcow2 image whose header names a backing file (at offset 8, its
     * offset, non-zero); false for a file shorter than that or not qcow2.
     */
    static boolean hasBackingFile(Path image) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            while (h.hasRemaining() && ch.read(h) >= 0) {
                // the first 16 bytes, or fewer when the file ends
            }
        }
        return !h.hasRemaining() && h.getInt(0) == MAGIC && h.getLong(8) != 0;
    }

    private static boolean isQcow2(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            return ch.read(magic, 0) == 4 && magic.getInt(0) == MAGIC;
        } catch (IOException e) {
            throw new DiskOperationException("cannot read " + file + ": " + e, e, true);
        }
    }

    /**
     * Creates {@code image} (which must not exist) as an empty qcow2 of {@code virtualSize} bytes
     * whose backing file is {@code backing} in qcow2 format, written exactly as given (keep it
     * relative, so a store mounted elsewhere still resolves it); null for a standalone image.
     */
    static void createEmpty(Path image, long virtualSize, String backing) {
        long l2Coverage = (long) (CLUSTER_SIZE / 8) * CLUSTER_SIZE;
        long l1Size = (virtualSize + l2Coverage - 1) / l2Coverage;
        long l1Clusters = Math.max(1, (l1Size * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE);
        long clusters = 3 + l1Clusters;
        byte[] backingName = backing == null ? new byte[0] : backing.getBytes(StandardCharsets.UTF_8);
        if (virtualSize <= 0 || l1Size > Integer.MAX_VALUE || clusters > CLUSTER_SIZE / 2
                || backingName.length > MAX_BACKING_NAME) {
            throw new IllegalArgumentException("cannot lay out a qcow2 image of " + virtualSize + " bytes backed by "
                    + backing);
        }
        ByteBuffer header = ByteBuffer.allocate(CLUSTER_SIZE);
        header.putInt(0, MAGIC).putInt(4, VERSION).putInt(20, CLUSTER_BITS).putLong(24, virtualSize)
                .putInt(36, (int) l1Size).putLong(40, 3L * CLUSTER_SIZE).putLong(48, CLUSTER_SIZE).putInt(56, 1)
                .putInt(96, REFCOUNT_ORDER).putInt(100, HEADER_LENGTH);
        int end = HEADER_LENGTH;
        if (backing != null) {
            header.putInt(end, BACKING_FORMAT_EXTENSION).putInt(end + 4, 5).put(end + 8,
                    "qcow2".getBytes(StandardCharsets.US_ASCII));
            end += 16;
        }
        end += 8; // the end-of-extensions marker: type 0, length 0
        if (backing != null) {
            header.putLong(8, end).putInt(16, backingName.length).put(end, backingName);
        }
        ByteBuffer refcountTable = ByteBuffer.allocate(CLUSTER_SIZE).putLong(0, 2L * CLUSTER_SIZE);
        ByteBuffer refcountBlock = ByteBuffer.allocate(CLUSTER_SIZE);
        for (int i = 0; i < clusters; i++) {
            refcountBlock.putShort(2 * i, (short) 1);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(ch, header, 0);
            writeFully(ch, refcountTable, CLUSTER_SIZE);
            writeFully(ch, refcountBlock, 2L * CLUSTER_SIZE);
            writeFully(ch, ByteBuffer.allocate((int) Math.min(l1Size * 8, Integer.MAX_VALUE)), 3L * CLUSTER_SIZE);
        } catch (IOException e) {
            throw new DiskOperationException("cannot create the backup target " + image + ": " + e
                    + ". Check that the store is mounted, writable and has room.", e, true);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("the file ends inside its qcow2 header");
            }
        }
        buf.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        buf.rewind();
        while (buf.hasRemaining()) {
            ch.write(buf, position + buf.position());
        }
    }
}
