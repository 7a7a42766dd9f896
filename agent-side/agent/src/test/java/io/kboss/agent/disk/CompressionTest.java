package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.CompressionOutcome;
import io.kboss.agent.disk.domain.CompressionRequest;
import io.kboss.agent.disk.domain.CompressionType;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.CompressionListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Backups compressed in place with real qemu-img on real chains: every point of a chain still reads
 * byte-identical to the disk it was taken from, the chain stays a chain, and a store without room,
 * a cancel or a failure leave the files as they were and no temporary file.
 */
public class CompressionTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** A full and two incrementals with data, and each point flattened to raw as its reference. */
    private record Chain(List<Path> files, List<Path> references) {
    }

    private Chain chain(Path dir) throws Exception {
        Path vol = Files.createDirectories(dir.resolve("backups/acc/vol"));
        Path full = vol.resolve("b1.qcow2");
        Path inc1 = vol.resolve("b2.qcow2");
        Path inc2 = vol.resolve("b3.qcow2");
        QcowChain.full(full, "64M");
        QcowChain.write(full, 0xa1, "0", "24M");
        QcowChain.child(inc1, full);
        QcowChain.write(inc1, 0xb2, "8M", "4M");
        zeroes(inc1, "2M", "1M"); // zeroes over the parent's data must stay zeroes in the compressed delta
        QcowChain.child(inc2, inc1);
        QcowChain.write(inc2, 0xc3, "40M", "6M");
        List<Path> refs = new ArrayList<>();
        for (Path p : List.of(full, inc1, inc2)) {
            Path raw = dir.resolve(p.getFileName() + ".raw");
            QcowChain.flatten(p, raw);
            refs.add(raw);
        }
        assertFalse("the points differ, so a comparison can fail", QcowChain.identical(refs.get(0), refs.get(1)));
        return new Chain(List.of(full, inc1, inc2), refs);
    }

    private static void zeroes(Path file, String offset, String length) {
        new ProcessRunner().run(List.of("qemu-io", "-f", "qcow2", "-c", "write -z " + offset + " " + length,
                file.toString()), Duration.ofSeconds(30));
    }

    private CompressionOutcome compress(List<Path> files, CompressionType type) {
        return engine.compressions().compress(new CompressionRequest(files, type, 2, 0, 1.0),
                () -> Files.getFileStore(files.get(0)).getUsableSpace(), CompressionListener.NONE, new CancelToken());
    }

    private void assertEveryPointReadsItsReference(Chain chain) throws Exception {
        for (int i = 0; i < chain.files().size(); i++) {
            assertTrue(chain.files().get(i) + " reads as at its backup",
                    QcowChain.identical(chain.files().get(i), chain.references().get(i)));
        }
    }

    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".compressing")).toList();
        }
    }

    @Test
    public void aChainCompressedWithZstdInOneGoAndWithZlibFileByFileReadsTheSameAtEveryPoint() throws Exception {
        for (CompressionType type : CompressionType.values()) {
            Chain chain = chain(tmp.newFolder(type.qemuName()).toPath());
            List<Long> before = new ArrayList<>();
            for (Path f : chain.files()) {
                before.add(Files.size(f));
            }

            List<CompressionOutcome.CompressedFile> done = new ArrayList<>();
            if (type == CompressionType.ZSTD) {
                done.addAll(compress(chain.files(), type).files());
            } else {
                for (Path f : chain.files()) { // the parent is compressed before its child, as in production
                    done.addAll(compress(List.of(f), type).files());
                    assertEveryPointReadsItsReference(chain);
                }
            }

            assertEveryPointReadsItsReference(chain);
            for (int i = 0; i < 3; i++) {
                Path f = chain.files().get(i);
                CompressionOutcome.CompressedFile c = done.get(i);
                assertTrue(f + " was replaced", c.replaced());
                assertEquals(before.get(i).longValue(), c.sizeBefore());
                assertEquals(Files.size(f), c.sizeAfter());
                assertTrue(f + " is smaller: " + c.sizeBefore() + " -> " + c.sizeAfter(),
                        c.sizeAfter() < c.sizeBefore() / 4);
                assertEquals(type.qemuName(), qemuImg.info(f, false).compressionType());
            }
            assertEquals("the full stays a full", null, QcowChain.backing(chain.files().get(0)));
            assertEquals("an incremental keeps its relative backing path", "b1.qcow2",
                    QcowChain.backing(chain.files().get(1)));
            assertEquals("b2.qcow2", QcowChain.backing(chain.files().get(2)));
            assertEquals(List.of(), leftovers(tmp.getRoot().toPath()));
        }
    }

    @Test
    public void aStoreWithTooLittleFreeSpaceIsRefusedWithTheFiguresAndNothingIsWritten() throws Exception {
        try (Tmpfs store = new Tmpfs(tmp.newFolder("small").toPath(), 40)) {
            Path file = store.dir.resolve("b1.qcow2");
            QcowChain.full(file, "64M");
            QcowChain.write(file, 0x5e, "0", "24M");
            Path reference = tmp.getRoot().toPath().resolve("b1.raw");
            QcowChain.flatten(file, reference);
            long size = Files.size(file);
            long free = Files.getFileStore(file).getUsableSpace();
            assertTrue("the tmpfs holds the file but not a second copy: " + free, free < size);
            try {
                engine.compressions().compress(new CompressionRequest(List.of(file), CompressionType.ZSTD, 1, 0, 1.0),
                        () -> Files.getFileStore(file).getUsableSpace(), CompressionListener.NONE, new CancelToken());
                fail("compressed on a store without room for the copy");
            } catch (DiskOperationException e) {
                assertEquals(DiskOperationException.Reason.NOT_ENOUGH_SPACE, e.reason());
                assertTrue(e.getMessage(), e.getMessage().contains("needs " + size + " (1.0 × its size"));
                assertTrue(e.getMessage(), e.getMessage().contains(" bytes free"));
                assertTrue(e.vmDisksConsistent());
            }
            assertEquals(size, Files.size(file));
            assertEquals(List.of(), leftovers(store.dir));
            assertTrue(QcowChain.identical(file, reference));

            CompressionOutcome half = engine.compressions().compress(
                    new CompressionRequest(List.of(file), CompressionType.ZSTD, 1, 0, 0.5),
                    () -> Files.getFileStore(file).getUsableSpace(), CompressionListener.NONE, new CancelToken());
            assertTrue("with half the size required the same store is enough", half.files().get(0).replaced());
            assertTrue(QcowChain.identical(file, reference));
        }
    }

    @Test
    public void aCancelStopsQemuImgAtOnceAndLeavesTheFileAsItWasWithoutTheCopy() throws Exception {
        Path dir = tmp.newFolder("cancel").toPath();
        Path file = dir.resolve("b1.qcow2");
        QcowChain.full(file, "256M");
        QcowChain.write(file, 0x6d, "0", "128M");
        Path reference = dir.resolve("b1.raw");
        QcowChain.flatten(file, reference);
        long size = Files.size(file);
        CancelToken cancel = new CancelToken();
        AtomicLong progress = new AtomicLong();
        // 1 MiB/s: 128 MiB take minutes, so the cancel surely comes while qemu-img writes.
        CompletableFuture<CompressionOutcome> running = CompletableFuture.supplyAsync(() -> engine.compressions()
                .compress(new CompressionRequest(List.of(file), CompressionType.ZLIB, 1, 1, 1.0), () -> Long.MAX_VALUE,
                        (done, total) -> progress.set(done), cancel));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (progress.get() == 0 || !Files.exists(BackupFiles.compressingOf(file))) {
            assertTrue("the compression never started writing", System.nanoTime() < end && !running.isDone());
            Thread.sleep(20);
        }

        cancel.cancel();
        try {
            running.get(30, TimeUnit.SECONDS);
            fail("a cancelled compression ended normally");
        } catch (java.util.concurrent.ExecutionException e) {
            DiskOperationException d = (DiskOperationException) e.getCause();
            assertTrue(d.getMessage(), d.cancelled());
            assertTrue(d.getMessage(), d.getMessage().contains("the file was not changed"));
        }

        assertEquals(List.of(), leftovers(dir));
        assertEquals(size, Files.size(file));
        assertTrue(QcowChain.identical(file, reference));
    }

    @Test
    public void aFileWhoseCompressedCopyIsNotSmallerIsKeptAsItWasAndSaysWhy() throws Exception {
        Path dir = tmp.newFolder("random").toPath();
        Path raw = dir.resolve("random.raw");
        new ProcessRunner().run(List.of("dd", "if=/dev/urandom", "of=" + raw, "bs=1M", "count=8", "status=none"),
                Duration.ofSeconds(30));
        Path file = dir.resolve("b1.qcow2");
        new ProcessRunner().run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
                file.toString()), Duration.ofSeconds(30));
        long size = Files.size(file);

        CompressionOutcome outcome = compress(List.of(file), CompressionType.ZSTD);

        CompressionOutcome.CompressedFile c = outcome.files().get(0);
        assertFalse(c.replaced());
        assertTrue(c.keptReason(), c.keptReason().contains("was not smaller"));
        assertEquals(size, c.sizeAfter());
        assertEquals(size, Files.size(file));
        assertTrue(QcowChain.identical(file, raw));
        assertEquals(List.of(), leftovers(dir));
    }
}
