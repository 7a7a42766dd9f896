package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class BackupChainLifecycleTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    private BackupOutcome backup(LabDomain vm, String id, BackupOutcome parent, Path store) {
        return engine.backups().backup(request(vm, id, parent, store), ProgressListener.NONE, new CancelToken());
    }

    private void assertRestoresTo(LabDomain vm, BackupOutcome backup, Path reference) {
        Path restored = vm.dir.resolve("restored-" + backup.checkpointName() + ".qcow2");
        engine.restores().restoreVolume(backup.disks().get(0).file(), restored, "qcow2", ProgressListener.NONE,
                new CancelToken());
        assertTrue("backup " + backup.checkpointName() + " restores to the disk at its time",
                qemuImg.identical(restored, reference));
    }

    @Test
    public void aChainStaysIncrementalAcrossAVmRestartThatLostCheckpointsAndALibvirtdRestart() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-restarts").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            List<BackupOutcome> chain = new ArrayList<>();
            List<Path> refs = new ArrayList<>();
            vm.start();
            for (int point = 0; point < 3; point++) {
                if (point == 1) {
                    // CloudStack defines its domains anew at each start: the checkpoint metadata is gone,
                    // the bitmaps stay in the qcow2 file.
                    vm.destroy();
                    vm.redefineLosingCheckpoints();
                    vm.start();
                } else if (point == 2) {
                    LibvirtDaemon.restart();
                }
                vm.write(0, 0x40 + point, (point * 10) + "M", "3M");
                vm.suspend();
                Path ref = vm.dir.resolve("ref" + point + ".qcow2");
                vm.copyDisk(0, ref);
                refs.add(ref);
                BackupOutcome r = backup(vm, "r" + point, point == 0 ? null : chain.get(point - 1), store);
                vm.resume();
                assertEquals("point " + point, point == 0 ? BackupKind.FULL : BackupKind.INCREMENTAL, r.kind());
                chain.add(r);
            }
            for (int point = 0; point < 3; point++) {
                assertRestoresTo(vm, chain.get(point), refs.get(point));
            }
        }
    }

    @Test
    public void aStoppedVmGetsFullAndIncrementalBackupsThatARunningIncrementalContinues() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-stopped").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            vm.start();
            vm.write(0, 0x51, "0", "8M");
            vm.destroy();
            Path ref0 = vm.dir.resolve("ref0.qcow2");
            vm.copyDisk(0, ref0);
            BackupOutcome full = backup(vm, "s0", null, store);
            assertEquals(BackupKind.FULL, full.kind());
            assertFalse(full.vmWasRunning());

            vm.start();
            vm.write(0, 0x52, "20M", "2M");
            vm.write(0, 0x00, "2M", "1M");
            vm.destroy();
            Path ref1 = vm.dir.resolve("ref1.qcow2");
            vm.copyDisk(0, ref1);
            BackupOutcome inc = backup(vm, "s1", full, store);
            assertEquals(BackupKind.INCREMENTAL, inc.kind());
            assertFalse(inc.vmWasRunning());
            assertEquals("s0.qcow2", inc.disks().get(0).backingFile());
            assertTrue("only the dirty ranges were copied: " + inc.disks().get(0).fileSize(),
                    inc.disks().get(0).fileSize() < (6L << 20));

            vm.start();
            vm.write(0, 0x53, "40M", "1M");
            vm.suspend();
            Path ref2 = vm.dir.resolve("ref2.qcow2");
            vm.copyDisk(0, ref2);
            BackupOutcome live = backup(vm, "s2", inc, store);
            vm.resume();
            assertEquals(BackupKind.INCREMENTAL, live.kind());
            assertTrue(live.vmWasRunning());

            assertRestoresTo(vm, full, ref0);
            assertRestoresTo(vm, inc, ref1);
            assertRestoresTo(vm, live, ref2);
            assertFalse(qemuImg.identical(ref1, ref2));
        }
    }

    @Test
    public void anIncrementalWhoseBitmapIsGoneBecomesAFullThatSaysWhy() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-nobitmap").acpi().qcow2Disks(1, "64M").define()) {
            assertFullAfterLostBitmap(vm, "n", true);
        }
    }

    /**
     * libvirt still knows the checkpoint (a persistent domain keeps its metadata across restarts) but
     * the disk lost its bitmap: the question of the dirty size is refused, and the backup must still
     * be taken, as a full that says why, instead of failing every backup of the VM from then on.
     */
    @Test
    public void anIncrementalWhoseBitmapIsGoneWhileLibvirtStillKnowsTheCheckpointBecomesAFull() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-nobitmap-kept").acpi().qcow2Disks(1, "64M").define()) {
            BackupOutcome next = assertFullAfterLostBitmap(vm, "k", false);
            BackupOutcome after = backup(vm, "k2", next, vm.dir.resolve("store"));
            assertEquals("the chain goes on from the new full", BackupKind.INCREMENTAL, after.kind());
        }
    }

    /**
     * A full backup {@code <prefix>0}, then the disk's bitmap removed while the VM is off (and the
     * checkpoint metadata lost with it when {@code loseCheckpointMetadata}): the next backup,
     * {@code <prefix>1}, asked as an incremental, must be a full that names the lost checkpoint and
     * restores to the disk as it was. Returns that full.
     */
    private BackupOutcome assertFullAfterLostBitmap(LabDomain vm, String prefix, boolean loseCheckpointMetadata)
            throws Exception {
        Path store = vm.dir.resolve("store");
        vm.start();
        vm.write(0, 0x61, "0", "4M");
        BackupOutcome full = backup(vm, prefix + "0", null, store);
        vm.destroy();
        qemuImg.removeBitmap(vm.disks.get(0), prefix + "0");
        if (loseCheckpointMetadata) {
            vm.redefineLosingCheckpoints();
        }
        vm.start();
        vm.write(0, 0x62, "8M", "4M");
        vm.suspend();
        Path ref = vm.dir.resolve("ref.qcow2");
        vm.copyDisk(0, ref);
        BackupOutcome next = backup(vm, prefix + "1", full, store);
        vm.resume();
        assertEquals(BackupKind.FULL, next.kind());
        assertNotNull(next.fullReason());
        assertTrue(next.fullReason(), next.fullReason().contains(prefix + "0"));
        assertNull(next.disks().get(0).backingFile());
        assertRestoresTo(vm, next, ref);
        return next;
    }

    @Test
    public void anIncrementalWithMostOfTheDataDirtyBecomesAFullThatSaysWhyAndTheChainGoesOnFromIt() throws Exception {
        // The engine decides from the checkpoint's dirty size before any job starts, so a small
        // disk shows it as well as a large one.
        try (LabDomain vm = LabDomain.named("kbt-disk-mostdirty").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            vm.start();
            vm.write(0, 0x31, "0", "32M");
            BackupOutcome full = backup(vm, "m0", null, store);
            vm.write(0, 0x32, "0", "24M"); // three quarters of the data rewritten
            vm.suspend();
            Path ref1 = vm.dir.resolve("ref1.qcow2");
            vm.copyDisk(0, ref1);
            BackupOutcome second = backup(vm, "m1", full, store);
            vm.resume();
            assertEquals(BackupKind.FULL, second.kind());
            assertTrue(second.fullReason(), second.fullReason().contains("from checkpoint m0")
                    && second.fullReason().contains("a full copies"));
            assertNull("a full has no backing file", second.disks().get(0).backingFile());
            assertEquals("the new full carries the checkpoint asked for", "m1", second.checkpointName());

            vm.write(0, 0x33, "48M", "2M");
            vm.suspend();
            Path ref2 = vm.dir.resolve("ref2.qcow2");
            vm.copyDisk(0, ref2);
            BackupOutcome third = backup(vm, "m2", second, store);
            vm.resume();
            assertEquals("a little dirty after the new full: incremental again", BackupKind.INCREMENTAL, third.kind());
            assertEquals("m1.qcow2", third.disks().get(0).backingFile());
            assertRestoresTo(vm, second, ref1);
            assertRestoresTo(vm, third, ref2);
        }
    }

    @Test
    public void aBitmapLeftInconsistentByAQemuCrashMakesTheNextOfflineBackupAFull() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-crashed").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            vm.start();
            vm.write(0, 0x65, "0", "4M");
            BackupOutcome full = backup(vm, "x0", null, store);
            vm.destroy(); // a clean stop stores bitmap x0 in the file; the next start flags it in-use
            vm.start();
            vm.write(0, 0x66, "8M", "4M");
            String pid = java.nio.file.Files.readString(Path.of("/run/libvirt/qemu/" + vm.name + ".pid")).trim();
            new ProcessRunner().run(List.of("kill", "-9", pid), java.time.Duration.ofSeconds(5));
            for (int i = 0; i < 100 && vm.running(); i++) {
                Thread.sleep(100);
            }
            assertFalse(vm.running());
            Path ref = vm.dir.resolve("ref.qcow2");
            vm.copyDisk(0, ref);
            BackupOutcome next = backup(vm, "x1", full, store);
            assertEquals(BackupKind.FULL, next.kind());
            assertTrue(next.fullReason(), next.fullReason().contains("inconsistent"));
            assertRestoresTo(vm, next, ref);
        }
    }
}
