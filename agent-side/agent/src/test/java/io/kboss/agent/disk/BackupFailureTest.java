package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.StoreSpace;
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
 * Whatever fails, the VM keeps running, no partial file stays, the half-made checkpoint is gone,
 * and the chain goes on correctly from the last good backup.
 */
public class BackupFailureTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    DiskOperationException failingBackup(BackupRequest request, CancelToken cancel) {
        try {
            engine.backups().backup(request, ProgressListener.NONE, cancel);
        } catch (DiskOperationException e) {
            return e;
        }
        fail("the backup was expected to fail");
        return null;
    }

    static BackupRequest withStoreSpace(BackupRequest r, StoreSpace space) {
        return new BackupRequest(r.vmName(), r.checkpointName(), r.previousCheckpoint(), r.previousCheckpointXml(),
                r.disks(), r.quiesce(), r.timeout(), space);
    }

    /** After a failure: the next incremental from {@code good} must still restore to the disk. */
    void assertChainGoesOn(LabDomain vm, BackupOutcome good, Path store, String id) throws Exception {
        vm.write(0, 0x99, "50M", "1M");
        vm.suspend();
        Path ref = vm.dir.resolve("ref-" + id + ".qcow2");
        vm.copyDisk(0, ref);
        BackupOutcome next = engine.backups().backup(request(vm, id, good, store), ProgressListener.NONE,
                new CancelToken());
        vm.resume();
        assertEquals(BackupKind.INCREMENTAL, next.kind());
        Path restored = vm.dir.resolve("restored-" + id + ".qcow2");
        engine.restores().restoreVolume(next.disks().get(0).file(), restored, "qcow2", ProgressListener.NONE,
                new CancelToken());
        assertTrue("the chain still restores to the disk after the failure", qemuImg.identical(restored, ref));
    }

    @Test
    public void aFullStoreFailsTheBackupLeavesTheVmRunningAndNoPartialFile() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-full").acpi().qcow2Disks(1, "64M").define();
                // Mounted before QEMU starts: a mount made later is not seen in its mount namespace.
                Tmpfs small = new Tmpfs(vm.dir.resolve("small"), 8)) {
            vm.start();
            // Most of the disk holds data, so the writes below stay under the share of dirty data from
            // which the engine takes a full instead of an incremental.
            vm.write(0, 0x11, "0", "60M");
            Path good = vm.dir.resolve("good");
            BackupOutcome first = engine.backups().backup(request(vm, "f0", null, good), ProgressListener.NONE,
                    new CancelToken());
            for (int i = 0; i < 2; i++) {
                vm.write(0, 0x20 + i, (8 + i * 8) + "M", "8M"); // 16 MiB dirty: more than the 8 MiB store holds
            }
            // The store says it has room (as a store another writer fills during the backup would),
            // so the check before the backup passes and the write itself runs out of space.
            DiskOperationException e = failingBackup(withStoreSpace(request(vm, "f1", first, small.dir),
                    () -> 1L << 40), new CancelToken());
            assertFalse("the write failed, not the check before it", e instanceof NotEnoughSpaceException);
            assertTrue(e.getMessage(), e.getMessage().contains("No space left"));
            assertTrue(e.getMessage(), e.vmDisksConsistent());
            assertTrue("the VM keeps running", vm.running());
            assertEquals("no partial file", List.of(), filesUnder(small.dir));
            assertEquals("no half-made checkpoint", List.of("f0"), vm.checkpointNames());
            assertChainGoesOn(vm, first, good, "f2");
        }
    }

    @Test
    public void anUnwritableStoreFailsTheBackupWithoutLeavingACheckpoint() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-readonly").acpi().qcow2Disks(1, "64M").define()) {
            vm.start();
            vm.write(0, 0x12, "0", "32M");
            Path good = vm.dir.resolve("good");
            BackupOutcome first = engine.backups().backup(request(vm, "u0", null, good), ProgressListener.NONE,
                    new CancelToken());
            vm.write(0, 0x13, "10M", "4M");
            Path ro = vm.dir.resolve("ro");
            try (Tmpfs tmpfs = new Tmpfs(ro, 64)) {
                Files.createDirectories(ro.resolve("backups/1/vol0"));
                tmpfs.readOnly();
                DiskOperationException e = failingBackup(request(vm, "u1", first, ro), new CancelToken());
                assertTrue(e.getMessage(), e.getMessage().contains("u1"));
                assertTrue(e.vmDisksConsistent());
                assertTrue(vm.running());
                assertEquals(List.of(), filesUnder(ro));
                assertEquals(List.of("u0"), vm.checkpointNames());
            }
            assertChainGoesOn(vm, first, good, "u2");
        }
    }

    @Test
    public void aCancelledBackupIsAbortedAndLeavesNoFileAndNoCheckpoint() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-cancel").acpi().qcow2Disks(1, "64M").define()) {
            vm.start();
            vm.write(0, 0x14, "0", "48M");
            Path store = vm.dir.resolve("store");
            BackupOutcome first = engine.backups().backup(request(vm, "c0", null, store), ProgressListener.NONE,
                    new CancelToken());
            vm.write(0, 0x15, "0", "16M");
            CancelToken cancel = new CancelToken();
            cancel.cancel();
            DiskOperationException e = failingBackup(request(vm, "c1", first, store), cancel);
            assertTrue(e.cancelled());
            assertTrue(vm.running());
            assertFalse(Files.exists(store.resolve("backups/1/vol0/c1.qcow2")));
            assertFalse(Files.exists(store.resolve("backups/1/vol0/c1.qcow2.part")));
            assertEquals(List.of("c0"), vm.checkpointNames());
            assertChainGoesOn(vm, first, store, "c2");
        }
    }
}
