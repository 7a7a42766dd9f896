package io.kboss.agent.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecondaryStoresTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SecondaryStores stores(Duration callTimeout, Duration mountTimeout) {
        return new SecondaryStores(tmp.getRoot().toPath().resolve("mnt"), new ProcessRunner(),
                new BoundedFileSystemCalls(callTimeout), mountTimeout, new SecondaryStores.NfsOptions(50, 2));
    }

    @Test
    public void aLocalStoreReportsTheCapacityAndFreeSpaceOfItsFileSystemAsDfSeesThem() throws Exception {
        Path folder = tmp.newFolder("store").toPath();

        StoreCapacity cap = stores(Duration.ofSeconds(5), Duration.ofSeconds(5)).capacity(StoreRef.local("s1",
                folder.toString()));

        String[] df = new ProcessRunner().run(List.of("df", "-B1", "--output=size,avail", folder.toString()),
                Duration.ofSeconds(10)).stdout().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
        assertEquals(Long.parseLong(df[0]), cap.total());
        // Free space moves while other processes write; a 64 MiB window is far below any real change.
        assertTrue(cap.free() + " vs " + df[1], Math.abs(Long.parseLong(df[1]) - cap.free()) < (64L << 20));
        assertTrue(cap.used() > 0 && cap.used() < cap.total());
    }

    @Test
    public void aMissingLocalFolderIsRefusedWithWhatToDo() throws Exception {
        try {
            stores(Duration.ofSeconds(5), Duration.ofSeconds(5)).capacity(StoreRef.local("s1", "/nonexistent/kbt"));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/kbt does not exist: create it"));
        }
    }

    @Test
    public void anNfsStoreThatCannotBeMountedFailsAsUnreachableWithinTheMountTimeout() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1: nothing answers there.
        StoreRef nfs = StoreRef.nfs("dead-nfs", "192.0.2.1", "/export/kboss");
        long start = System.nanoTime();
        try {
            stores(Duration.ofSeconds(5), Duration.ofSeconds(5)).capacity(nfs);
            fail("mounting an unreachable NFS server must fail");
        } catch (StoreUnreachableException e) {
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertTrue("took " + seconds + " s", seconds < 20);
            assertTrue(e.getMessage(),
                    e.getMessage().contains("Cannot mount NFS store dead-nfs (192.0.2.1:/export/kboss)"));
        }
        assertTrue("nothing is left mounted", !isMounted(tmp.getRoot().toPath().resolve("mnt/dead-nfs")));
    }

    @Test
    public void storeDefinitionsThatWouldEscapeOrInjectOptionsAreRefused() throws Exception {
        SecondaryStores s = stores(Duration.ofSeconds(5), Duration.ofSeconds(5));
        for (StoreRef bad : List.of(StoreRef.nfs("../etc", "h", "/e"), StoreRef.nfs("s", "h", "/e,exec"),
                StoreRef.nfs("s", "h;x", "/e"), StoreRef.local("s", "relative/path"))) {
            try {
                s.root(bad);
                fail("accepted " + bad.storeId + " " + bad.nfsServer + " " + bad.nfsExport + " " + bad.localPath);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith(bad.kind == io.kboss.agent.contract.StoreKind.LOCAL
                        ? "Local store"
                        : bad.storeId.equals("../etc") ? "A store needs" : "NFS store"));
            }
        }
    }

    @Test
    public void aProgramThatOutlivesItsTimeoutIsKilledAndSaysSo() throws Exception {
        long start = System.nanoTime();
        try {
            new ProcessRunner().run(List.of("sleep", "30"), Duration.ofSeconds(1));
            fail();
        } catch (ExternalProgramException e) {
            assertTrue(e.timedOut());
            assertTrue(e.getMessage(), e.getMessage().contains("sleep did not finish within 1 s and was killed"));
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 6_000);
    }

    private static boolean isMounted(Path p) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" " + p + " "));
    }
}
