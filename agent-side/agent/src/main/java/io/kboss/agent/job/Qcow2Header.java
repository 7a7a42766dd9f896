package io.kboss.agent.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one fact of a qcow2 header the leftover cleanup needs, read without qemu-img (which may be
 * what is missing when a cleanup runs): whether the image has a backing file.
 */
final class Qcow2Header {
    /** "QFI" 0xfb, the first four bytes of every qcow2 image. */
    private static final int MAGIC = 0x514649fb;

    private Qcow2Header() {
    }

    /** True for a qcow2 image whose header names a backing file (offset 8: its offset, non-zero). */
    static boolean hasBackingFile(Path image) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16);
        try (FileChannel f = FileChannel.open(image, StandardOpenOption.READ)) {
            while (header.hasRemaining() && f.read(header) >= 0) {
                // read the 16 bytes (big-endian, as qcow2 writes them)
            }
        }
        header.flip();
        return header.remaining() == 16 && header.getInt(0) == MAGIC && header.getLong(8) != 0;
    }
}
