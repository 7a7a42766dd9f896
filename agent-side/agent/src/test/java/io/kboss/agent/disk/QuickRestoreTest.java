package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class QuickRestoreTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** A VM with a full and an incremental backup; returns the incremental, reference in ref.qcow2. */
    private BackupOutcome chainOf(LabDomain vm, Path store) throws Exception {
        vm.start();
        vm.write(0, 0x71, "0", "16M");
        BackupOutcome full = engine.backups().backup(request(vm, "q0", null, store), ProgressListener.NONE,
                new CancelToken());
        vm.write(0, 0x72, "30M", "4M");
        vm.suspend();
        vm.copyDisk(0, vm.dir.resolve("ref.qcow2"));
        BackupOutcome inc = engine.backups().backup(request(vm, "q1", full, store), ProgressListener.NONE,
                new CancelToken());
        vm.resume();
        vm.write(0, 0x73, "0", "64M"); // the disk moves on; the restore must bring back q1's state
        vm.destroy();
        return inc;
    }

    private static final class Recorder implements QuickRestoreListener {
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicLong done = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        final Runnable onStart;

        Recorder(Runnable onStart) {
            this.onStart = onStart;
        }

        @Override
        public void vmStarted() {
            started.set(true);
            onStart.run();
        }

        @Override
        public void progress(long d, long t) {
            done.set(d);
            total.set(t);
        }
    }

    @Test
    public void aQuickRestoreRunsTheVmAtOnceAndConsolidatesSoTheBackupsCanBeMovedAway() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-quick").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            BackupOutcome inc = chainOf(vm, store);
            Recorder listener = new Recorder(() -> {
            });
            QuickRestoreOutcome result = engine.quickRestores().quickRestore(vm.name,
                    Map.of("vda", inc.disks().get(0).file()), listener, new CancelToken());
            assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, result.status());
            assertTrue(listener.started.get());
            assertEquals("progress ends at the total", listener.total.get(), listener.done.get());
            Path volume = result.disks().get(0).volume();
            assertEquals(volume.toString(), vm.currentSource(0));
            assertFalse("no backing file remains", qemuImg.info(volume, true).hasBacking());
            assertEquals("the persistent definition names the restored volume too", volume.toString(),
                    vm.persistentSource(0));
            assertFalse("the overlay the VM started on is gone", Files.exists(OverlayQuickRestore.overlayOf(volume)));
            Files.move(store, vm.dir.resolve("store-moved-away"));
            assertTrue(vm.running());
            vm.write(0, 0x74, "60M", "1M"); // the VM writes without its backups
            vm.suspend();
            vm.copyDisk(0, vm.dir.resolve("after.qcow2"));
            vm.resume();
            assertTrue(vm.running());
            Path expected = vm.dir.resolve("expected.qcow2");
            Files.copy(vm.dir.resolve("ref.qcow2"), expected);
            new ProcessRunner().run(
                    java.util.List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x74 60M 1M", expected.toString()),
                    java.time.Duration.ofSeconds(30));
            assertTrue("the VM reads the backup's data plus its own new write",
                    qemuImg.identical(vm.dir.resolve("after.qcow2"), expected));
        }
    }

    @Test
    public void aVmQuickRestoredAgainFromTheSameBackupGetsAFreshVolumeWhoseNameDoesNotGrow() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-quickagain").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            BackupOutcome inc = chainOf(vm, store);
            Path backup = inc.disks().get(0).file();
            String restored = Path.of(vm.currentSource(0)).getFileName().toString().replaceFirst("\\.qcow2$", "")
                    + "-restored-" + backup.getFileName().toString().replaceFirst("\\.qcow2$", "");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                QuickRestoreOutcome result = engine.quickRestores().quickRestore(vm.name, Map.of("vda", backup),
                        new Recorder(() -> {
                        }), new CancelToken());
                assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, result.status());
                names.add(result.disks().get(0).volume().getFileName().toString());
                assertEquals("the set-aside volume is deleted, as after every consolidation", 1,
                        engine.replacedVolumes().removeAfterConsolidation(vm.name, result.disks()).removed().size());
                vm.suspend();
                Path after = vm.dir.resolve("after-" + i + ".qcow2");
                vm.copyDisk(0, after);
                vm.resume();
                assertTrue("restore " + (i + 1) + " brought back the backup's data",
                        qemuImg.identical(after, vm.dir.resolve("ref.qcow2")));
                vm.write(0, 0x76, "60M", "1M"); // the restored disk moves on before the next restore
                vm.destroy();
            }
            // The second restore may not take the first's name: the disk reads that very file.
            assertEquals(List.of(restored + ".qcow2", restored + "-2.qcow2", restored + ".qcow2"), names);
        }
    }

    @Test
    public void aGuestWriteMadeWhileTheDiskIsConsolidatedIsOnTheRestoredVolume() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-quickwrite").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            BackupOutcome inc = chainOf(vm, store);
            AtomicBoolean written = new AtomicBoolean();
            QuickRestoreListener writeDuringCopy = new QuickRestoreListener() {
                @Override
                public void vmStarted() {
                }

                @Override
                public void progress(long done, long total) {
                    // The first report comes from a running copy job: the guest writes into it.
                    if (written.compareAndSet(false, true)) {
                        try {
                            vm.write(0, 0x75, "20M", "8M");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            QuickRestoreOutcome result = engine.quickRestores().quickRestore(vm.name,
                    Map.of("vda", inc.disks().get(0).file()), writeDuringCopy, new CancelToken());
            assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, result.status());
            assertTrue(written.get());
            vm.suspend();
            vm.copyDisk(0, vm.dir.resolve("after.qcow2"));
            vm.resume();
            Path expected = vm.dir.resolve("expected.qcow2");
            Files.copy(vm.dir.resolve("ref.qcow2"), expected);
            new ProcessRunner().run(
                    java.util.List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x75 20M 8M", expected.toString()),
                    java.time.Duration.ofSeconds(30));
            assertTrue("the restored volume holds the backup plus the write made during the copy",
                    qemuImg.identical(vm.dir.resolve("after.qcow2"), expected));
        }
    }

    @Test
    public void aVmStoppedDuringConsolidationIsReportedAndConsolidationResumes() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-quickstop").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            BackupOutcome inc = chainOf(vm, store);
            Recorder listener = new Recorder(() -> {
                try {
                    vm.destroy();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            QuickRestoreOutcome stopped = engine.quickRestores().quickRestore(vm.name,
                    Map.of("vda", inc.disks().get(0).file()), listener, new CancelToken());
            assertEquals(QuickRestoreOutcome.Status.VM_STOPPED, stopped.status());
            Path overlay = Path.of(vm.currentSource(0));
            Path volume = stopped.disks().get(0).volume();
            assertEquals(OverlayQuickRestore.overlayOf(volume), overlay);
            assertTrue("the overlay still reads through the backup", qemuImg.info(overlay, false).hasBacking());
            assertFalse("no half-written volume is left", Files.exists(volume));

            QuickRestoreOutcome resumed = engine.quickRestores().resumeConsolidation(vm.name, QuickRestoreListener.NONE,
                    new CancelToken());
            assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, resumed.status());
            assertEquals(volume, resumed.disks().get(0).volume());
            assertEquals(volume.toString(), vm.currentSource(0));
            assertFalse(qemuImg.info(volume, true).hasBacking());
            assertFalse("the overlay is gone once the VM pivoted", Files.exists(overlay));
            vm.destroy();
            assertTrue(qemuImg.identical(volume, vm.dir.resolve("ref.qcow2")));
        }
    }

    @Test
    public void aVmWithTwoDisksIsQuickRestoredAndBothDisksConsolidateWhileItRuns() throws Exception {
        // Two block pulls started together crashed QEMU 7.2; the disks are now pulled in turn.
        try (LabDomain vm = LabDomain.named("kbt-disk-quick2").acpi().qcow2Disks(2, "64M").define()) {
            vm.start();
            vm.write(0, 0x61, "0", "16M");
            vm.write(1, 0x62, "8M", "16M");
            Path store = vm.dir.resolve("store");
            BackupOutcome full = engine.backups().backup(request(vm, "t0", null, store), ProgressListener.NONE,
                    new CancelToken());
            vm.suspend();
            vm.copyDisk(0, vm.dir.resolve("ref0.qcow2"));
            vm.copyDisk(1, vm.dir.resolve("ref1.qcow2"));
            vm.resume();
            vm.write(0, 0x63, "0", "32M");
            vm.write(1, 0x63, "0", "32M");
            vm.destroy();
            Recorder listener = new Recorder(() -> {
            });
            QuickRestoreOutcome result = engine.quickRestores().quickRestore(vm.name,
                    Map.of("vda", full.disks().get(0).file(), "vdb", full.disks().get(1).file()), listener,
                    new CancelToken());
            assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, result.status());
            assertTrue("the VM survived both pulls", vm.running());
            assertEquals("progress ends at the total", listener.total.get(), listener.done.get());
            for (QuickRestoreOutcome.Disk d : result.disks()) {
                assertFalse(d.disk(), qemuImg.info(d.volume(), true).hasBacking());
            }
            vm.destroy();
            assertTrue(qemuImg.identical(Path.of(vm.currentSource(0)), vm.dir.resolve("ref0.qcow2")));
            assertTrue(qemuImg.identical(Path.of(vm.currentSource(1)), vm.dir.resolve("ref1.qcow2")));
        }
    }
}
