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

    private static Process startAgent(Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(new File(config.getParent().toFile(), "agent.log")).start();
    }

    private void waitUntilServing(URI uri, Path state) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            assertTrue("the agent exited: " + Files.readString(state.getParent().resolve("agent.log")), agent.isAlive());
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
