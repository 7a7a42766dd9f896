package io.kboss.agent.bench;

import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible benchmark disk: a sparse qcow2 of {@code size} bytes cut into 64 equal slots,
 * every {@code every}-th slot holding data and the others never written. Data slots take turns
 * holding random bytes (incompressible), English-like text (compressible) and a counted block
 * pattern (never zero, so no tool may skip it as a hole). The same seed gives the same bytes.
 *
 * <p>The layout is kept so that dirty writes can land inside the data, as a guest rewriting its
 * files would, instead of growing the allocation between repetitions.
 */
final class BenchDisk {
    static final int SLOTS = 64;
    private static final int CHUNK = 1 << 20;
    private static final String[] WORDS = ("backup chain restore volume the of and a to in is that for it with as"
            + " was on be by this are from at or an have not which were checkpoint bitmap guest kernel file data disk"
            + " storage secondary primary increment full quick consolidation snapshot cluster zone host agent server")
            .split(" ");

    enum Kind {
        RANDOM, TEXT, PATTERN
    }

    final Path file;
    final long size;
    final int every;
    final long seed;

    private BenchDisk(Path file, long size, int every, long seed) {
        this.file = file;
        this.size = size;
        this.every = every;
        this.seed = seed;
    }

    /** The layout alone, without writing anything (what {@link #generate} would produce). */
    static BenchDisk layout(Path qcow2, long size, int every, long seed) {
        return new BenchDisk(qcow2, size, every, seed);
    }

    long slotSize() {
        return size / SLOTS;
    }

    /** Offsets of the data slots, in disk order. */
    List<Long> dataSlots() {
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < SLOTS; i += every) {
            slots.add(i * slotSize());
        }
        return slots;
    }

    long dataBytes() {
        return dataSlots().size() * slotSize();
    }

    static Kind kindOf(int dataSlotIndex) {
        return Kind.values()[dataSlotIndex % 3];
    }

    /**
     * Writes the data into a sparse raw file beside {@code qcow2} and converts it (qemu-img skips
     * the holes), so the qcow2 holds exactly the data slots.
     */
    static BenchDisk generate(Path qcow2, long size, int every, long seed, ProcessRunner runner) throws IOException {
        if (size % (SLOTS * (long) CHUNK) != 0) {
            throw new IllegalArgumentException("disk size " + size + " must be a multiple of " + SLOTS + " MiB");
        }
        BenchDisk disk = new BenchDisk(qcow2, size, every, seed);
        Path raw = qcow2.resolveSibling(qcow2.getFileName() + ".raw");
        try {
            try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
                f.setLength(size);
                FileChannel ch = f.getChannel();
                List<Long> slots = disk.dataSlots();
                for (int j = 0; j < slots.size(); j++) {
                    disk.writeSlot(ch, slots.get(j), kindOf(j), new SplittableRandom(seed * 1_000_003L + j));
                }
                ch.force(false);
            }
            Files.deleteIfExists(qcow2);
            runner.run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()),
                    Duration.ofMinutes(30));
        } finally {
            Files.deleteIfExists(raw);
        }
        return disk;
    }

    private void writeSlot(FileChannel ch, long offset, Kind kind, SplittableRandom rnd) throws IOException {
        byte[] buf = new byte[CHUNK];
        for (long done = 0; done < slotSize(); done += CHUNK) {
            switch (kind) {
                case RANDOM -> rnd.nextBytes(buf);
                case TEXT -> fillText(buf, rnd);
                case PATTERN -> fillPattern(buf, (offset + done) / 4096);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long pos = offset + done;
            while (bb.hasRemaining()) {
                pos += ch.write(bb, pos);
            }
        }
    }

    private static void fillText(byte[] buf, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(buf.length + 64);
        while (sb.length() < buf.length) {
            int words = 6 + rnd.nextInt(10);
            for (int w = 0; w < words; w++) {
                sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(w == words - 1 ? ".\n" : " ");
            }
        }
        System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, buf, 0, buf.length);
    }

    /** 4 KiB blocks: the block number, then a fill byte derived from it (1..255, never 0). */
    private static void fillPattern(byte[] buf, long firstBlock) {
        for (int b = 0; b < buf.length / 4096; b++) {
            long block = firstBlock + b;
            byte fill = (byte) (1 + block % 255);
            int base = b * 4096;
            for (int i = 0; i < 4096; i++) {
                buf[base + i] = fill;
            }
            ByteBuffer.wrap(buf, base, 8).putLong(block);
        }
    }

    /**
     * Where to write {@code bytes} of dirty data in {@code chunk}-sized writes spread evenly over
     * the data slots: the n-th write goes to the n-th equal step of the data, so a dirty fraction
     * touches all three kinds of data and the whole disk's extent.
     */
    List<Long> dirtyOffsets(long bytes, long chunk) {
        long n = Math.max(1, (bytes + chunk - 1) / chunk);
        long data = dataBytes();
        if (n * chunk > data) {
            throw new IllegalArgumentException("cannot dirty " + bytes + " bytes inside " + data + " bytes of data");
        }
        List<Long> slots = dataSlots();
        List<Long> offsets = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long linear = (i * data / n) / chunk * chunk;
            long slot = linear / slotSize();
            offsets.add(slots.get((int) slot) + linear % slotSize());
        }
        return offsets;
    }

    String describe() {
        return String.format("%d MiB qcow2, %d of %d slots of %d MiB hold data (%d MiB: random, text and"
                + " block-pattern slots in turn, seed %d), the rest never written", size >> 20, dataSlots().size(),
                SLOTS,
                slotSize() >> 20, dataBytes() >> 20, seed);
    }
}
