package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.DeletionOutcome;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ChainMaintenanceTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** Deletes {@code backup}, merging it into {@code child} (if any), which then reads {@code newParent}. */
    private DeletionOutcome delete(Path backup, Path child, Path newParent) {
        List<DeletionRequest.Merge> merges = child == null
                ? List.of()
                : List.of(new DeletionRequest.Merge(backup, child, newParent));
        return engine.chains().delete(new DeletionRequest(List.of(backup), merges), ProgressListener.NONE,
                new CancelToken());
    }

    private void assertRestoresTo(LabDomain vm, Path newest, Path reference) {
        Path restored = vm.dir.resolve("restored.qcow2");
        engine.restores().restoreVolume(newest, restored, "qcow2", ProgressListener.NONE, new CancelToken());
        assertTrue(newest + " restores to its point", qemuImg.identical(restored, reference));
    }

    @Test
    public void deletingTheMiddleAndThenTheFullOfAChainKeepsEveryLaterBackupRestorable() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-delete").acpi().qcow2Disks(1, "64M").define()) {
            vm.start();
            Path store = vm.dir.resolve("store");
            List<BackupOutcome> chain = new ArrayList<>();
            List<Path> refs = new ArrayList<>();
            for (int point = 0; point < 4; point++) {
                vm.write(0, 0x80 + point, (point * 4) + "M", "6M");
                vm.suspend();
                Path ref = vm.dir.resolve("ref" + point + ".qcow2");
                vm.copyDisk(0, ref);
                refs.add(ref);
                chain.add(engine.backups().backup(
                        request(vm, "d" + point, point == 0 ? null : chain.get(point - 1), store),
                        ProgressListener.NONE, new CancelToken()));
                vm.resume();
            }
            Path b0 = chain.get(0).disks().get(0).file();
            Path b1 = chain.get(1).disks().get(0).file();
            Path b2 = chain.get(2).disks().get(0).file();
            Path b3 = chain.get(3).disks().get(0).file();

            try {
                delete(b1, b3, b0);
                fail("b3 is not b1's child");
            } catch (DiskOperationException e) {
                assertTrue(Files.exists(b1));
            }

            DeletionOutcome middle = delete(b1, b2, b0);
            assertTrue(middle.merged(b2));
            assertFalse(Files.exists(b1));
            assertEquals("d0.qcow2", qemuImg.info(b2, false).backingFile());
            assertRestoresTo(vm, b2, refs.get(2));
            assertRestoresTo(vm, b3, refs.get(3));

            delete(b0, b2, null);
            assertFalse(Files.exists(b0));
            assertNull("the child of a deleted full becomes standalone", qemuImg.info(b2, false).backingFile());
            assertRestoresTo(vm, b2, refs.get(2));
            assertRestoresTo(vm, b3, refs.get(3));

            DeletionOutcome newest = delete(b3, null, null);
            assertTrue("nothing was merged", newest.mergedChildSizes().isEmpty());
            assertTrue(newest.bytesFreed() > 0);
            assertFalse(Files.exists(b3));
        }
    }

    @Test
    public void finishingAChainDropsCheckpointsAndBitmapsOfRunningAndStoppedVms() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-finish").acpi().qcow2Disks(2, "64M").define()) {
            vm.start();
            Path store = vm.dir.resolve("store");
            BackupOutcome b0 = engine.backups().backup(request(vm, "e0", null, store), ProgressListener.NONE,
                    new CancelToken());
            engine.backups().backup(request(vm, "e1", b0, store), ProgressListener.NONE, new CancelToken());
            engine.chains().finishChain(vm.name);
            assertEquals(List.of(), vm.checkpointNames());
            vm.destroy();
            assertEquals("libvirt removed the bitmaps with the checkpoints", List.of(),
                    qemuImg.info(vm.disks.get(0), false).bitmaps());

            BackupOutcome offline = engine.backups().backup(request(vm, "e2", null, store), ProgressListener.NONE,
                    new CancelToken());
            assertEquals(List.of("e2"), qemuImg.info(vm.disks.get(1), false).bitmaps());
            assertFalse(offline.vmWasRunning());
            engine.chains().finishChain(vm.name);
            assertEquals(List.of(), vm.checkpointNames());
            assertEquals(List.of(), qemuImg.info(vm.disks.get(0), false).bitmaps());
            assertEquals(List.of(), qemuImg.info(vm.disks.get(1), false).bitmaps());
        }
    }
}
