package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.CompressionListener;
import io.kboss.agent.disk.domain.CompressionRequest;
import io.kboss.agent.disk.domain.CompressionType;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Everything else keeps working on compressed backups, against a running TCG VM: libvirt's next
 * incremental after its parent was compressed, restore and quick restore from compressed files,
 * and a delete with merge in the middle of a compressed chain.
 */
public class CompressedChainTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** The VM's disk as each backup saw it, and the backups, each compressed right after it was taken. */
    private record Chain(List<BackupOutcome> backups, List<Path> references) {
        Path file(int point) {
            return backups.get(point).disks().get(0).file();
        }
    }

    private Chain compressedChain(LabDomain vm, Path store, CompressionType type) throws Exception {
        vm.start();
        List<BackupOutcome> backups = new ArrayList<>();
        List<Path> refs = new ArrayList<>();
        for (int point = 0; point < 3; point++) {
            vm.write(0, 0x50 + point, (point * 12) + "M", point == 0 ? "24M" : "6M");
            vm.suspend();
            Path ref = vm.dir.resolve("ref" + point + ".qcow2");
            vm.copyDisk(0, ref);
            refs.add(ref);
            BackupOutcome b = engine.backups().backup(
                    request(vm, "z" + point, point == 0 ? null : backups.get(point - 1), store), ProgressListener.NONE,
                    new CancelToken());
            vm.resume();
            assertEquals("libvirt's incremental after a compressed parent is an incremental",
                    point == 0 ? BackupKind.FULL : BackupKind.INCREMENTAL, b.kind());
            backups.add(b);
            Path file = b.disks().get(0).file();
            long before = Files.size(file);
            assertTrue(engine.compressions()
                    .compress(new CompressionRequest(List.of(file), type, 1, 0, 1.0), () -> Long.MAX_VALUE,
                            CompressionListener.NONE, new CancelToken())
                    .files().get(0).replaced());
            assertTrue(file + " " + before + " -> " + Files.size(file), Files.size(file) < before);
        }
        vm.write(0, 0x5f, "0", "64M"); // the disk moves on; restores must bring back the backups' states
        vm.destroy();
        return new Chain(backups, refs);
    }

    private void assertRestoresTo(LabDomain vm, Path newest, Path reference, String name) {
        Path restored = vm.dir.resolve(name);
        engine.restores().restoreVolume(newest, restored, "qcow2", ProgressListener.NONE, new CancelToken());
        assertTrue(newest + " restores to its point", qemuImg.identical(restored, reference));
    }

    @Test
    public void incrementalsTakenAfterTheirParentWasCompressedRestoreEveryPointByteIdentical() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-zchain").acpi().qcow2Disks(1, "64M").define()) {
            Chain chain = compressedChain(vm, vm.dir.resolve("store"), CompressionType.ZSTD);

            for (int point = 0; point < 3; point++) {
                assertRestoresTo(vm, chain.file(point), chain.references().get(point), "restored" + point + ".qcow2");
            }
            assertFalse(qemuImg.identical(chain.references().get(0), chain.references().get(2)));
            engine.restores().restoreVm(vm.name, Map.of("vda", chain.file(1)), ProgressListener.NONE,
                    new CancelToken());
            assertTrue(qemuImg.identical(vm.disks.get(0), chain.references().get(1)));
        }
    }

    @Test
    public void aQuickRestoreFromCompressedBackupsRunsAndConsolidatesToTheBackupsData() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-zquick").acpi().qcow2Disks(1, "64M").define()) {
            Chain chain = compressedChain(vm, vm.dir.resolve("store"), CompressionType.ZLIB);

            QuickRestoreOutcome r = engine.quickRestores().quickRestore(vm.name, Map.of("vda", chain.file(2)),
                    QuickRestoreListener.NONE, new CancelToken());

            assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, r.status());
            Path overlay = r.disks().get(0).volume();
            assertFalse(qemuImg.info(overlay, true).hasBacking());
            vm.destroy();
            assertTrue("the VM's disk is the compressed backup's data",
                    qemuImg.identical(overlay, chain.references().get(2)));
        }
    }

    @Test
    public void deletingTheMiddleOfACompressedChainKeepsTheLaterBackupsRestorable() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-zdelete").acpi().qcow2Disks(1, "64M").define()) {
            Chain chain = compressedChain(vm, vm.dir.resolve("store"), CompressionType.ZSTD);
            Path b0 = chain.file(0);
            Path b1 = chain.file(1);
            Path b2 = chain.file(2);

            engine.chains().delete(new DeletionRequest(List.of(b1), List.of(new DeletionRequest.Merge(b1, b2, b0))),
                    ProgressListener.NONE, new CancelToken());

            assertFalse(Files.exists(b1));
            assertEquals("z0.qcow2", qemuImg.info(b2, false).backingFile());
            assertRestoresTo(vm, b2, chain.references().get(2), "after-delete2.qcow2");
            assertRestoresTo(vm, b0, chain.references().get(0), "after-delete0.qcow2");
        }
    }
}
