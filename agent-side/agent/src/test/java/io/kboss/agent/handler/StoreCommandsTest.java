package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetStoreCapacityCommand;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.ReleaseStoreCommand;
import io.kboss.agent.contract.StoreCapacityAnswer;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.TestAgent;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Store capacity and release through the agent's endpoint. */
public class StoreCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestAgent agent;
    private AgentClient client;

    @Before
    public void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("nfs.mount.timeout.seconds", "5");
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"), p);
        client = agent.pairedClient();
    }

    @After
    public void stop() throws Exception {
        agent.close();
    }

    @Test
    public void aLocalStoreAnswersItsCapacityAndFreeSpace() throws Exception {
        GetStoreCapacityCommand c = new GetStoreCapacityCommand();
        c.store = StoreRef.local("local-1", tmp.newFolder("store").toString());

        StoreCapacityAnswer a = client.execute(c);

        assertTrue(a.errorText, a.success);
        long total = Files.getFileStore(tmp.getRoot().toPath()).getTotalSpace();
        assertEquals(total, a.capacityBytes);
        assertTrue(a.freeBytes > 0 && a.freeBytes <= a.capacityBytes);
        assertEquals(a.capacityBytes, a.usedBytes + Files.getFileStore(tmp.getRoot().toPath()).getUnallocatedSpace(),
                64L << 20);
    }

    @Test
    public void anUnreachableNfsStoreIsAnsweredAsSuchAndTheAgentGoesOnServing() throws Exception {
        GetStoreCapacityCommand c = new GetStoreCapacityCommand();
        c.store = StoreRef.nfs("nfs-dead", "192.0.2.1", "/export");

        StoreCapacityAnswer a = client.execute(c);

        assertFalse(a.success);
        assertEquals(ErrorCode.STORE_UNREACHABLE, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains("Check that the NFS server is up"));
        assertTrue(client.execute(new ListJobsCommand()).success);
        ReleaseStoreCommand release = new ReleaseStoreCommand();
        release.store = c.store;
        assertTrue("releasing a store that never mounted is fine", client.execute(release).success);
    }
}
