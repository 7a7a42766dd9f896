package io.kboss.agent.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The agent mounts a real NFS export (a kernel NFS server on this host, src/test/nfs/nfs-server),
 * reports its capacity, unmounts it, and stays bounded when the server stops answering. Needs a
 * kernel with NFS: run with {@code mvn -pl agent-side/agent test -Pnfs-kernel}. On a kernel without
 * it the set-up fails loudly here rather than skipping.
 */
public class NfsStoreIT {
    private static final Path SCRIPT = Path.of("src/test/nfs/nfs-server").toAbsolutePath();
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ProcessRunner programs = new ProcessRunner();
    private Path export;

    @Before
    public void startNfsServer() throws Exception {
        export = tmp.newFolder("export").toPath();
        try {
            programs.run(List.of(SCRIPT.toString(), "start", export.toString()), Duration.ofSeconds(60));
        } catch (ExternalProgramException e) {
            fail("Cannot start the test NFS server: " + e.getMessage());
        }
    }

    @After
    public void stopNfsServer() throws Exception {
        programs.run(List.of(SCRIPT.toString(), "stop", export.toString()), Duration.ofSeconds(60));
    }

    @Test
    public void anNfsStoreIsMountedUnderTheMountRootReportsItsCapacityAndIsUnmountedOnRelease() throws Exception {
        Path mountRoot = tmp.newFolder("mnt").toPath();
        SecondaryStores stores = new SecondaryStores(mountRoot, programs,
                new BoundedFileSystemCalls(Duration.ofSeconds(5)),
                Duration.ofSeconds(30), new SecondaryStores.NfsOptions(20, 1));
        StoreRef ref = StoreRef.nfs("nfs-1", "127.0.0.1", export.toString());

        StoreCapacity cap = stores.capacity(ref);
        Path root = stores.root(ref);

        assertEquals(mountRoot.resolve("nfs-1"), root);
        assertTrue(MountTable.isMountPoint(root));
        assertTrue(cap.total() > 0 && cap.free() > 0);
        Files.writeString(root.resolve("hello"), "through nfs");
        assertEquals("through nfs", Files.readString(export.resolve("hello")));

        programs.run(List.of(SCRIPT.toString(), "stop-nfsd"), Duration.ofSeconds(30));
        long start = System.nanoTime();
        try {
            stores.capacity(ref);
            fail("a store whose server stopped must not answer");
        } catch (StoreUnreachableException e) {
            assertTrue((System.nanoTime() - start) / 1_000_000_000 < 10);
        }

        stores.release(ref);
        assertFalse(MountTable.isMountPoint(root));
    }
}
