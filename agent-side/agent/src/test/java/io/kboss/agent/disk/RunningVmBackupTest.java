package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuiesceMode;
import io.kboss.agent.disk.domain.StoreSpace;
import io.kboss.agent.domain.CancelToken;
import io.kboss.test.support.LabDomain;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RunningVmBackupTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** Backs up both disks of {@code vm} as backup {@code id}, child of {@code parent} (null: full). */
    static BackupRequest request(LabDomain vm, String id, BackupOutcome parent, Path store) {
        List<BackupTarget> disks = new ArrayList<>();
        for (int i = 0; i < vm.disks.size(); i++) {
            Path parentFile = parent == null ? null : parent.disks().get(i).file();
            disks.add(new BackupTarget("vd" + (char) ('a' + i),
                    store.resolve("backups/1/vol" + i + "/" + id + ".qcow2"),
                    parentFile));
        }
        return new BackupRequest(vm.name, id, parent == null ? null : parent.checkpointName(),
                parent == null ? null : parent.checkpointXml(), disks, QuiesceMode.NONE, Duration.ofMinutes(5),
                StoreSpace.of(store));
    }

    @Test
    public void aFullAndThreeIncrementalsOfTwoDisksRestoreToTheDiskAsItWasAtEachBackup() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-chain").acpi().qcow2Disks(2, "64M").define()) {
            vm.start();
            Path store = vm.dir.resolve("store");
            List<BackupOutcome> backups = new ArrayList<>();
            List<Path[]> references = new ArrayList<>();
            AtomicLong lastProgress = new AtomicLong();
            ProgressListener progress = (done, total) -> lastProgress.set(done);
            for (int point = 0; point < 4; point++) {
                vm.write(0, 0x10 + point, (point * 8) + "M", "4M");
                vm.write(1, 0x20 + point, (60 - point * 8) + "M", "2M");
                vm.suspend();
                Path[] refs = {vm.dir.resolve("ref" + point + "-0.qcow2"), vm.dir.resolve("ref" + point + "-1.qcow2")};
                vm.copyDisk(0, refs[0]);
                vm.copyDisk(1, refs[1]);
                references.add(refs);
                BackupOutcome parent = point == 0 ? null : backups.get(point - 1);
                BackupOutcome result = engine.backups().backup(request(vm, "b" + point, parent, store), progress,
                        new CancelToken());
                vm.resume();
                assertEquals(point == 0 ? BackupKind.FULL : BackupKind.INCREMENTAL, result.kind());
                assertNull(result.fullReason());
                assertTrue(result.vmWasRunning());
                backups.add(result);
            }
            assertEquals(64L << 20, backups.get(0).disks().get(0).virtualSize());
            assertTrue("progress reached the job's total", lastProgress.get() > 0);
            BackupOutcome third = backups.get(3);
            assertEquals("b2.qcow2", third.disks().get(0).backingFile());
            assertTrue("an incremental holds about what was written (4 MiB), not the disk: "
                    + third.disks().get(0).fileSize(), third.disks().get(0).fileSize() < (8L << 20));
            for (int point = 0; point < 4; point++) {
                for (int d = 0; d < 2; d++) {
                    Path restored = vm.dir.resolve("restored" + point + "-" + d + ".qcow2");
                    AtomicLong restoredBytes = new AtomicLong();
                    engine.restores().restoreVolume(backups.get(point).disks().get(d).file(), restored, "qcow2",
                            (done, total) -> restoredBytes.set(done == total ? total : -1), new CancelToken());
                    assertEquals("restore progress ends at the disk's size", 64L << 20, restoredBytes.get());
                    assertTrue("point " + point + " disk " + d + " restores identical to the disk at backup time",
                            qemuImg.identical(restored, references.get(point)[d]));
                    assertFalse(qemuImg.info(restored, false).hasBacking());
                }
            }
            assertFalse("different points differ, so the comparison can fail",
                    qemuImg.identical(references.get(0)[0], references.get(3)[0]));

            vm.destroy();
            engine.restores().restoreVm(vm.name, Map.of("vda", backups.get(1).disks().get(0).file(),
                    "vdb", backups.get(1).disks().get(1).file()), ProgressListener.NONE, new CancelToken());
            assertTrue(qemuImg.identical(vm.disks.get(0), references.get(1)[0]));
            assertTrue(qemuImg.identical(vm.disks.get(1), references.get(1)[1]));
            assertTrue("a restore ends the chain: no bitmaps remain",
                    qemuImg.info(vm.disks.get(0), false).bitmaps().isEmpty());
        }
    }
}
