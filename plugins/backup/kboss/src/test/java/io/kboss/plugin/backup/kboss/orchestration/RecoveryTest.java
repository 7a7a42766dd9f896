package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobState;
import io.kboss.server.api.Caller;
import io.kboss.server.operation.engine.OperationEngine;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * One recovery path: a server that dies leaves its running operations heartbeat-less, and another
 * server adopts them once the lease ran out, following the same agent job by its request id; a server
 * restarted under the same name adopts its own at once; an orderly stop hands them back; queued work
 * needs no adoption at all. Two (or three) servers on one database, the fake agent shared by them.
 */
public class RecoveryTest {
    private static OrchestrationCloud cloud;
    private static Caller admin;
    private static long host;

    @BeforeClass
    public static void startCloud() throws Exception {
        cloud = new OrchestrationCloud("orchestration_recovery");
        cloud.zone("recovery");
        host = cloud.host("rec-h1");
        // The first server creates the admin; the tests' servers find it.
        cloud.server("ms-setup", 1).close();
        admin = cloud.admin();
    }

    @AfterClass
    public static void stopCloud() throws Exception {
        cloud.close();
    }

    @After
    public void endHeldJobs() {
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
    }

    /** The server dies while its pass follows an agent job: the thread stops, nothing is written. */
    private static void kill(OrchestrationServer server, Thread pass) throws InterruptedException {
        server.kill();
        pass.interrupt();
        pass.join();
    }

    /**
     * A backup of a new VM, asked of server {@code on} and started by a pass of it in the background;
     * the agent holds the job, so the pass waits on it.
     *
     * @param operation the BACKUP operation's uuid (the agent job's request id)
     */
    private record HeldBackup(JsonObject asked, String operation, Thread pass) {
    }

    private static HeldBackup heldBackup(OrchestrationServer on, String vmName) throws InterruptedException {
        OrchestrationCloud.Vm vm = cloud.vm(vmName, host);
        JsonObject asked = on.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        cloud.agents.hold();
        Thread pass = on.passInBackground();
        String uuid = op("BACKUP");
        cloud.agents.awaitStarts(uuid, 1);
        return new HeldBackup(asked, uuid, pass);
    }

    /** The latest operation of the kind. */
    private static String op(String kind) {
        return cloud.single("SELECT uuid FROM operation WHERE kind = ? ORDER BY id DESC LIMIT 1", kind);
    }

    @Test
    public void aServerThatDiesMidBackupIsAdoptedByAnotherOnceItsLeaseRanOutAndTheJobAnswersTheBackup()
            throws Exception {
        OrchestrationServer a = cloud.server("ms-a1", 4);
        OrchestrationServer b = cloud.server("ms-b1", 4);
        HeldBackup held = heldBackup(a, "rec-1");
        JsonObject asked = held.asked();
        String uuid = held.operation();
        kill(a, held.pass());
        assertEquals("BackingUp", cloud.single("SELECT status FROM backup WHERE uuid = ?",
                asked.get("id").getAsString()));

        assertEquals("within the lease nobody takes it", 0, b.pass());
        assertEquals(String.valueOf(a.id()), cloud.single("SELECT picked_by FROM operation WHERE uuid = ?", uuid));

        cloud.clock.advance(OrchestrationServer.LEASE.plusSeconds(1));
        Thread onB = b.passInBackground();
        // The adopting server sends the start again with the same request id: the agent answers the job it has.
        cloud.agents.awaitStarts(uuid, 2);
        cloud.agents.finish(uuid);
        onB.join();

        assertEquals("one agent job for the operation, started twice", 2, cloud.agents.startsOf(uuid));
        assertEquals(JobState.SUCCEEDED, cloud.agents.state(uuid));
        assertEquals(String.valueOf(b.id()), cloud.single("SELECT picked_by FROM operation WHERE uuid = ?", uuid));
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE uuid = ?", uuid));
        JsonObject job = b.job(admin, asked.get("jobid").getAsString());
        assertEquals("the dead server's job answers the backup: " + job, 1, job.get("jobstatus").getAsInt());
        assertEquals("BackedUp", job.getAsJsonObject("jobresult").getAsJsonObject("backup").get("status")
                .getAsString());
    }

    @Test
    public void aServerRestartedUnderItsNameAdoptsItsOwnRestoreAtOnceWithoutWaitingForTheLease() throws Exception {
        OrchestrationServer first = cloud.server("ms-r2", 4);
        OrchestrationCloud.Vm vm = cloud.vm("rec-2", host);
        first.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        first.drain();
        String backup = cloud.single("SELECT uuid FROM backup WHERE vm_id = ?", vm.id());
        JsonObject asked = first.ok(admin, "restoreBackup", "id", backup);
        cloud.agents.hold();
        Thread pass = first.passInBackground();
        String uuid = op("RESTORE");
        cloud.agents.awaitStarts(uuid, 1);
        kill(first, pass);
        assertEquals("Restoring", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));

