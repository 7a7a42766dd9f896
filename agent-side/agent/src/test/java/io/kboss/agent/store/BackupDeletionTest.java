package io.kboss.agent.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.TestAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** delete-backup over the agent's endpoint on real qcow2 chains: children stay restorable. */
public class BackupDeletionTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestAgent agent;
    private AgentClient client;
    private Path store;
    private StoreRef storeRef;
    private Path full;
    private Path inc1;
    private Path inc2;
    private Path atInc2;

    @Before
    public void chainOfThree() throws Exception {
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
        store = tmp.newFolder("store").toPath();
        storeRef = StoreRef.local("local-1", store.toString());
        Path vol = Files.createDirectories(store.resolve("backups/acc/vol"));
        full = vol.resolve("b1.qcow2");
        inc1 = vol.resolve("b2.qcow2");
        inc2 = vol.resolve("b3.qcow2");
        QcowChain.full(full, "32M");
        QcowChain.write(full, 0xaa, "0", "8M");
        QcowChain.child(inc1, full);
        QcowChain.write(inc1, 0xbb, "4M", "8M");
        QcowChain.child(inc2, inc1);
        QcowChain.write(inc2, 0xcc, "10M", "2M");
        atInc2 = tmp.getRoot().toPath().resolve("at-b3.raw");
        QcowChain.flatten(inc2, atInc2);
    }

    @After
    public void stop() throws Exception {
        agent.close();
    }

    @Test
    public void deletingTheMiddleBackupMergesItIntoItsChildWhichStillReadsTheSame() throws Exception {
        JobInfo job = run(delete("backups/acc/vol/b2.qcow2", "backups/acc/vol/b3.qcow2", "backups/acc/vol/b1.qcow2"));

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertFalse(Files.exists(inc1));
        assertEquals("b1.qcow2", QcowChain.backing(inc2));
        assertTrue(QcowChain.identical(inc2, atInc2));
        assertEquals(List.of("backups/acc/vol/b2.qcow2"), job.deleteResult.deletedPaths);
        assertEquals(List.of("backups/acc/vol/b3.qcow2"), job.deleteResult.mergedChildren);
        assertEquals("the merged child's new size is reported", Long.valueOf(Files.size(inc2)),
                job.deleteResult.mergedChildSizes.get("backups/acc/vol/b3.qcow2"));
        assertTrue(job.bytesDone > 0 && job.bytesDone == job.bytesTotal);
        assertFalse(Files.exists(inc2.resolveSibling("b3.qcow2.merging")));
    }

    @Test
    public void deletingTheFullBackupMakesItsChildAStandaloneFull() throws Exception {
        run(delete("backups/acc/vol/b2.qcow2", "backups/acc/vol/b3.qcow2", "backups/acc/vol/b1.qcow2"));

        JobInfo job = run(delete("backups/acc/vol/b1.qcow2", "backups/acc/vol/b3.qcow2", null));

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertFalse(Files.exists(full));
        assertNull(QcowChain.backing(inc2));
        assertTrue(QcowChain.identical(inc2, atInc2));
    }

    @Test
    public void aCommandWhoseChainDoesNotMatchTheStoreTouchesNothing() throws Exception {
        JobInfo job = run(delete("backups/acc/vol/b1.qcow2", "backups/acc/vol/b3.qcow2", null));

        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.BAD_REQUEST, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("is backed by " + inc1));
        assertTrue(Files.exists(full) && Files.exists(inc1));
        assertTrue(QcowChain.identical(inc2, atInc2));
    }

    @Test
    public void aPathOutsideTheStoreIsRefused() throws Exception {
        DeleteBackupCommand c = new DeleteBackupCommand();
        c.store = storeRef;
        c.paths.add("../../etc/passwd");
        JobInfo job = run(c);
        assertEquals(JobState.FAILED, job.state);
        assertTrue(job.errorText, job.errorText.contains("is not inside the store"));
    }

    private DeleteBackupCommand delete(String path, String child, String newBacking) {
        DeleteBackupCommand c = new DeleteBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.store = storeRef;
        c.paths.add(path);
        ChildMerge m = new ChildMerge();
        m.deletedPath = path;
        m.childPath = child;
        m.newBackingPath = newBacking;
        c.merges.add(m);
        return c;
    }

    private JobInfo run(DeleteBackupCommand c) throws Exception {
        JobAnswer started = client.execute(c);
        assertTrue(started.errorText, started.success);
        GetJobCommand get = new GetJobCommand();
        get.jobId = started.job.jobId;
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            JobInfo j = client.execute(get).job;
            if (j.state.isFinal()) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + get.jobId + " did not end in 120 s");
    }
}
