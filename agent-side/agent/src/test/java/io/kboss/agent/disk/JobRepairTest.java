package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/** The state a killed agent leaves behind, made for real with libvirt, then repaired. */
public class JobRepairTest {
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final QemuImg qemuImg = engine.qemuImg();

    @Test
    public void aDeadJobsBackupJobCheckpointAndPartialFileAreCleanedAndTheChainGoesOn() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-repair").acpi().qcow2Disks(1, "64M").define()) {
            vm.start();
            vm.write(0, 0x31, "0", "8M");
            Path store = vm.dir.resolve("store");
            BackupOutcome first = engine.backups().backup(request(vm, "k0", null, store), ProgressListener.NONE,
                    new CancelToken());
            vm.write(0, 0x32, "16M", "8M");

            // What the agent had done when it was killed: a backup job started with its checkpoint,
            // writing into the partial file. A pull-mode job stays until someone ends it, like a push
            // job whose agent vanished mid-copy.
            Path target = store.resolve("backups/1/vol0/k1.qcow2");
            Path partial = target.resolveSibling("k1.qcow2.part");
            Files.writeString(partial, "half a backup");
            Path sockets = vm.dir.resolve("nbd");
            Files.createDirectories(sockets);
            new ProcessRunner().run(List.of("chown", "libvirt-qemu", sockets.toString()), Duration.ofSeconds(5));
            vm.on(d -> {
                d.backupBegin("<domainbackup mode='pull'><server transport='unix' socket='" + sockets.resolve("sock")
                        + "'/><disks><disk name='vda' backup='yes' type='file'><scratch file='"
                        + sockets.resolve("scratch.qcow2") + "'/></disk></disks></domainbackup>",
                        "<domaincheckpoint><name>k1</name><disks><disk name='vda' checkpoint='bitmap'/></disks></domaincheckpoint>",
                        0);
                return null;
            });
            assertEquals(List.of("k0", "k1"), vm.checkpointNames());

            JobRepair.Report report = engine.repairs()
                    .repair(new JobRepair.LeftoverJob(vm.name, "k1", List.of(target)));
            assertTrue(report.abortedBackupJob());
            assertTrue(report.removedCheckpoint());
            assertEquals(List.of(partial), report.removedFiles());
            assertTrue(report.problems().toString(), report.vmDisksConsistent());
            assertTrue(vm.running());
            assertEquals(List.of("k0"), vm.checkpointNames());
            assertFalse(Files.exists(partial));

            JobRepair.Report again = engine.repairs().repair(new JobRepair.LeftoverJob(vm.name, "k1", List.of(target)));
            assertFalse("a second repair finds nothing left", again.abortedBackupJob() || again.removedCheckpoint());

            vm.suspend();
            Path ref = vm.dir.resolve("ref.qcow2");
            vm.copyDisk(0, ref);
            BackupOutcome next = engine.backups().backup(request(vm, "k2", first, store), ProgressListener.NONE,
                    new CancelToken());
            vm.resume();
            assertEquals(BackupKind.INCREMENTAL, next.kind());
            Path restored = vm.dir.resolve("restored.qcow2");
            engine.restores().restoreVolume(next.disks().get(0).file(), restored, "qcow2", ProgressListener.NONE,
                    new CancelToken());
            assertTrue(qemuImg.identical(restored, ref));
        }
    }

    @Test
    public void aDeadOfflineBackupsBitmapAndPartialFileAreRemovedFromAStoppedVm() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-repairoff").acpi().qcow2Disks(1, "64M").define()) {
            Path store = vm.dir.resolve("store");
            BackupOutcome first = engine.backups().backup(request(vm, "o0", null, store), ProgressListener.NONE,
                    new CancelToken());
            assertFalse(first.vmWasRunning());
            // Killed after adding the new bitmap with qemu-img, before libvirt heard of the checkpoint.
            qemuImg.addBitmap(vm.disks.get(0), "o1");
            Path target = store.resolve("backups/1/vol0/o1.qcow2");
            Files.writeString(target.resolveSibling("o1.qcow2.part"), "half");

            JobRepair.Report report = engine.repairs()
                    .repair(new JobRepair.LeftoverJob(vm.name, "o1", List.of(target)));
            assertTrue(report.removedCheckpoint());
            assertFalse(report.abortedBackupJob());
            assertEquals(List.of("o0"), qemuImg.info(vm.disks.get(0), false).bitmaps());
            assertEquals(List.of("o0"), vm.checkpointNames());
            assertFalse(Files.exists(target.resolveSibling("o1.qcow2.part")));
        }
    }
}
