package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Domain;

/**
 * The cleanup after a consolidated quick restore deletes a set-aside volume only when nothing can
 * need it. State is built directly on a real VM: its vda plays the consolidated overlay, and a
 * file named {@code <vda>.replaced-volume} plays the volume the restore set aside.
 */
public class ReplacedVolumesTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final ProcessRunner runner = new ProcessRunner();
    private LabDomain vm;
    private Path overlay;
    private Path setAside;

    @Before
    public void vmWithASetAsideVolume() throws Exception {
        vm = LabDomain.named("kbt-c-aside-" + UUID.randomUUID().toString().substring(0, 8)).acpi().qcow2Disks(1, "16M")
                .define();
        overlay = vm.disks.get(0);
        setAside = ReplacedVolumes.setAsideName(overlay);
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", setAside.toString(), "16M"),
                Duration.ofSeconds(30));
        runner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 2M", setAside.toString()),
                Duration.ofSeconds(30));
    }

    @After
    public void removeVm() throws Exception {
        vm.close();
    }

    private ReplacedVolumes.Cleanup cleanup(Path volume, Path replaced) {
        return engine.replacedVolumes().removeAfterConsolidation(vm.name,
                List.of(new QuickRestoreOutcome.Disk("vda", volume, replaced)));
    }

    @Test
    public void aSetAsideVolumeIsDeletedOnceTheVmRunsOnItsStandaloneOverlayAndItsBytesAreReported() throws Exception {
        vm.start();
        long allocated = engine.qemuImg().info(setAside, false).actualSize();

        ReplacedVolumes.Cleanup c = cleanup(overlay, setAside);

        assertNull(c.keptReason());
        assertEquals(List.of(setAside), c.removed());
        assertEquals(allocated, c.bytesFreed());
        assertTrue("2 MiB were written into it: " + c.bytesFreed(), c.bytesFreed() >= 2 << 20);
        assertFalse(Files.exists(setAside));
    }

    @Test
    public void aSetAsideVolumeIsKeptWhileTheVmDoesNotRun() {
        ReplacedVolumes.Cleanup c = cleanup(overlay, setAside);

        assertTrue(c.keptReason(), c.keptReason().contains("does not run"));
        assertTrue(c.removed().isEmpty());
        assertTrue(Files.exists(setAside));
    }

    @Test
    public void aSetAsideVolumeIsKeptWhenTheVmNoLongerReadsTheOverlayItWasSetAsideFor() throws Exception {
        vm.start();
        Path otherOverlay = overlay.resolveSibling("other.qcow2");
        Path otherAside = ReplacedVolumes.setAsideName(otherOverlay);
        Files.copy(setAside, otherAside);

        ReplacedVolumes.Cleanup c = cleanup(otherOverlay, otherAside);

        assertTrue(c.keptReason(), c.keptReason().contains("does not read " + otherOverlay));
        assertTrue(Files.exists(otherAside));
    }

    @Test
    public void aSetAsideVolumeAnotherDomainNamesIsKeptUntilNoDomainNamesIt() throws Exception {
        vm.start();
        String other = "kbt-c-aside-user-" + UUID.randomUUID().toString().substring(0, 8);
        try (Hypervisor hv = Hypervisor.open(LabDomain.URI)) {
            hv.connect().domainDefineXML("<domain type='qemu'><name>" + other + "</name><memory unit='MiB'>32</memory>"
                    + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                    + "<driver name='qemu' type='qcow2'/><source file='" + setAside
                    + "'/><target dev='vda' bus='virtio'/>"
                    + "</disk></devices></domain>").free();
            try {
                ReplacedVolumes.Cleanup kept = cleanup(overlay, setAside);
                assertTrue(kept.keptReason(), kept.keptReason().contains("is named by a domain"));
                assertTrue(Files.exists(setAside));
            } finally {
                Domain d = hv.connect().domainLookupByName(other);
                d.undefine();
            }
            ReplacedVolumes.Cleanup c = cleanup(overlay, setAside);
            assertEquals(List.of(setAside), c.removed());
            assertFalse(Files.exists(setAside));
        }
    }

    @Test
    public void aFileNotNamedAfterItsOverlayIsNeverDeleted() throws Exception {
        vm.start();
        Path elsewhere = overlay.resolveSibling("vol0-before-restore.qcow2");
        Files.move(setAside, elsewhere);

        ReplacedVolumes.Cleanup c = cleanup(overlay, elsewhere);

        assertTrue(c.removed().isEmpty());
        assertEquals(0, c.bytesFreed());
        assertTrue(Files.exists(elsewhere));
    }

    @Test
    public void aQuickRestoreStoppedMidwaySetsTheVolumeAsideAndItsResumedConsolidationFindsIt() throws Exception {
        vm.start();
        vm.write(0, 0x61, "0", "1M");
        Path store = vm.dir.resolve("store");
        var full = engine.backups().backup(RunningVmBackupTest.request(vm, "r0", null, store),
                ProgressListener.NONE, new CancelToken());
        vm.destroy();
        Files.delete(setAside); // this test's set-aside file comes from the restore itself
        QuickRestoreListener stopAtOnce = new QuickRestoreListener() {
            @Override
            public void vmStarted() {
                try {
                    vm.destroy();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void progress(long done, long total) {
            }
        };

        QuickRestoreOutcome stopped = engine.quickRestores().quickRestore(vm.name, Map.of("vda",
                full.disks().get(0).file()), stopAtOnce, new CancelToken());

        assertEquals(QuickRestoreOutcome.Status.VM_STOPPED, stopped.status());
        Path newOverlay = stopped.disks().get(0).volume();
        Path aside = ReplacedVolumes.setAsideName(newOverlay);
        assertEquals(aside, stopped.disks().get(0).replaced());
        assertFalse("the replaced volume is no longer under its name", Files.exists(overlay));
        assertTrue(Files.exists(aside));

        QuickRestoreOutcome resumed = engine.quickRestores().resumeConsolidation(vm.name,
                QuickRestoreListener.NONE, new CancelToken());
        assertEquals(QuickRestoreOutcome.Status.CONSOLIDATED, resumed.status());
        assertEquals(aside, resumed.disks().get(0).replaced());
        ReplacedVolumes.Cleanup c = engine.replacedVolumes().removeAfterConsolidation(vm.name, resumed.disks());
        assertEquals(List.of(aside), c.removed());
        assertFalse(Files.exists(aside));
    }
}
