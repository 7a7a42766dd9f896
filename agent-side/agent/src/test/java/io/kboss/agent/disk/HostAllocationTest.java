package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kboss.agent.process.ProcessRunner;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The allocated size read with statx is what qemu-img and the filesystem's own tools report. */
public class HostAllocationTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ProcessRunner runner = new ProcessRunner();

    private String run(String... command) {
        return runner.run(List.of(command), Duration.ofMinutes(1)).stdout().trim();
    }

    @Test
    public void aSparseFileCountsOnlyItsWrittenBlocksAsStatDoes() throws Exception {
        Path sparse = tmp.getRoot().toPath().resolve("sparse.raw");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(256L << 20);
            f.seek(64L << 20);
            f.write(new byte[1 << 20]);
        }
        long allocated = HostAllocation.of(sparse);
        assertEquals(Long.parseLong(run("stat", "-c", "%b", sparse.toString())) * 512, allocated);
        assertTrue("a 256 MiB file with 1 MiB written takes about 1 MiB, not " + allocated,
                allocated >= (1L << 20) && allocated < (2L << 20));
    }

    @Test
    public void aBackingChainSumsEveryFileAsQemuImgsActualSizes() throws Exception {
        Path base = tmp.getRoot().toPath().resolve("base.raw");
        Path top = tmp.getRoot().toPath().resolve("top.qcow2");
        try (RandomAccessFile f = new RandomAccessFile(base.toFile(), "rw")) {
            f.setLength(64L << 20);
            f.write(new byte[3 << 20]);
        }
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "base.raw", top.toString());
        run("qemu-io", "-c", "write -P 0x5a 8M 2M", top.toString());
        long expected = 0;
        for (JsonElement e : JsonParser.parseString(run("qemu-img", "info", "--output=json", "--backing-chain",
                top.toString())).getAsJsonArray()) {
            expected += e.getAsJsonObject().get("actual-size").getAsLong();
        }
        assertEquals(expected, HostAllocation.ofChain(top));
        assertEquals(HostAllocation.of(top) + HostAllocation.of(base), HostAllocation.ofChain(top));
        assertTrue(Files.size(base) > HostAllocation.of(base));
    }
}
