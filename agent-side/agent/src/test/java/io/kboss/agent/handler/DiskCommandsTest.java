package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.FinishChainAnswer;
import io.kboss.agent.contract.FinishChainCommand;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.TestAgent;
import io.kboss.agent.support.Tmpfs;
import io.kboss.agent.vm.LibvirtConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Domain;

/**
 * The wire commands reach the disk engine: a full and an incremental backup of a running TCG VM
 * through the agent's endpoint, a restore of the chain into a new volume checked byte for byte,
 * and finish-chain dropping the checkpoints.
 */
public class DiskCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final String name = "kbt-agent-" + UUID.randomUUID().toString().substring(0, 8);
    private final LibvirtConnection libvirt = new LibvirtConnection("qemu:///system");
    private Path dir;
    private String uuid;
    private TestAgent agent;
    private AgentClient client;
    private StoreRef store;

    @Before
    public void runningVm() throws Exception {
        dir = Files.createTempDirectory("kbt-agent-disk-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path disk = dir.resolve("root.qcow2");
        new ProcessRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M"),
                Duration.ofSeconds(30));
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>";
        uuid = libvirt.withConnection(c -> {
            Domain d = c.domainDefineXML(xml);
            d.create();
            return d.getUUIDString();
        });
        Path storeDir = dir.resolve("store");
        Files.createDirectories(storeDir);
        store = StoreRef.local("local-1", storeDir.toString());
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
    }

    @After
    public void removeVm() throws Exception {
        libvirt.withConnection(c -> {
            Domain d = c.domainLookupByUUIDString(uuid);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(1 << 4); // with its checkpoint metadata
            return null;
        });
        libvirt.close();
        agent.close();
        new ProcessRunner().run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
    }

    @Test
    public void aFullAndAnIncrementalOfARunningVmRestoreIntoANewVolumeAsTheGuestWroteThem() throws Exception {
        guestWrite(0xab, "0", "4M");
        JobInfo full = run(backup("b1", BackupMode.FULL, null, null));
        assertEquals(full.errorText, JobState.SUCCEEDED, full.state);
        BackupResult r1 = full.backupResult;
        assertEquals("b1", r1.checkpoint);
        assertTrue(r1.vmWasRunning);
        assertEquals("backups/acc/vol/b1.qcow2", r1.files.get(0).path);
        assertEquals(64L << 20, r1.files.get(0).virtualSizeBytes);

        guestWrite(0xcd, "8M", "2M");
        JobInfo inc = run(backup("b2", BackupMode.INCREMENTAL, "b1", r1.checkpointXml));
        assertEquals(inc.errorText, JobState.SUCCEEDED, inc.state);
        assertEquals(BackupMode.INCREMENTAL, inc.backupResult.mode);
        assertFalse(inc.backupResult.fullInsteadOfIncremental);
        assertEquals("b1.qcow2", inc.backupResult.files.get(0).backingPath);
        assertTrue(inc.backupResult.files.get(0).physicalSizeBytes < r1.files.get(0).physicalSizeBytes);

        Path restored = dir.resolve("restored.qcow2");
        RestoreBackupCommand restore = new RestoreBackupCommand();
        restore.requestId = UUID.randomUUID().toString();
        restore.store = store;
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = "vda";
        d.chainPaths = List.of("backups/acc/vol/b1.qcow2", "backups/acc/vol/b2.qcow2");
        d.destinationPath = restored.toString();
        restore.disks.add(d);
        JobInfo done = run(restore);

        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        assertEquals(List.of(restored.toString()), done.restoreResult.restoredPaths);
        assertReads(restored, 0xab, "0", "4M");
        assertReads(restored, 0xcd, "8M", "2M");
        assertReads(restored, 0x00, "16M", "1M");

        FinishChainCommand finish = new FinishChainCommand();
        finish.vmUuid = uuid;
        FinishChainAnswer finished = client.execute(finish);
        assertTrue(finished.errorText, finished.success);
        assertTrue(finished.removedCheckpoints.containsAll(List.of("b1", "b2")));
        assertTrue(libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).checkpointListNames()).length == 0);
    }

    @Test
    public void aRestoreIntoTheStoppedVmsOwnVolumeBringsBackTheBackedUpContent() throws Exception {
        guestWrite(0xab, "0", "4M");
        JobInfo full = run(backup("b1", BackupMode.FULL, null, null));
        assertEquals(full.errorText, JobState.SUCCEEDED, full.state);
        guestWrite(0x77, "0", "4M"); // the change the restore undoes
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(uuid).destroy();
            return null;
        });

        RestoreBackupCommand restore = new RestoreBackupCommand();
        restore.requestId = UUID.randomUUID().toString();
        restore.vmUuid = uuid;
        restore.store = store;
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = "vda";
        d.chainPaths = List.of("backups/acc/vol/b1.qcow2");
        restore.disks.add(d);
        JobInfo done = run(restore);

        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        Path volume = dir.resolve("root.qcow2");
        assertEquals(List.of(volume.toString()), done.restoreResult.restoredPaths);
        assertReads(volume, 0xab, "0", "4M");
        assertFalse(Files.exists(dir.resolve("root.qcow2.restoring")));
    }

    @Test
    public void aQuickRestoreStartsTheVmOnTheBackupAndConsolidatesUntilTheStoreIsNoLongerNeeded() throws Exception {
        guestWrite(0xab, "0", "4M");
        JobInfo full = run(backup("b1", BackupMode.FULL, null, null));
        assertEquals(full.errorText, JobState.SUCCEEDED, full.state);
        guestWrite(0xef, "0", "4M"); // lost by the restore
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(uuid).destroy();
            return null;
        });

        io.kboss.agent.contract.QuickRestoreCommand quick = new io.kboss.agent.contract.QuickRestoreCommand();
        quick.requestId = UUID.randomUUID().toString();
        quick.vmUuid = uuid;
        quick.store = store;
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = "vda";
        d.chainPaths = List.of("backups/acc/vol/b1.qcow2");
        quick.disks.add(d);
        long asked = System.currentTimeMillis();
        JobInfo done = run(quick);

        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        assertTrue(done.restoreResult.consolidated);
        assertTrue(done.restoreResult.vmStartedAtMillis >= asked);
        assertEquals(1, done.restoreResult.restoredPaths.size());
        assertTrue(libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).isActive()) == 1);
        Path volume = Path.of(done.restoreResult.restoredPaths.get(0));
        // QEMU writes its qcow2 metadata out when the VM stops; read the volume after that.
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(uuid).destroy();
            return null;
        });
        new ProcessRunner().run(List.of("rm", "-rf", store.localPath + "/backups"), Duration.ofSeconds(30));
        String info = new ProcessRunner().run(List.of("qemu-img", "info", volume.toString()), Duration.ofSeconds(30))
                .stdout();
        assertFalse(info, info.contains("backing file"));
        assertReads(volume, 0xab, "0", "4M");
    }

    @Test
    public void aBackupOfAVmThatDoesNotExistIsNotFoundAndStartsNoJob() throws Exception {
        TakeBackupCommand c = backup("b9", BackupMode.FULL, null, null);
        c.vmUuid = UUID.randomUUID().toString();
        JobAnswer a = client.execute(c);
        assertFalse(a.success);
        assertEquals(ErrorCode.NOT_FOUND, a.errorCode);
        assertTrue(agent.agent.jobs().list(false).isEmpty());
    }

    @Test
    public void aBackupIntoAnUnwritableTargetFailsCleanlyAndTheVmKeepsRunning() throws Exception {
        Path storeDir = Path.of(store.localPath);
        Files.createDirectories(storeDir.resolve("backups/acc"));
        Files.writeString(storeDir.resolve("backups/acc/vol"), "a file where the folder should be");

        JobInfo job = run(backup("b1", BackupMode.FULL, null, null));

        assertEquals(JobState.FAILED, job.state);
        assertTrue(job.errorText, job.disksConsistent);
        assertTrue(job.errorText, job.errorText.startsWith("Cannot create the backup folder"));
        assertTrue(libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).isActive()) == 1);
        assertEquals(0, libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).checkpointListNames()).length);
    }

    @Test
    public void aBackupThatDoesNotFitOnItsStoreFailsWithNotEnoughSpaceAndTheFiguresBeforeWritingAnything()
            throws Exception {
        guestWrite(0x5c, "0", "40M");
        try (Tmpfs small = new Tmpfs(dir.resolve("small"), 16)) {
            store = StoreRef.local("small-1", small.dir.toString());

            JobInfo job = run(backup("b1", BackupMode.FULL, null, null));

            assertEquals(JobState.FAILED, job.state);
            assertEquals(job.errorText, ErrorCode.NOT_ENOUGH_SPACE, job.errorCode);
            assertTrue(job.errorText, job.disksConsistent);
            assertTrue(job.spaceShortage.requiredBytes >= 40L << 20);
            assertTrue(job.spaceShortage.freeBytes <= 16L << 20);
            assertTrue(job.errorText, job.errorText.contains(Long.toString(job.spaceShortage.freeBytes)));
            assertFalse(Files.exists(small.dir.resolve("backups/acc/vol/b1.qcow2.part")));
            assertFalse(Files.exists(small.dir.resolve("backups/acc/vol/b1.qcow2")));
            assertTrue(libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).isActive()) == 1);
            assertEquals(0,
                    libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).checkpointListNames()).length);
        }
    }

    private TakeBackupCommand backup(String backupUuid, BackupMode mode, String from, String fromXml) {
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = backupUuid;
        c.vmUuid = uuid;
        c.mode = mode;
        c.fromCheckpoint = from;
        c.fromCheckpointXml = fromXml;
        c.newCheckpoint = backupUuid;
        c.store = store;
        BackupDiskTarget t = new BackupDiskTarget();
        t.targetDevice = "vda";
        t.volumeId = "vol";
        t.path = "backups/acc/vol/" + backupUuid + ".qcow2";
        t.parentPath = from == null ? null : "backups/acc/vol/" + from + ".qcow2";
        c.disks.add(t);
        return c;
    }

    private void guestWrite(int pattern, String offset, String length) throws Exception {
        libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).qemuMonitorCommand(
                "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"write -P 0x"
                        + Integer.toHexString(pattern)
                        + " " + offset + " " + length + "\"",
                1));
    }

    private static void assertReads(Path image, int pattern, String offset, String length) throws Exception {
        String out = new ProcessRunner().run(List.of("qemu-io", "-r", "-f", "qcow2", "-c",
                "read -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + length, image.toString()),
                Duration.ofSeconds(60)).stdout();
        assertFalse(image + " at " + offset + ": " + out, out.contains("Pattern verification failed"));
        assertTrue(out, out.contains("read "));
    }

    private JobInfo run(io.kboss.agent.contract.JobCommand c) throws Exception {
        JobAnswer started = client.execute(c);
        assertTrue(started.errorText, started.success);
        GetJobCommand get = new GetJobCommand();
        get.jobId = started.job.jobId;
        long end = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < end) {
            JobInfo j = client.execute(get).job;
            if (j.state.isFinal()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + get.jobId + " did not end");
    }

}
