package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.TestAgent;
import io.kboss.agent.support.TinyGuest;
import io.kboss.test.support.LabDomain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * cancel-job, over the wire, for every kind of job while it works (compress-backup and
 * validate-backup have theirs in CompressCommandsTest and ValidationTest): the job ends CANCELLED
 * with its disks consistent, the VM is left running (never paused or frozen), nothing partial
 * remains, and the next backup (or a resumed consolidation) is right.
 */
public class CancelEveryJobTest {
    private static final long GIB = 1L << 30;
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final String prefix = "kbt-cancel-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final List<LabDomain> domains = new ArrayList<>();
    private TestAgent agent;
    private AgentClient client;

    @Before
    public void agent() throws Exception {
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
    }

    @After
    public void remove() throws Exception {
        agent.close();
        for (LabDomain d : domains) {
            if (LabDomain.exists(d.name)) {
                d.destroy();
            }
            d.close();
        }
    }

    /** A VM whose disks are 2 GiB with their first GiB written, so copies take long enough to cancel. */
    private LabDomain vm(String name, int disks) throws Exception {
        return vm(name, disks, "1G");
    }

    /** A VM of {@code disks} 2 GiB disks whose first {@code prefill} bytes hold data. */
    private LabDomain vm(String name, int disks, String prefill) throws Exception {
        LabDomain.Builder b = LabDomain.named(prefix + name).acpi();
        for (int i = 0; i < disks; i++) {
            b.qcow2Disk("2G", prefill);
        }
        LabDomain d = b.define();
        domains.add(d);
        return d;
    }

    private static StoreRef store(LabDomain vm) throws IOException {
        return StoreRef.local("s1", Files.createDirectories(vm.dir.resolve("store")).toString());
    }

    private static TakeBackupCommand backup(LabDomain vm, String id, String parent, String parentXml)
            throws IOException {
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = id;
        c.vmUuid = vm.libvirtUuid;
        c.mode = parent == null ? BackupMode.FULL : BackupMode.INCREMENTAL;
        c.fromCheckpoint = parent;
        c.fromCheckpointXml = parentXml;
        c.newCheckpoint = id;
        c.store = store(vm);
        for (int i = 0; i < vm.disks.size(); i++) {
            BackupDiskTarget t = new BackupDiskTarget();
            t.targetDevice = "vd" + (char) ('a' + i);
            t.path = "backups/acc/" + t.targetDevice + "/" + id + ".qcow2";
            t.parentPath = parent == null ? null : "backups/acc/" + t.targetDevice + "/" + parent + ".qcow2";
            c.disks.add(t);
        }
        return c;
    }

    private JobInfo run(JobCommand c) throws Exception {
        JobInfo done = AgentJobs.waitFor(client, AgentJobs.start(client, c), j -> j.state.isFinal());
        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        return done;
    }

    /** Starts the job, cancels it once {@code moment} holds, and returns how it ended. */
    private JobInfo cancelWhen(JobCommand c, Predicate<JobInfo> moment) throws Exception {
        String job = AgentJobs.start(client, c);
        JobInfo seen = AgentJobs.waitFor(client, job, moment);
        CancelJobCommand cancel = new CancelJobCommand();
        cancel.jobId = job;
        assertTrue(client.execute(cancel).success);
        JobInfo done = AgentJobs.waitFor(client, job, j -> j.state.isFinal());
        assertEquals("cancelled in phase " + seen.phase + " at " + seen.bytesDone + "/" + seen.bytesTotal + ": "
                + done.errorText, JobState.CANCELLED, done.state);
        assertEquals(ErrorCode.CANCELLED, done.errorCode);
        assertTrue(done.errorText, done.disksConsistent);
        return done;
    }

