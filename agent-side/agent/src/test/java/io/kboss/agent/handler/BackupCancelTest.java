package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.TestAgent;
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

/** A running backup shows its progress over the wire and stops cleanly when cancelled. */
public class BackupCancelTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final LibvirtConnection libvirt = new LibvirtConnection("qemu:///system");
    private Path dir;
    private String uuid;
    private TestAgent agent;

    @Before
    public void vmWithData() throws Exception {
        dir = Files.createTempDirectory("kbt-agent-cancel-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path disk = dir.resolve("root.qcow2");
        QcowChain.full(disk, "2G");
        QcowChain.write(disk, 0x3c, "0", "1G");
        String name = "kbt-agent-" + UUID.randomUUID().toString().substring(0, 8);
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='" + disk + "'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>";
        uuid = libvirt.withConnection(c -> {
            Domain d = c.domainDefineXML(xml);
            d.create();
            return d.getUUIDString();
        });
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
    }

    @After
    public void remove() throws Exception {
        libvirt.withConnection(c -> {
            Domain d = c.domainLookupByUUIDString(uuid);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(1 << 4);
            return null;
        });
        libvirt.close();
        agent.close();
        new ProcessRunner().run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
    }

    @Test
    public void aCancelledBackupReportsProgressThenStopsLeavingNoFileNoCheckpointAndARunningVm() throws Exception {
        AgentClient client = agent.pairedClient();
        Path store = Files.createDirectories(dir.resolve("store"));
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = "cancel-1";
        c.backupUuid = "b1";
        c.vmUuid = uuid;
        c.newCheckpoint = "b1";
        c.store = StoreRef.local("local-1", store.toString());
        BackupDiskTarget t = new BackupDiskTarget();
        t.targetDevice = "vda";
        t.path = "backups/acc/vol/b1.qcow2";
        c.disks.add(t);
        GetJobCommand get = new GetJobCommand();
        get.jobId = client.execute(c).job.jobId;

        JobInfo running = client.execute(get).job;
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(running.bytesDone > 0 && running.bytesTotal > running.bytesDone)) {
            assertTrue("no progress seen; last: " + running.state + " " + running.phase, System.nanoTime() < end
                    && !running.state.isFinal());
            Thread.sleep(20);
            running = client.execute(get).job;
        }
        assertEquals(JobState.RUNNING, running.state);
        assertEquals("backing up", running.phase);

        CancelJobCommand cancel = new CancelJobCommand();
        cancel.jobId = get.jobId;
        assertTrue(client.execute(cancel).success);
        JobInfo done = client.execute(get).job;
        while (!done.state.isFinal()) {
            assertTrue(System.nanoTime() < end);
            Thread.sleep(50);
            done = client.execute(get).job;
        }

        assertEquals(done.errorText, JobState.CANCELLED, done.state);
        assertEquals(ErrorCode.CANCELLED, done.errorCode);
        assertTrue(done.errorText, done.disksConsistent);
        assertFalse(Files.exists(store.resolve("backups/acc/vol/b1.qcow2.part")));
        assertFalse(Files.exists(store.resolve("backups/acc/vol/b1.qcow2")));
        assertEquals(1, (int) libvirt.withConnection(x -> x.domainLookupByUUIDString(uuid).isActive()));
        assertEquals(0, libvirt.withConnection(x -> x.domainLookupByUUIDString(uuid).checkpointListNames()).length);
    }
}
