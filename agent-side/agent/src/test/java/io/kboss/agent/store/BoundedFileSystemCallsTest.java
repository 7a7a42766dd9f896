package io.kboss.agent.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.process.ProcessRunner;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Opening a FIFO for reading blocks in the kernel until a writer comes, exactly as a stat on a
 * dead hard NFS mount would: a real uninterruptible-looking wait, no mock.
 */
public class BoundedFileSystemCallsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aCallStuckInTheKernelTimesOutAndTheStoreIsRefusedAtOnceUntilTheCallReturns() throws Exception {
        Path fifo = tmp.getRoot().toPath().resolve("stuck");
        new ProcessRunner().run(List.of("mkfifo", fifo.toString()), Duration.ofSeconds(5));
        BoundedFileSystemCalls calls = new BoundedFileSystemCalls(Duration.ofMillis(500));

        long start = System.nanoTime();
        try {
            calls.call("nfs-1", "reading " + fifo, () -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    return in.read();
                }
            });
            fail("the stuck call must time out");
        } catch (StoreUnreachableException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("on store nfs-1 did not answer within"));
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000);

        long again = System.nanoTime();
        try {
            calls.call("nfs-1", "statfs", () -> 1);
            fail("a store with a stuck call must be refused");
        } catch (StoreUnreachableException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("still has a call stuck"));
        }
        assertTrue("refused at once", (System.nanoTime() - again) / 1_000_000 < 100);
        assertEquals("another store is not held up", Integer.valueOf(7), calls.call("local-1", "statfs", () -> 7));

        try (OutputStream writer = Files.newOutputStream(fifo)) {
            writer.write(1); // the stuck open returns; the store recovers
        }
        long end = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                assertEquals(Integer.valueOf(3), calls.call("nfs-1", "statfs", () -> 3));
                break;
            } catch (StoreUnreachableException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