    private static Predicate<JobInfo> midway() {
        return j -> j.bytesDone > 0 && j.bytesDone < j.bytesTotal;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void assertNothingPartial(Path dir) throws IOException {
        for (Path p : filesUnder(dir)) {
            String n = p.getFileName().toString();
            assertFalse("left behind: " + p, n.endsWith(".part") || n.endsWith(".restoring") || n.endsWith(".merging")
                    || n.endsWith(".compressing"));
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0;) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Restores the chain ending at {@code newest} into a new volume and compares it with {@code reference}. */
    private void assertChainRestoresTo(LabDomain vm, String dev, List<String> chain, Path reference) throws Exception {
        RestoreBackupCommand restore = new RestoreBackupCommand();
        restore.requestId = UUID.randomUUID().toString();
        restore.store = store(vm);
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = dev;
        d.chainPaths = chain.stream().map(id -> "backups/acc/" + dev + "/" + id + ".qcow2").toList();
        Path volume = vm.dir.resolve("check-" + UUID.randomUUID() + ".qcow2");
        d.destinationPath = volume.toString();
        restore.disks.add(d);
        run(restore);
        assertTrue("the chain " + chain + " restores to the disk as it was", QcowChain.identical(volume, reference));
    }

    @Test
    public void aCancelledIncrementalOfARunningVmLeavesNoFileNoCheckpointAndTheNextIncrementalIsRight()
            throws Exception {
        // A nearly full disk, so that an incremental large enough to be cancelled mid-copy stays under half
        // of what a full copies (from half on, the engine takes a full instead).
        LabDomain vm = vm("run", 1, "2047M");
        vm.start();
        JobInfo full = run(backup(vm, "b1", null, null));
        vm.write(0x61, "0", "896M");

        cancelWhen(backup(vm, "b2", "b1", full.backupResult.checkpointXml), midway());

        assertTrue("the VM runs, not paused", vm.running());
        assertEquals(List.of("b1"), vm.checkpointNames());
        assertFalse(Files.exists(vm.dir.resolve("store/backups/acc/vda/b2.qcow2")));
        assertNothingPartial(vm.dir);
        vm.write(0x62, "1G", "4M");
        JobInfo next = run(backup(vm, "b3", "b1", full.backupResult.checkpointXml));
        assertEquals(BackupMode.INCREMENTAL, next.backupResult.mode);
        vm.suspend();
        vm.copyDisk(0, vm.dir.resolve("ref.qcow2"));
        vm.resume();
        assertChainRestoresTo(vm, "vda", List.of("b1", "b3"), vm.dir.resolve("ref.qcow2"));
    }

    @Test
    public void aCancelledQuiescedBackupLeavesTheGuestThawedAndRunningAndTheNextOneQuiesces() throws Exception {
        LabDomain vm = LabDomain.named(prefix + "guest").bootingTinyGuest(TinyGuest.build()).define();
        domains.add(vm);
        vm.start();
        TinyGuest.waitForAgent(vm);
        TakeBackupCommand quiesced = backup(vm, "q1", null, null);
        quiesced.quiesce = true;

        cancelWhen(quiesced, j -> "backing up".equals(j.phase));

        assertTrue(vm.running());
        String status = vm.agent("{\"execute\":\"guest-fsfreeze-status\"}", 10);
        assertTrue("the guest's file systems are thawed: " + status, status.contains("thawed"));
        TinyGuest.shell(vm, "echo after-cancel > /mnt/after-cancel && sync");
        assertEquals(List.of(), vm.checkpointNames());
        assertNothingPartial(vm.dir);
        assertFalse(Files.exists(vm.dir.resolve("store/backups/acc/vda/q1.qcow2")));
        TakeBackupCommand again = backup(vm, "q2", null, null);
        again.quiesce = true;
        assertTrue(run(again).backupResult.quiesced);
    }

    @Test
    public void aCancelledIncrementalOfAStoppedVmAddsNoBitmapAndTheNextIncrementalIsRight() throws Exception {
        LabDomain vm = vm("off", 1);
        JobInfo full = run(backup(vm, "b1", null, null));
        assertFalse(full.backupResult.vmWasRunning);
        vm.start();
        for (int i = 0; i < 6; i++) { // separate dirty ranges: progress moves range by range
            vm.write(0x70 + i, (i * 192) + "M", "128M");
        }
        vm.destroy();

        cancelWhen(backup(vm, "b2", "b1", full.backupResult.checkpointXml), midway());

        String info = new ProcessRunner().run(List.of("qemu-img", "info", vm.disk.toString()), Duration.ofSeconds(30))
                .stdout();
        assertFalse("no bitmap of the cancelled backup: " + info, info.contains("name: b2"));
        assertEquals(List.of("b1"), vm.checkpointNames());
        assertNothingPartial(vm.dir);
        JobInfo next = run(backup(vm, "b3", "b1", full.backupResult.checkpointXml));
        assertEquals(BackupMode.INCREMENTAL, next.backupResult.mode);
        assertChainRestoresTo(vm, "vda", List.of("b1", "b3"), vm.disk);
    }

    @Test
    public void aCancelledRestoreOfATwoDiskVmChangesNeitherDisk() throws Exception {
        LabDomain vm = vm("restore", 2);
        run(backup(vm, "b1", null, null));
        vm.start();
        vm.write(0, 0x77, "0", "64M");
        vm.write(1, 0x77, "0", "64M");
        vm.destroy();
        String vda = sha256(vm.disks.get(0));
        String vdb = sha256(vm.disks.get(1));
        RestoreBackupCommand restore = new RestoreBackupCommand();
        restore.requestId = UUID.randomUUID().toString();
        restore.vmUuid = vm.libvirtUuid;
        restore.store = store(vm);
        for (String dev : List.of("vda", "vdb")) {
            RestoreDisk d = new RestoreDisk();
            d.targetDevice = dev;
            d.chainPaths = List.of("backups/acc/" + dev + "/b1.qcow2");
            restore.disks.add(d);
        }

        // Past the first disk: its copy is complete but must not replace the volume alone.
        cancelWhen(restore, j -> j.bytesDone > 2 * GIB && j.bytesDone < j.bytesTotal);

        assertEquals("vda as it was", vda, sha256(vm.disks.get(0)));
        assertEquals("vdb as it was", vdb, sha256(vm.disks.get(1)));
        assertNothingPartial(vm.dir);
        assertEquals("the chain goes on: the checkpoint stays", List.of("b1"), vm.checkpointNames());
    }

    @Test
    public void aCancelledConsolidationLeavesTheQuickRestoredVmRunningOnItsOverlaysAndItResumes() throws Exception {
        LabDomain vm = vm("quick", 1);
        run(backup(vm, "b1", null, null));
        QuickRestoreCommand quick = new QuickRestoreCommand();
        quick.requestId = UUID.randomUUID().toString();
        quick.vmUuid = vm.libvirtUuid;
        quick.store = store(vm);
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = "vda";
        d.chainPaths = List.of("backups/acc/vda/b1.qcow2");
        quick.disks.add(d);

        JobInfo cancelled = cancelWhen(quick, j -> "consolidating".equals(j.phase) && midway().test(j));

        assertFalse(cancelled.restoreResult.consolidated);
        assertTrue("the restored VM keeps running", vm.running());
        Path overlay = Path.of(vm.currentSource(0));
        Path volume = Path.of(cancelled.restoreResult.restoredPaths.get(0));
        assertFalse("the half-written restored volume is deleted", Files.exists(volume));
        String info = new ProcessRunner().run(List.of("qemu-img", "info", "-U", overlay.toString()),
                Duration.ofSeconds(30)).stdout();
        assertTrue("it still reads through the backup: " + info, info.contains("backing file:"));
        assertTrue("the former volume is kept until consolidation ends",
                Files.exists(Path.of(cancelled.restoreResult.replacedPaths.get(0))));
        QuickRestoreCommand resume = new QuickRestoreCommand();
        resume.requestId = UUID.randomUUID().toString();
        resume.vmUuid = vm.libvirtUuid;
        resume.resumeConsolidation = true;
        JobInfo resumed = run(resume);
        assertTrue(resumed.restoreResult.consolidated);
        assertEquals(cancelled.restoreResult.replacedPaths, resumed.restoreResult.removedReplacedPaths);
        assertEquals("the VM pivoted to the restored volume", volume.toString(), vm.currentSource(0));
        assertFalse("the overlay is deleted", Files.exists(overlay));
        vm.destroy();
        assertTrue(QcowChain.backing(volume) == null);
        assertTrue(QcowChain.identical(volume, vm.dir.resolve("store/backups/acc/vda/b1.qcow2")));
    }

    @Test
    public void aCancelledMergeLeavesTheChildAsItWasTheDeletedFileInPlaceAndNoCopy() throws Exception {
        Path dir = tmp.newFolder("chain").toPath();
        StoreRef store = StoreRef.local("s2", dir.toString());
        Path folder = Files.createDirectories(dir.resolve("backups/acc/vol"));
        Path full = folder.resolve("b1.qcow2");
        Path middle = folder.resolve("b2.qcow2");
        Path last = folder.resolve("b3.qcow2");
        QcowChain.full(full, "2G");
        QcowChain.write(full, 0x11, "0", "512M");
        QcowChain.child(middle, full);
        QcowChain.write(middle, 0x22, "512M", "768M");
        QcowChain.child(last, middle);
        QcowChain.write(last, 0x33, "1280M", "512M");
        Path reference = dir.resolve("reference.raw");
        QcowChain.flatten(last, reference);
        String child = sha256(last);
        DeleteBackupCommand delete = new DeleteBackupCommand();
        delete.requestId = UUID.randomUUID().toString();
        delete.backupUuid = "b2";
        delete.store = store;
        delete.paths = List.of("backups/acc/vol/b2.qcow2");
        ChildMerge m = new ChildMerge();
        m.deletedPath = "backups/acc/vol/b2.qcow2";
        m.childPath = "backups/acc/vol/b3.qcow2";
        m.newBackingPath = "backups/acc/vol/b1.qcow2";
        delete.merges.add(m);

        cancelWhen(delete, j -> j.phase.startsWith("merging") && midway().test(j));

        assertEquals("the child as it was", child, sha256(last));
        assertTrue("the deleted file stays: the child still needs it", Files.exists(middle));
        assertNothingPartial(dir);
        assertTrue(QcowChain.identical(last, reference));
    }

    @Test
    public void aCancelledCreateVmFromBackupLeavesNoVolumeAndNoDomain() throws Exception {
        LabDomain vm = vm("orig", 2);
        JobInfo full = run(backup(vm, "b1", null, null));
        Path primary = Files.createDirectories(vm.dir.resolve("primary"));
        CreateVmFromBackupCommand c = new CreateVmFromBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b1";
        c.store = store(vm);
        c.vmName = prefix + "copy";
        c.domainXml = full.backupResult.domainXml;
        c.destinationFolder = primary.toString();
        c.startVm = true;
        for (String dev : List.of("vda", "vdb")) {
            RestoreDisk d = new RestoreDisk();
            d.targetDevice = dev;
            d.chainPaths = List.of("backups/acc/" + dev + "/b1.qcow2");
            c.disks.add(d);
        }

        cancelWhen(c, midway());

        assertEquals("no volume left", List.of(), filesUnder(primary));
        assertFalse("no domain left", LabDomain.exists(c.vmName));
    }

    @Test
    public void aCancelledHashEndsCancelledAndReportsNoHash() throws Exception {
        Path dir = tmp.newFolder("hash").toPath();
        Path file = Files.createDirectories(dir.resolve("backups/acc/vol")).resolve("b1.qcow2");
        QcowChain.full(file, "2G");
        QcowChain.write(file, 0x44, "0", "1536M");
        HashBackupCommand hash = new HashBackupCommand();
        hash.requestId = UUID.randomUUID().toString();
        hash.backupUuid = "b1";
        hash.store = StoreRef.local("s3", dir.toString());
        hash.paths = List.of("backups/acc/vol/b1.qcow2");

        JobInfo done = cancelWhen(hash, midway());

        assertTrue(done.hashResult == null || done.hashResult.hash == null);
    }
}
