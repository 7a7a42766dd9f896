package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
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
import io.kboss.agent.support.TestAgent;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * CloudStack's way: a VM runs as a transient libvirt domain and vanishes from libvirt when it
 * stops. The server keeps its disk paths and the definition a backup returned; with them the
 * agent restores the VM's volumes, or quick-restores it in place and starts it from that
 * definition, so that the cloud's own next start finds the restored disks where its volumes are.
 */
public class TransientVmRestoreTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private LabDomain vm;
    private String xml;
    private TestAgent agent;
    private AgentClient client;
    private StoreRef store;

    @Before
    public void transientVmWithABackup() throws Exception {
        vm = LabDomain.named("kbt-agent-tr-" + UUID.randomUUID().toString().substring(0, 6)).acpi()
                .qcow2Disks(2, "64M").define();
        xml = vm.on(d -> d.getXMLDesc(2));
        vm.on(d -> {
            d.undefine();
            return null;
        });
        startTransient();
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
        store = StoreRef.local("s1", Files.createDirectories(vm.dir.resolve("store")).toString());
        vm.write(0, 0xa1, "0", "4M");
        vm.write(1, 0xa2, "8M", "4M");
        TakeBackupCommand backup = new TakeBackupCommand();
        backup.requestId = UUID.randomUUID().toString();
        backup.backupUuid = "b1";
        backup.vmUuid = vm.libvirtUuid;
        backup.newCheckpoint = "b1";
        backup.store = store;
        for (String dev : List.of("vda", "vdb")) {
            BackupDiskTarget t = new BackupDiskTarget();
            t.targetDevice = dev;
            t.path = "backups/acc/" + dev + "/b1.qcow2";
            backup.disks.add(t);
        }
        JobInfo done = AgentJobs.waitFor(client, AgentJobs.start(client, backup), j -> j.state.isFinal());
        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        // What the server keeps to restore the VM once libvirt forgot it: the definition and the disk paths.
        xml = done.backupResult.domainXml;
        assertTrue(xml, xml.contains(vm.libvirtUuid) && xml.contains(vm.disks.get(1).toString()));
        assertFalse("no runtime id in it", xml.contains("<domain type='qemu' id="));
        vm.write(0, 0xb1, "0", "4M"); // what the restores undo
        vm.write(1, 0xb2, "8M", "4M");
        vm.destroy(); // a transient domain is gone once it stops
        assertFalse(LabDomain.exists(vm.name));
    }

    @After
    public void remove() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (LabDomain.exists(vm.name)) {
            vm.destroy();
        }
        vm.close();
    }

    private void startTransient() throws LibvirtException {
        Connect c = new Connect(LabDomain.URI);
        try {
            c.domainCreateXML(xml, 0).free();
        } finally {
            c.close();
        }
    }

    private RestoreDisk disk(String dev, Path volume) {
        RestoreDisk d = new RestoreDisk();
        d.targetDevice = dev;
        d.chainPaths = List.of("backups/acc/" + dev + "/b1.qcow2");
        d.destinationPath = volume == null ? null : volume.toString();
        return d;
    }

    private static void assertReads(Path image, int pattern, String offset, String length) {
        String out = new ProcessRunner().run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c",
                "read -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + length, image.toString()),
                Duration.ofSeconds(60)).stdout();
        assertFalse(image + " at " + offset + ": " + out, out.contains("Pattern verification failed"));
    }

    @Test
    public void itsVolumesAreRestoredFromThePathsTheServerKeptAndAreRefusedWhileItRuns() throws Exception {
        RestoreBackupCommand restore = new RestoreBackupCommand();
        restore.requestId = UUID.randomUUID().toString();
        restore.backupUuid = "b1";
        restore.vmUuid = vm.libvirtUuid;
        restore.store = store;
        restore.disks = List.of(disk("vda", vm.disks.get(0)), disk("vdb", vm.disks.get(1)));

        startTransient();
        JobInfo refused = AgentJobs.waitFor(client, AgentJobs.start(client, restore), j -> j.state.isFinal());
        assertEquals(JobState.FAILED, refused.state);
        assertTrue(refused.errorText, refused.errorText.contains("is used by a VM of this host"));
        vm.destroy();
        assertReads(vm.disks.get(0), 0xb1, "0", "4M");

        restore.requestId = UUID.randomUUID().toString();
        JobInfo done = AgentJobs.waitFor(client, AgentJobs.start(client, restore), j -> j.state.isFinal());
        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        assertEquals(List.of(vm.disks.get(0).toString(), vm.disks.get(1).toString()), done.restoreResult.restoredPaths);
        assertReads(vm.disks.get(0), 0xa1, "0", "4M");
        assertReads(vm.disks.get(1), 0xa2, "8M", "4M");
        assertFalse(Files.exists(Path.of(vm.disks.get(0) + ".restoring")));

        RestoreBackupCommand halfNamed = new RestoreBackupCommand();
        halfNamed.vmUuid = vm.libvirtUuid;
        halfNamed.store = store;
        halfNamed.disks = List.of(disk("vda", vm.disks.get(0)), disk("vdb", null));
        JobAnswer a = client.execute(halfNamed);
        assertEquals(ErrorCode.BAD_REQUEST, a.errorCode);
        RestoreBackupCommand unnamed = new RestoreBackupCommand();
        unnamed.vmUuid = vm.libvirtUuid;
        unnamed.store = store;
        unnamed.disks = List.of(disk("vda", null));
        JobAnswer b = client.execute(unnamed);
        assertEquals(ErrorCode.NOT_FOUND, b.errorCode);
        assertTrue(b.errorText, b.errorText.contains("destinationPath"));
    }

    @Test
    public void itIsQuickRestoredInPlaceRunsAtOnceAndItsVolumesHoldTheBackupAfterConsolidation() throws Exception {
        QuickRestoreCommand quick = new QuickRestoreCommand();
        quick.requestId = UUID.randomUUID().toString();
        quick.backupUuid = "b1";
        quick.vmUuid = vm.libvirtUuid;
        quick.store = store;
        quick.disks = List.of(disk("vda", null), disk("vdb", vm.disks.get(1)));
        JobAnswer noXml = client.execute(quick);
        assertEquals(ErrorCode.NOT_FOUND, noXml.errorCode);
        quick.domainXml = xml.replace(vm.libvirtUuid, UUID.randomUUID().toString());
        assertEquals(ErrorCode.BAD_REQUEST, client.execute(quick).errorCode);

        quick.domainXml = xml;
        JobInfo done = AgentJobs.waitFor(client, AgentJobs.start(client, quick), j -> j.state.isFinal());

        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        assertTrue(done.restoreResult.consolidated);
        assertTrue(done.restoreResult.vmStartedAtMillis > 0);
        assertTrue("the VM runs, transient as before", vm.running() && !vm.on(d -> d.isPersistent() == 1));
        assertEquals("it reads its restored disk where its volume was", vm.disks.get(0).toString(),
                vm.currentSource(0));
        assertEquals(List.of(vm.disks.get(0) + ".replaced-volume", vm.disks.get(1) + ".replaced-volume"),
                done.restoreResult.replacedPaths);
        assertEquals(done.restoreResult.replacedKeptReason, done.restoreResult.replacedPaths,
                done.restoreResult.removedReplacedPaths);
        vm.destroy(); // QEMU writes the qcow2 tables out when it stops
        assertReads(vm.disks.get(0), 0xa1, "0", "4M");
        assertReads(vm.disks.get(1), 0xa2, "8M", "4M");
        String info = new ProcessRunner().run(List.of("qemu-img", "info", vm.disks.get(0).toString()),
                Duration.ofSeconds(30)).stdout();
        assertFalse("the volume no longer needs the backup: " + info, info.contains("backing file"));
    }
}
