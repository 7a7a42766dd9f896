package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.TinyGuest;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

/**
 * Quick restore of one volume into a new disk of a running VM, on real libvirt with QEMU TCG: the
 * overlay is attached at once and the block pull leaves it standalone; a pull its agent left behind
 * (the agent restarted) is resumed, also offline when the VM stopped meanwhile; a cancelled restore
 * leaves no disk attached and no file.
 */
public class QuickVolumeRestoreTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    /** Backs up the running VM's disk (pattern 0x61 in its first 16 MiB); the disk then moves on. */
    private Path backupOf(LabDomain vm) throws Exception {
        vm.start();
        vm.write(0, 0x61, "0", "16M");
        BackupOutcome full = engine.backups().backup(request(vm, "v0", null, vm.dir.resolve("store")),
                ProgressListener.NONE, new CancelToken());
        vm.write(0, 0x62, "0", "8M"); // the VM's own disk moves on; the restored volume must not
        return full.disks().get(0).file();
    }

    private void assertHoldsTheBackup(Path volume, Path backup) {
        assertFalse("no backing file remains", qemuImg.info(volume, true).hasBacking());
        assertTrue("the restored volume reads as the backup", qemuImg.identical(volume, backup));
    }

    @Test
    public void aRunningVmGetsTheVolumeAttachedAtOnceAndPulledUntilItNoLongerNeedsTheStore() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-quickvol-pull").acpi().qcow2Disks(1, "64M").define()) {
            Path backup = backupOf(vm);
            Path volume = vm.dir.resolve("restored-vol.qcow2");
            AtomicBoolean attachedFirst = new AtomicBoolean();
            QuickRestoreListener listener = new QuickRestoreListener() {
                @Override
                public void vmStarted() {
                    try {
                        attachedFirst.set(volume.toString().equals(vm.currentSource(1))
                                && qemuImg.info(volume, true).hasBacking());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void progress(long done, long total) {
                }
            };

            QuickVolumeRestore.Outcome r = engine.quickVolumes().restore(vm.name, backup, volume, listener,
                    new CancelToken());

            assertEquals(new QuickVolumeRestore.Outcome("vdb", false), r);
            assertTrue("the VM had the disk, still reading through the backup, before the pull", attachedFirst.get());
            assertEquals(volume.toString(), vm.currentSource(1));
            assertEquals("in the persistent definition too", volume.toString(), vm.persistentSource(1));
            Files.move(vm.dir.resolve("store"), vm.dir.resolve("store-moved-away"));
            assertTrue(vm.running());
            // The file on disk, not only QEMU's memory, holds the volume while the VM still runs: a host
            // crash now must not leave an empty disk (a block pull ends without flushing its tables).
            assertHoldsTheBackup(volume, vm.dir.resolve("store-moved-away").resolve(vm.dir.resolve("store")
                    .relativize(backup)));
            vm.destroy();
            assertHoldsTheBackup(volume, vm.dir.resolve("store-moved-away").resolve(vm.dir.resolve("store")
                    .relativize(backup)));
        }
    }

    @Test
    public void aPullLeftRunningByARestartedAgentIsResumedAndAStoppedVmIsFinishedOffline() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-quickvol-resume").acpi().qcow2Disks(1, "64M").define()) {
            Path backup = backupOf(vm);
            // What an agent that died after the attach leaves: the overlay attached and QEMU pulling on its own.
            Path first = vm.dir.resolve("restored-first.qcow2");
            Qcow2.createEmpty(first, Qcow2.header(backup).virtualSize(), backup.toString());
            assertEquals("vdb", engine.attachments().attachOverlay(vm.name, first).target());
            try (Hypervisor hv = engine.hypervisor()) {
                hv.blockPull(hv.domain(vm.name), "vdb");
            }
            QuickVolumeRestore.Outcome resumed = engine.quickVolumes().resume(vm.name, first, QuickRestoreListener.NONE,
                    new CancelToken());
            assertEquals(new QuickVolumeRestore.Outcome("vdb", false), resumed);
            assertEquals(first.toString(), vm.currentSource(1));

            // The same, but the VM stopped before anyone resumed: the rest is copied with qemu-img.
            Path second = vm.dir.resolve("restored-second.qcow2");
            Qcow2.createEmpty(second, Qcow2.header(backup).virtualSize(), backup.toString());
            assertEquals("vdc", engine.attachments().attachOverlay(vm.name, second).target());
            vm.destroy();
            QuickVolumeRestore.Outcome offline = engine.quickVolumes().resume(vm.name, second,
                    QuickRestoreListener.NONE, new CancelToken());
            assertEquals(new QuickVolumeRestore.Outcome("vdc", true), offline);
            assertEquals(second.toString(), vm.persistentSource(2));
            assertHoldsTheBackup(first, backup);
            assertHoldsTheBackup(second, backup);
            vm.start();
            assertEquals("the VM starts on the consolidated disk", second.toString(), vm.currentSource(2));
        }
    }

    /**
     * Taking a hot-plugged disk out of a running VM needs a guest that releases it (ACPI hot-unplug):
     * a VM sitting in its firmware never does, so this one boots the tiny guest.
     */
    @Test
    public void aCancelledRestoreLeavesNoDiskAttachedAndNoFile() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-quickvol-cancel").bootingTinyGuest(TinyGuest.build()).acpi()
                .define()) {
            vm.start();
            TinyGuest.waitForAgent(vm);
            Path backup = vm.dir.resolve("a-backup.qcow2");
            qemuImg.create(backup, 32L << 20);
            new ProcessRunner().run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x63 0 4M", backup.toString()),
                    Duration.ofSeconds(30));
            Path volume = vm.dir.resolve("restored-cancelled.qcow2");
            CancelToken cancel = new CancelToken();
            QuickRestoreListener cancelOnAttach = new QuickRestoreListener() {
                @Override
                public void vmStarted() {
                    cancel.cancel("the operator cancelled it");
                }

                @Override
                public void progress(long done, long total) {
                }
            };

            DiskOperationException e = assertThrows(DiskOperationException.class,
                    () -> engine.quickVolumes().restore(vm.name, backup, volume, cancelOnAttach, cancel));

            assertTrue(e.getMessage(), e.cancelled());
            assertTrue(e.getMessage(), e.vmDisksConsistent() && e.getMessage().contains("detached"));
            assertFalse("the file is deleted", Files.exists(volume));
            assertNull("the running VM has no second disk", DomainXml.parse(vm.on(d -> d.getXMLDesc(0))).disks()
                    .get("vdb"));
            assertNull("nor has its definition", DomainXml.parse(vm.on(d -> d.getXMLDesc(2))).disks().get("vdb"));
            assertTrue(vm.running());
        }
    }
}
