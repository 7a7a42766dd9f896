package io.kboss.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.contract.client.PairingResult;
import io.kboss.agent.support.QcowChain;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real kboss-agent process is killed with SIGKILL in the middle of a job and started again: the
 * job must come back FAILED with the reason, and what it had created must be gone.
 */
public class AgentCrashRecoveryTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Process agent;

    @After
    public void stop() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor();
        }
    }

    @Test
    public void aJobRunningWhenTheAgentIsKilledIsFailedWithTheReasonAndItsPartialFileRemovedAtNextStart()
            throws Exception {
        Path state = tmp.getRoot().toPath().resolve("state");
        Path store = tmp.newFolder("store").toPath();
        Path vol = Files.createDirectories(store.resolve("backups/acc/vol"));
        Path full = vol.resolve("b1.qcow2");
        Path child = vol.resolve("b2.qcow2");
        // Large enough that merging the full into its child takes seconds on a loaded 2-core machine.
        QcowChain.full(full, "768M");
        QcowChain.write(full, 0x5a, "0", "768M");
        QcowChain.child(child, full);
        QcowChain.write(child, 0x11, "1M", "1M");
        Path before = tmp.getRoot().toPath().resolve("before.raw");
        QcowChain.flatten(child, before);
        Path merging = vol.resolve("b2.qcow2.merging");

        int port = freePort();
        Path config = tmp.getRoot().toPath().resolve("agent.properties");
        Files.writeString(config, "bind.address=127.0.0.1\nport=" + port + "\nstate.dir=" + state + "\n");
        agent = startAgent(config);
        URI uri = URI.create("http://127.0.0.1:" + port);
        waitUntilServing(uri, state);
        PairingResult paired = AgentClient.pair(uri, Files.readString(state.resolve("pairing-secret")).trim(),
                "ms-crash", Duration.ofSeconds(10), Clock.systemUTC());
        AgentClient client = new AgentClient(uri, paired.channelKey(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Clock.systemUTC());

        DeleteBackupCommand delete = new DeleteBackupCommand();
        delete.requestId = "crash-1";
        delete.store = StoreRef.local("local-1", store.toString());
        delete.paths.add("backups/acc/vol/b1.qcow2");
        ChildMerge m = new ChildMerge();
        m.deletedPath = "backups/acc/vol/b1.qcow2";
        m.childPath = "backups/acc/vol/b2.qcow2";
        delete.merges.add(m);
        String jobId = client.execute(delete).job.jobId;

        Path journal = state.resolve("jobs/" + jobId + ".json");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(merging) && Files.readString(journal).contains("PARTIAL_FILE"))) {
            assertTrue("the merge never started", System.nanoTime() < end);
            Thread.sleep(5);
        }
        Thread.sleep(200); // well inside the copy or the rebase
        agent.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        agent.waitFor();
        assertTrue("killed while the merge was still writing", Files.exists(merging));
        assertTrue(Files.readString(journal).contains("\"RUNNING\""));

        agent = startAgent(config);
        waitUntilServing(uri, state);
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
        JobInfo job = client.execute(get).job;

        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("kboss-agent stopped while this job was RUNNING"));
        assertTrue(job.errorText, job.errorText.contains("deleted " + merging));
        assertTrue(job.disksConsistent);
        assertFalse(Files.exists(merging));
        assertTrue("the chain is untouched", Files.exists(full) && QcowChain.identical(child, before));
        assertTrue(client.execute(new ListJobsCommand()).jobs.stream().anyMatch(j -> j.jobId.equals(jobId)));

        // The same deletion asked again (new request) now completes, and the child still reads the same.
        delete.requestId = "crash-2";
        get.jobId = client.execute(delete).job.jobId;
        JobInfo again = waitForEnd(client, get);
        assertEquals(again.errorText, JobState.SUCCEEDED, again.state);
        assertFalse(Files.exists(full));
        assertTrue(QcowChain.identical(child, before));
    }

    @Test
    public void aBackupRunningWhenTheAgentIsKilledIsRepairedAtNextStartAndTheVmKeepsRunning() throws Exception {
        Path dir = Files.createTempDirectory("kbt-agent-crash-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path disk = dir.resolve("root.qcow2");
        QcowChain.full(disk, "2G");
        QcowChain.write(disk, 0x5a, "0", "1536M"); // enough data that the push backup takes seconds
        String name = "kbt-agent-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        io.kboss.agent.vm.LibvirtConnection libvirt = new io.kboss.agent.vm.LibvirtConnection("qemu:///system");
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='" + disk + "'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>";
        String vmUuid = libvirt.withConnection(c -> {
            org.libvirt.Domain d = c.domainDefineXML(xml);
            d.create();
            return d.getUUIDString();
        });
        try {
            Path state = tmp.getRoot().toPath().resolve("state");
            Path store = Files.createDirectories(dir.resolve("store"));
            int port = freePort();
            Path config = tmp.getRoot().toPath().resolve("agent.properties");
            Files.writeString(config, "bind.address=127.0.0.1\nport=" + port + "\nstate.dir=" + state + "\n");
            agent = startAgent(config);
            URI uri = URI.create("http://127.0.0.1:" + port);
            waitUntilServing(uri, state);
            PairingResult paired = AgentClient.pair(uri, Files.readString(state.resolve("pairing-secret")).trim(),
                    "ms-crash", Duration.ofSeconds(10), Clock.systemUTC());
            AgentClient client = new AgentClient(uri, paired.channelKey(), Duration.ofSeconds(5),
                    Duration.ofSeconds(30), Clock.systemUTC());

            String jobId = client.execute(backup(vmUuid, store, "b1")).job.jobId;
            Path part = store.resolve("backups/acc/vol/b1.qcow2.part");
            long end = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(part) && Files.size(part) > (1 << 20))) {
                assertTrue("the backup never started writing", System.nanoTime() < end);
                Thread.sleep(5);
            }
            agent.destroyForcibly();
            agent.waitFor();
            assertTrue("killed while the backup was still writing", Files.exists(part));
            assertTrue(Files.readString(state.resolve("jobs/" + jobId + ".json")).contains("DISK_BACKUP"));

            agent = startAgent(config);
            waitUntilServing(uri, state);
            GetJobCommand get = new GetJobCommand();
            get.jobId = jobId;
            JobInfo job = client.execute(get).job;

            assertEquals(JobState.FAILED, job.state);
            assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
            assertTrue(job.errorText, job.errorText.contains("repaired backup of VM " + name));
            assertTrue(job.errorText, job.disksConsistent);
            assertFalse(Files.exists(part));
            assertFalse(Files.exists(store.resolve("backups/acc/vol/b1.qcow2")));
            assertEquals(1, (int) libvirt.withConnection(c -> c.domainLookupByUUIDString(vmUuid).isActive()));
            assertEquals(0,
                    libvirt.withConnection(c -> c.domainLookupByUUIDString(vmUuid).checkpointListNames()).length);

            get.jobId = client.execute(backup(vmUuid, store, "b2")).job.jobId;
            JobInfo next = waitForEnd(client, get);
            assertEquals(next.errorText, JobState.SUCCEEDED, next.state);
        } finally {
            libvirt.withConnection(c -> {
                org.libvirt.Domain d = c.domainLookupByUUIDString(vmUuid);
                if (d.isActive() == 1) {
                    d.destroy();
                }
                d.undefine(1 << 4);
                return null;
            });
            libvirt.close();
            new io.kboss.agent.process.Programs().run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
        }
    }

    private static io.kboss.agent.contract.TakeBackupCommand backup(String vmUuid, Path store, String uuid) {
        io.kboss.agent.contract.TakeBackupCommand c = new io.kboss.agent.contract.TakeBackupCommand();
        c.requestId = uuid;
        c.backupUuid = uuid;
        c.vmUuid = vmUuid;
        c.newCheckpoint = uuid;
        c.store = StoreRef.local("local-1", store.toString());
        io.kboss.agent.contract.BackupDiskTarget t = new io.kboss.agent.contract.BackupDiskTarget();
        t.targetDevice = "vda";
        t.path = "backups/acc/vol/" + uuid + ".qcow2";
        c.disks.add(t);
        return c;
    }

    private static Process startAgent(Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(new File(config.getParent().toFile(), "agent.log")).start();
    }

    private void waitUntilServing(URI uri, Path state) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            assertTrue("the agent exited: " + Files.readString(state.getParent().resolve("agent.log")),
                    agent.isAlive());
            try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the agent did not open its port within 60 s");
    }

    private static JobInfo waitForEnd(AgentClient client, GetJobCommand get) throws Exception {
        long end = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < end) {
            JobInfo j = client.execute(get).job;
            if (j.state.isFinal()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job did not end");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
