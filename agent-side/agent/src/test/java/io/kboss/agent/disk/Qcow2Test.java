package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class Qcow2Test {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ProcessRunner runner = new ProcessRunner();
    private final QemuImg qemuImg = new QemuImg(runner, Duration.ofSeconds(30));

    private String check(Path image) {
        ProcessRunner.Output out = runner.run(List.of("qemu-img", "check", image.toString()), Duration.ofSeconds(30),
                Set.of(0, 1, 2, 3));
        assertEquals("qemu-img check of " + image + ": " + out.stdout() + out.stderr(), 0, out.exitStatus());
        return out.stdout();
    }

    @Test
    public void anEmptyImageWithABackingFileIsWhatQemuImgCreateMakesAndReadsThroughItsParent() throws Exception {
        Path dir = tmp.newFolder("store", "vol").toPath();
        Path parent = dir.resolve("parent.qcow2");
        qemuImg.create(parent, 64L << 20);
        runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 3M", parent.toString()),
                Duration.ofSeconds(30));
        Path child = dir.resolve("child.qcow2");
        Qcow2.createEmpty(child, 64L << 20, "parent.qcow2");

        check(child);
        QemuImg.ImageInfo info = qemuImg.info(child, false);
        assertEquals("qcow2", info.format());
        assertEquals(64L << 20, info.virtualSize());
        assertEquals("parent.qcow2", info.backingFile());
        assertTrue("the child reads its parent's data", qemuImg.identical(child, parent));
        assertEquals(new Qcow2.Header(64L << 20, "parent.qcow2"), Qcow2.header(child));
        assertEquals(List.of(child, parent), Qcow2.chain(child));

        Path made = dir.resolve("made.qcow2");
        qemuImg.createOverlay(made, "parent.qcow2", 64L << 20);
        assertEquals("as small as qemu-img's own", Files.size(made), Files.size(child));
    }

    @Test
    public void onlyAQcow2ImageWithABackingFileHasOne() throws Exception {
        Path dir = tmp.newFolder("backing").toPath();
        Path base = dir.resolve("base.qcow2");
        qemuImg.create(base, 1L << 20);
        Path overlay = dir.resolve("overlay.qcow2");
        qemuImg.createOverlay(overlay, "base.qcow2", 1L << 20);
        Path raw = Files.write(dir.resolve("raw.img"), new byte[4096]);
        Path shortFile = Files.write(dir.resolve("short"), new byte[]{'Q', 'F', 'I', (byte) 0xfb});

        assertTrue("an overlay has one", Qcow2.hasBackingFile(overlay));
        assertFalse("a standalone qcow2 has none", Qcow2.hasBackingFile(base));
        assertFalse("a raw file is no qcow2", Qcow2.hasBackingFile(raw));
        assertFalse("a file that ends inside the header", Qcow2.hasBackingFile(shortFile));
    }

    @Test
    public void aStandaloneImageTakesWritesAndALargeDiskGetsAnL1TableOfSeveralClusters() throws Exception {
        Path small = tmp.getRoot().toPath().resolve("small.qcow2");
        Qcow2.createEmpty(small, 10L << 20, null);
        runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 10M", small.toString()),
                Duration.ofSeconds(30));
        check(small);
        assertNull(qemuImg.info(small, false).backingFile());
        assertEquals(new Qcow2.Header(10L << 20, null), Qcow2.header(small));

        // 8 TiB with 64 KiB clusters: 16384 L1 entries, two clusters of L1 table.
        Path large = tmp.getRoot().toPath().resolve("large.qcow2");
        Qcow2.createEmpty(large, 8L << 40, null);
        runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x22 8191G 1M", large.toString()),
                Duration.ofSeconds(30));
        check(large);
        assertEquals(8L << 40, qemuImg.info(large, false).virtualSize());
    }

    @Test
    public void aChainEndsAtARawTemplateAndAFileThatIsNotQcow2IsRefusedWithItsName() throws Exception {
        Path raw = tmp.newFile("disk.raw").toPath();
        Files.write(raw, new byte[512]);
        Path top = tmp.getRoot().toPath().resolve("top.qcow2");
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "disk.raw", top.toString()),
                Duration.ofSeconds(30));
        assertEquals(List.of(top, raw), Qcow2.chain(top));
        try {
            Qcow2.header(raw);
            throw new AssertionError("read a header from a raw file");
        } catch (io.kboss.agent.disk.domain.DiskOperationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(raw.toString()));
            assertFalse(e.getMessage(), e.getMessage().isBlank());
        }
    }
}