        OrchestrationServer again = cloud.server("ms-r2", 4); // same name: the earlier incarnation is dead
        assertEquals(List.of(first.id()), again.bean(io.kboss.server.mshost.ManagementServer.class)
                .previousIncarnations());
        Thread recovery = new Thread(() -> again.bean(OperationEngine.class).recoverAtStart());
        recovery.setDaemon(true);
        recovery.start();
        cloud.agents.awaitStarts(uuid, 2);
        assertEquals("adopted at once, no lease waited out", String.valueOf(again.id()),
                cloud.single("SELECT picked_by FROM operation WHERE uuid = ?", uuid));
        cloud.agents.finish(uuid);
        recovery.join();
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
        JsonObject job = again.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("restored from backup " + backup));
        assertEquals("the restore ended the VM's chain", 0,
                cloud.count("SELECT COUNT(*) FROM backup_chain WHERE vm_id = ? AND state = 'OPEN'", vm.id()));
    }

    @Test
    public void anOrderlyStopHandsItsRunningOperationsBackAndAnotherServerAdoptsThemAtItsNextPass()
            throws Exception {
        OrchestrationServer a = cloud.server("ms-a3", 4);
        OrchestrationServer b = cloud.server("ms-b3", 4);
        HeldBackup held = heldBackup(a, "rec-3");
        JsonObject asked = held.asked();
        String uuid = held.operation();
        held.pass().interrupt(); // a stop interrupts its workers first
        held.pass().join();
        a.close();
        assertEquals("handed back", null, cloud.sql.queryForObject("SELECT picked_by FROM operation WHERE uuid = ?",
                Long.class, uuid));
        cloud.clock.advance(Duration.ofSeconds(1)); // the next housekeeping pass: no lease to wait out
        Thread onB = b.passInBackground();
        cloud.agents.awaitStarts(uuid, 2);
        cloud.agents.finish(uuid);
        onB.join();
        assertEquals(1, b.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());
    }

    @Test
    public void queuedWorkOfADeadServerNeedsNoAdoptionAnyServerClaimsIt() throws Exception {
        OrchestrationServer a = cloud.server("ms-a4", 4);
        OrchestrationServer b = cloud.server("ms-b4", 4);
        OrchestrationCloud.Vm vm = cloud.vm("rec-4", host);
        JsonObject asked = a.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        a.kill();
        assertEquals(1, b.pass());
        assertEquals(1, b.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());
    }

    @Test
    public void anAdoptedDeleteTakesTheMergeTheAgentFinishedMeanwhileFromTheSameJobAndFreesItsBytesOnce()
            throws Exception {
        OrchestrationServer a = cloud.server("ms-a5", 4);
        OrchestrationServer b = cloud.server("ms-b5", 4);
        OrchestrationCloud.Vm vm = cloud.vm("rec-5", host);
        String[] backups = new String[3];
        for (int i = 0; i < 3; i++) {
            backups[i] = a.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
            a.drain();
        }
        long used = cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId());
        JsonObject asked = a.ok(admin, "deleteBackup", "id", backups[1]);
        cloud.agents.hold();
        int jobs = cloud.agents.jobs();
        Thread onA = a.passInBackground();
        cloud.agents.awaitJobs(jobs + 1); // the merge of the middle backup into the newest, on the agent
        kill(a, onA);
        String merge = cloud.agents.runningRequests().get(0);
        assertTrue(merge, merge.startsWith(op("DELETE") + "-merge-into-"));
        cloud.agents.finish(merge); // the agent finishes it while no server watches
        cloud.agents.finishAtOnce();

        cloud.clock.advance(OrchestrationServer.LEASE.plusSeconds(1));
        b.drain();

        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = ?", backups[1]));
        assertEquals(backups[0], cloud.single("SELECT p.uuid FROM backup s JOIN backup p ON p.id = s.parent_id"
                + " WHERE s.uuid = ?", backups[2]));
        assertEquals("the merge is one agent job, started by the dead server and again by the adopting one", 2,
                cloud.agents.startsOf(merge));
        assertEquals(JobState.SUCCEEDED, cloud.agents.state(merge));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM backup_delete_step WHERE request_id = ?", merge));
        assertEquals("the store gave back what the agent freed, once", used - FakeAgents.FILE_BYTES,
                cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId()));
        assertEquals("the survivor holds what it absorbed", 2 * FakeAgents.FILE_BYTES,
                cloud.count("SELECT size FROM backup WHERE uuid = ?", backups[2]));
        JsonObject job = b.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("merged into backup " + backups[2]));
    }
}
