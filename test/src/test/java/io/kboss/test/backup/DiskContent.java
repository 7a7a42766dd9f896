package io.kboss.test.backup;

import static org.junit.Assert.assertTrue;

import io.kboss.test.support.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads byte patterns back from qcow2 files with qemu-io (read-only, no lock: the VM may hold the file). */
final class DiskContent {

    private DiskContent() {
    }

    /** Checks the MiB at {@code mib} of the qcow2 file holds only {@code pattern}. */
    static void assertPattern(Path disk, int pattern, int mib) throws Exception {
        assertPattern(disk, pattern, mib, 1);
    }

    /** Checks {@code count} MiB from {@code mib} read as zeros. */
    static void assertZeros(Path disk, int mib, int count) throws Exception {
        assertPattern(disk, 0x00, mib, count);
    }

    private static void assertPattern(Path disk, int pattern, int mib, int count) throws Exception {
        String out = Programs.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + mib + "M " + count + "M", disk.toString()),
                Duration.ofSeconds(60));
        long bytes = (long) count << 20;
        assertTrue(disk + " at " + mib + " MiB: " + out, out.contains("read " + bytes + "/" + bytes)
                && !out.contains("verification failed"));
    }
}
