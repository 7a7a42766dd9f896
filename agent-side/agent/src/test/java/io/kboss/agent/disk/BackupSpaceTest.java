package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.support.Tmpfs;
import io.kboss.test.support.LabDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * A backup that does not fit on its store is refused before anything is written: no file, no
 * checkpoint, the VM running, the figures in the refusal. A full is sized by the disk's data, an
 * incremental by its dirty bytes, for running and for stopped VMs; the chain goes on after a refusal.
 */
public class BackupSpaceTest {
    private static final long MIB = 1L << 20;
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final BackupFailureTest failures = new BackupFailureTest();

    private NotEnoughSpaceException refused(BackupRequest request) {
        try {
            engine.backups().backup(request, ProgressListener.NONE, new CancelToken());
        } catch (NotEnoughSpaceException e) {
            return e;
        }
        fail("the backup was expected to be refused for lack of space");
        return null;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    public void aRunningVmsFullThatDoesNotFitIsRefusedWithTheFiguresAndAnIncrementalIsSizedByItsDirtyBytes()
            throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-space").acpi().qcow2Disks(1, "128M").define();
                // Mounted before QEMU starts: a mount made later is not seen in its mount namespace.
                Tmpfs small = new Tmpfs(vm.dir.resolve("small"), 16);
                Tmpfs tight = new Tmpfs(vm.dir.resolve("tight"), 8);
                Tmpfs roomy = new Tmpfs(vm.dir.resolve("roomy"), 32)) {
            vm.start();
            vm.write(0, 0x21, "0", "40M");
            {
                NotEnoughSpaceException e = refused(request(vm, "s0", null, small.dir));
                assertTrue(e.getMessage(), e.requiredBytes() >= 40 * MIB && e.requiredBytes() < 48 * MIB);
                assertTrue(e.getMessage(), e.freeBytes() <= 16 * MIB && e.freeBytes() < e.requiredBytes());
                assertTrue(e.getMessage(), e.getMessage().contains(Long.toString(e.requiredBytes()))
                        && e.getMessage().contains("full"));
                assertTrue(e.vmDisksConsistent());
                assertEquals("nothing was written", List.of(), filesUnder(small.dir));
                assertEquals("no checkpoint was made", List.of(), vm.checkpointNames());
                assertTrue(vm.running());
            }
            Path good = vm.dir.resolve("good");
            BackupOutcome full = engine.backups().backup(request(vm, "s1", null, good), ProgressListener.NONE,
                    new CancelToken());

            vm.write(0, 0x22, "64M", "12M");
            {
                NotEnoughSpaceException e = refused(request(vm, "s2", full, tight.dir));
                assertTrue(e.getMessage(), e.requiredBytes() >= 12 * MIB && e.requiredBytes() < 16 * MIB);
                assertTrue(e.getMessage(), e.getMessage().contains("incremental"));
                assertEquals(List.of(), filesUnder(tight.dir));
                assertEquals("the parent's checkpoint stays, no new one", List.of("s1"), vm.checkpointNames());
            }
            // 32 MiB hold the 12 MiB increment, where a full (52 MiB of data) would not fit.
            BackupOutcome inc = engine.backups().backup(request(vm, "s3", full, roomy.dir), ProgressListener.NONE,
                    new CancelToken());
            assertEquals(BackupKind.INCREMENTAL, inc.kind());
            failures.assertChainGoesOn(vm, full, good, "s4");
        }
    }

    @Test
    public void anIncrementalWithMostDataDirtyStaysIncrementalWhenOnlyItFitsOnTheStore() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-space-dirty").acpi().qcow2Disks(1, "64M").define();
                Tmpfs mid = new Tmpfs(vm.dir.resolve("mid"), 36)) {
            vm.start();
            vm.write(0, 0x41, "0", "40M");
            Path good = vm.dir.resolve("good");
            BackupOutcome full = engine.backups().backup(request(vm, "d0", null, good), ProgressListener.NONE,
                    new CancelToken());
            // 30 of the 40 MiB rewritten: a full would copy less than twice the incremental, so the
            // engine would take one, but only the 30 MiB increment fits in 36 MiB.
            vm.write(0, 0x42, "0", "30M");
            BackupOutcome inc = engine.backups().backup(request(vm, "d1", full, mid.dir), ProgressListener.NONE,
                    new CancelToken());
            assertEquals(BackupKind.INCREMENTAL, inc.kind());
            assertEquals(null, inc.fullReason());
            failures.assertChainGoesOn(vm, inc, mid.dir, "d2");
        }
    }

    @Test
    public void aStoppedVmsBackupIsSizedTheSameWayAndRefusedBeforeAnythingIsWritten() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-space-off").acpi().qcow2Disks(1, "128M").define()) {
            vm.start();
            vm.write(0, 0x31, "0", "40M");
            vm.destroy();
            Path small = vm.dir.resolve("small");
            try (Tmpfs tmpfs = new Tmpfs(small, 16)) {
                NotEnoughSpaceException e = refused(request(vm, "o0", null, small));
                assertTrue(e.getMessage(), e.requiredBytes() >= 40 * MIB);
                assertEquals(List.of(), filesUnder(small));
                assertEquals(List.of(), vm.checkpointNames());
            }
            Path good = vm.dir.resolve("good");
            BackupOutcome full = engine.backups().backup(request(vm, "o1", null, good), ProgressListener.NONE,
                    new CancelToken());
            vm.start();
            vm.write(0, 0x32, "64M", "12M");
            vm.destroy();
            Path tight = vm.dir.resolve("tight");
            try (Tmpfs tmpfs = new Tmpfs(tight, 8)) {
                NotEnoughSpaceException e = refused(request(vm, "o2", full, tight));
                assertTrue(e.getMessage(), e.requiredBytes() >= 12 * MIB && e.requiredBytes() < 16 * MIB);
                assertEquals(List.of(), filesUnder(tight));
                assertEquals(List.of("o1"), vm.checkpointNames());
            }
            Path roomy = vm.dir.resolve("roomy");
            try (Tmpfs tmpfs = new Tmpfs(roomy, 32)) {
                BackupOutcome inc = engine.backups().backup(request(vm, "o3", full, roomy), ProgressListener.NONE,
                        new CancelToken());
                assertEquals(BackupKind.INCREMENTAL, inc.kind());
                assertFalse(inc.vmWasRunning());
            }
        }
    }
}
