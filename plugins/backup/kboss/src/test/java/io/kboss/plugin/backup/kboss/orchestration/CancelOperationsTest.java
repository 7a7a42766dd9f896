package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * cancelBackupOperation over the queue with the fake agent: backups, restores, compressions and validations
 * cancelled while queued (dropped, never claimed, the job failed saying who cancelled it, the domain side ended); each
 * cancellable kind (backup, restore, volume restore, compression, validation) cancelled while running (cancel-job reaches the agent at the next
 * poll, the operation ends CANCELLED once the agent job has, the chain goes on from the last BackedUp
 * backup); a cancel asked through one management server of work another one runs; and the refusals (a
 * delete, ended work, bad or missing names, another account's work).
 */
public class CancelOperationsTest extends OneServerLab {
    private static final String ALL_STEPS = "wait_for_boot,execute_command,screenshot";
    private static OrchestrationServer other;
    private static Caller stranger;
    private static long zstd;
    private static long validating;
    private static long compressingAndValidating;

    /** A cancel that never reaches the follower would hang its pass: fail instead. */
    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_cancel", "cancel", 4, "cnl");
        other = cloud.server("ms-2", 4);
        zstd = cloud.offering("cancel-zstd", "compress", "true", "compressionlibrary", "zstd");
        validating = cloud.offering("cancel-validating", Map.of("validate", "true", "validationsteps", ALL_STEPS));
        compressingAndValidating = cloud.offering("cancel-both", Map.of("compress", "true", "compressionlibrary",
                "zstd", "validate", "true", "validationsteps", ALL_STEPS));
        cloud.sql.update("INSERT INTO account (uuid, name, domain_id, role, created) SELECT UUID(), 'stranger',"
                + " domain_id, 'USER', NOW(3) FROM account WHERE name = 'admin'");
        cloud.sql.update("INSERT INTO `user` (uuid, account_id, username, created) SELECT UUID(), id, 'stranger',"
                + " NOW(3) FROM account WHERE name = 'stranger'");
        stranger = cloud.sql.queryForObject("SELECT u.id, u.uuid, a.id, a.uuid, d.id, d.uuid, d.path FROM `user` u"
                + " JOIN account a ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id WHERE u.username ="
                + " 'stranger'",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2), "stranger", rs.getLong(3),
                        rs.getString(4), "stranger", Role.USER, rs.getLong(5), rs.getString(6), rs.getString(7)));
    }

    @After
    public void cleanUp() {
        endLeftoversAndRetries();
    }

    private static String backUp(OrchestrationCloud.Vm vm) {
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        return asked.get("id").getAsString();
    }

    private static String latestOp(String kind) {
        return cloud.single("SELECT uuid FROM operation WHERE kind = ? ORDER BY id DESC LIMIT 1", kind);
    }

    private static String opState(String op) {
        return cloud.single("SELECT state FROM operation WHERE uuid = ?", op);
    }

    private static String status(String backup) {
        return cloud.single("SELECT status FROM backup WHERE uuid = ?", backup);
    }

    /** A pass of {@code s} on its own thread, the agents holding every job it starts. */
    private static Thread heldPass(OrchestrationServer s) {
        cloud.agents.hold();
        return s.passInBackground();
    }

    private static JsonObject cancel(String... keyValues) {
        return server.ok(admin, "cancelBackupOperation", keyValues);
    }

    /** The job has failed, saying the admin cancelled it. */
    private static JsonObject assertCancelledJob(String jobId) {
        JsonObject job = server.job(admin, jobId);
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        String text = job.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(text, text.contains("cancelled by admin"));
        return job;
    }

    /** The agent job is cancelled, the pass that followed it ends, and so does its operation. */
    private static void awaitCancelledOnTheAgent(String requestId, Thread pass) throws InterruptedException {
        cloud.agents.poke(); // the follower's next poll reads the request from the operation's row
        pass.join(10_000);
        cloud.agents.finishAtOnce();
        assertEquals("CANCELLED", cloud.agents.state(requestId).name());
    }

    @Test
    public void aQueuedBackupIsDroppedNeverClaimedAndTheNextBackupIsFull() {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        String op = latestOp("BACKUP");
        JsonObject answer = cancel("jobid", asked.get("jobid").getAsString());
        assertTrue(answer.toString(), answer.get("displaytext").getAsString().contains("was queued: it was dropped"));
        assertEquals("CANCELLED", opState(op));
        assertCancelledJob(asked.get("jobid").getAsString());
        assertEquals("Failed", status(asked.get("id").getAsString()));
        assertEquals("nothing to claim", 0, server.pass());
        assertEquals("the agent never heard of it", 0, cloud.agents.startsOf(op));
        String next = backUp(vm);
        assertEquals("FULL", cloud.single("SELECT type FROM backup WHERE uuid = ?", next));
    }

    @Test
    public void aRunningBackupIsCancelledOnTheAgentTheVmKeepsItsStateAndTheNextIsAnIncrementOnTheLastBackedUp()
            throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String full = backUp(vm);
        cloud.sql.update("UPDATE vm_instance SET state = 'Running', power_state = 'PowerOn' WHERE id = ?", vm.id());
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        Thread pass = heldPass(server);
        String op = latestOp("BACKUP");
        cloud.agents.awaitStarts(op, 1);
        // Until the runner sleeps after its first poll, that poll could pass the first cancel on and end the
        // operation before the second cancel is asked (seen once under load).
        cloud.agents.awaitSleeping(1);

        JsonObject answer = cancel("virtualmachineid", vm.uuid());
        assertTrue(answer.toString(), answer.get("displaytext").getAsString().contains("is running: the agent is told"
                + " to stop it"));
        assertEquals("asked twice: nothing more", true, cancel("virtualmachineid", vm.uuid()).get("displaytext")
                .getAsString().contains("already being cancelled"));
        awaitCancelledOnTheAgent(op, pass);

        assertEquals("CANCELLED", opState(op));
        JsonObject job = assertCancelledJob(asked.get("jobid").getAsString());
        assertTrue(job.toString(), job.toString().contains("the VM kept running"));
        assertEquals("no BackedUp row for the cancelled backup", "Failed", status(asked.get("id").getAsString()));
        assertEquals("the VM was never paused or put in an error state", "Running",
                cloud.single("SELECT state FROM vm_instance WHERE id = ?", vm.id()));
        assertEquals("the VM is free again", 0, cloud.count("SELECT COUNT(*) FROM operation WHERE vm_lock = ?",
                vm.id()));
        // As after any failed backup: the chain's tip is not BackedUp, so the next backup starts a new chain
        // (the agent removed the cancelled backup's checkpoint; nothing is built on a half-written file).
        String next = backUp(vm);
        assertEquals("FULL", cloud.single("SELECT type FROM backup WHERE uuid = ?", next));
        assertEquals("BackedUp", status(next));
        assertEquals("BackedUp", status(full));
    }

    @Test
    public void aBackupThatFailsOnItsOwnAfterACancelWasAskedEndsFailedWithItsOwnReason() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        Thread pass = heldPass(server);
        String op = latestOp("BACKUP");
        cloud.agents.awaitStarts(op, 1);
        // Whether the runner passes the cancel on before or after the failure, it must not stop this job
        // (without this the test raced the runner's next poll and, losing, saw the cancel take effect).
        cloud.agents.cancelsArriveTooLate(op);

        cancel("virtualmachineid", vm.uuid());
        // The agent's job fails before the cancel reaches it: the cancel did not end it, the store did.
        cloud.agents.fail(op, true, "no space left on the store");
        cloud.agents.poke();
        pass.join(10_000);
        cloud.agents.finishAtOnce();

        assertEquals("FAILED", opState(op));
        assertEquals("its error is its own", "FAILED", cloud.agents.state(op).name());
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        String text = job.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(text, text.contains("no space left on the store"));
        assertFalse(text, text.contains("cancelled by admin"));
        String error = cloud.single("SELECT error FROM backup WHERE uuid = ?", asked.get("id").getAsString());
        assertTrue(error, error.contains("no space left on the store"));
        assertEquals("Failed", status(asked.get("id").getAsString()));
    }

    @Test
    public void aCancelAskedThroughOneServerStopsTheBackupAnotherServerRuns() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        Thread pass = heldPass(other);
        String op = latestOp("BACKUP");
        cloud.agents.awaitStarts(op, 1);
        assertEquals("ms-2 runs it", other.id(), cloud.count("SELECT picked_by FROM operation WHERE uuid = ?", op));

        cancel("jobid", asked.get("jobid").getAsString());
        assertEquals("the request is on the row until the runner acts on it", "admin", cloud.single("SELECT"
                + " cancel_requested_by FROM operation WHERE uuid = ?", op));
        awaitCancelledOnTheAgent(op, pass);

        assertEquals("CANCELLED", opState(op));
        assertCancelledJob(asked.get("jobid").getAsString());
        assertEquals("Failed", status(asked.get("id").getAsString()));
    }

    @Test
    public void aQueuedAndARunningRestoreAreCancelledAndTheBackupStaysBackedUp() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backUp(vm);
        JsonObject queued = server.ok(admin, "restoreBackup", "id", backup);
        cancel("id", latestOp("RESTORE"));
        assertCancelledJob(queued.get("jobid").getAsString());
        assertEquals("BackedUp", status(backup));

        JsonObject running = server.ok(admin, "restoreBackup", "id", backup);
        String op = latestOp("RESTORE");
        Thread pass = heldPass(server);
        cloud.agents.awaitStarts(op, 1);
        assertEquals("Restoring", status(backup));
        cancel("jobid", running.get("jobid").getAsString());
        awaitCancelledOnTheAgent(op, pass);
        assertEquals("CANCELLED", opState(op));
        JsonObject job = assertCancelledJob(running.get("jobid").getAsString());
        assertTrue(job.toString(), job.toString().contains("the VM's disks are as they were"));
        assertEquals("BackedUp", status(backup));
        assertEquals("Stopped", cloud.single("SELECT state FROM vm_instance WHERE id = ?", vm.id()));
    }

    @Test
    public void aRunningVolumeRestoreIsCancelledAndNoVolumeIsRegistered() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backUp(vm);
        String volume = cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", vm.id());
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid",
                volume, "virtualmachineid", vm.uuid());
        String op = latestOp("VOLUME_RESTORE");
        Thread pass = heldPass(server);
        cloud.agents.awaitStarts(op, 1);
        cancel("virtualmachineid", vm.uuid());
        awaitCancelledOnTheAgent(op, pass);
        assertEquals("CANCELLED", opState(op));
        JsonObject job = assertCancelledJob(asked.get("jobid").getAsString());
        assertTrue(job.toString(), job.toString().contains("no volume was registered"));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM volume WHERE vm_id = ? AND removed IS NULL", vm.id()));
        assertEquals("BackedUp", status(backup));
    }

    @Test
    public void aQueuedAndARunningCompressionAreCancelledAndTheBackupKeepsItsWholeFiles() throws Exception {
        OrchestrationCloud.Vm vm = newVm(zstd);
        cloud.setting("backup.compression.task.enabled", "false");
        String first = backUp(vm);
        String firstOp = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = ? AND o.kind = 'COMPRESSION'", first);
        JsonObject queued = server.ok(admin, "listBackups", "id", first).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals("listBackups names the queued compression by the id cancelBackupOperation takes: " + queued,
                firstOp, queued.get("servicejobid").getAsString());
        assertEquals("Compression", queued.get("servicejobtype").getAsString());
        cancel("id", firstOp);
        assertEquals("CANCELLED", opState(firstOp));
        JsonObject listed = server.ok(admin, "listBackups", "id", first).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals(listed.toString(), "Uncompressed", listed.get("compressionstatus").getAsString());
        assertTrue(listed.toString(), listed.get("compressionerror").getAsString().contains("cancelled by admin"));
        assertFalse("a cancelled compression is no longer named: " + listed, listed.has("servicejobid"));

        String second = backUp(vm);
        String op = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = ? AND o.kind = 'COMPRESSION'", second);
        cloud.setting("backup.compression.task.enabled", "true");
        Thread pass = heldPass(server);
        cloud.agents.awaitStarts(op + "-1", 1);
        cancel("id", op);
        awaitCancelledOnTheAgent(op + "-1", pass);
        assertEquals("CANCELLED", opState(op));
        String reason = cloud.single("SELECT error FROM operation WHERE uuid = ?", op);
        assertTrue(reason, reason.contains("cancelled by admin") && reason.contains("files are whole"));
        assertEquals("BackedUp", status(second));
        JsonObject cancelled = server.ok(admin, "listBackups", "id", second).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals("as it was before the job", "Uncompressed", cancelled.get("compressionstatus").getAsString());
        assertTrue(cancelled.toString(), cancelled.get("compressionerror").getAsString().contains(
                "cancelled by admin")
                && cancelled.get("compressionerror").getAsString().contains(
                        "not compressed again by itself"));
        cloud.clock.advance(Duration.ofHours(3));
        assertEquals("not queued again by itself", 0, server.drain());
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = ? AND o.kind = 'COMPRESSION'", second));
    }

    @Test
    public void aBackupWhoseCompressionWasCancelledIsStillValidated() throws Exception {
        OrchestrationCloud.Vm vm = newVm(compressingAndValidating);
        cloud.setting("backup.compression.task.enabled", "false");
        String backup = backUp(vm);
        String op = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = ? AND o.kind = 'COMPRESSION'", backup);
        cloud.clock.advance(Duration.ofSeconds(31));
        server.drain();
        assertEquals("the validation waits for the compression", 0, cloud.count("SELECT COUNT(*) FROM operation o"
                + " JOIN backup b ON b.id = o.backup_id WHERE b.uuid = ? AND o.kind = 'VALIDATION'", backup));
        cancel("id", op);
        cloud.setting("backup.compression.task.enabled", "true");
        cloud.clock.advance(Duration.ofSeconds(31));
        server.drain();
        JsonObject b = server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals(b.toString(), "Uncompressed", b.get("compressionstatus").getAsString());
        assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
    }

    @Test
    public void aQueuedAndARunningValidationAreCancelledAndTheirBackupsAreUnableToValidate() throws Exception {
        OrchestrationCloud.Vm vm = newVm(validating);
        cloud.setting("backup.validation.task.enabled", "false");
        String first = backUp(vm);
        String second = backUp(vm);
        cloud.setting("backup.validation.task.enabled", "true");
        cloud.clock.advance(Duration.ofSeconds(31));
        Thread pass = heldPass(server); // queues both; one runs, the other waits (one validation per host)
        String running = null;
        String waiting = null;
        for (int i = 0; i < 1500 && (running == null || waiting == null); i++) {
            running = validation("RUNNING");
            waiting = validation("QUEUED");
            Thread.sleep(20);
        }
        cloud.agents.awaitStarts(running, 1);
        String runningBackup = cloud.single("SELECT b.uuid FROM operation o JOIN backup b ON b.id = o.backup_id"
                + " WHERE o.uuid = ?", running);
        JsonObject validating = server.ok(admin, "listBackups", "id", runningBackup).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals("listBackups names the running validation by its service job id: " + validating, running,
                validating.get("servicejobid").getAsString());
        assertEquals("Validation", validating.get("servicejobtype").getAsString());

        assertTrue(cancel("id", waiting).get("displaytext").getAsString().contains("was queued: it was dropped"));
        assertEquals("CANCELLED", opState(waiting));
        cancel("id", running);
        awaitCancelledOnTheAgent(running, pass);
        assertEquals("CANCELLED", opState(running));
        for (String backup : new String[]{first, second}) {
            JsonObject b = server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0)
                    .getAsJsonObject();
            assertEquals(b.toString(), "UnableToValidate", b.get("validationstatus").getAsString());
            assertTrue(b.toString(), b.get("validationreason").getAsString().contains("cancelled by admin"));
            assertEquals("BackedUp", status(backup));
        }
    }

    private static String validation(String state) {
        return cloud.sql.queryForList("SELECT uuid FROM operation WHERE kind = 'VALIDATION' AND state = ?",
                String.class, state).stream().findFirst().orElse(null);
    }

    @Test
    public void refusalsChangeNothing() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backUp(vm);
        String ended = latestOp("BACKUP");
        JsonObject r = server.refused(431, admin, "cancelBackupOperation", "id", ended);
        assertTrue(r.toString(), r.toString().contains("has already ended (SUCCEEDED)"));
        r = server.refused(431, admin, "cancelBackupOperation");
        assertTrue(r.toString(), r.toString().contains("Either jobid, virtualmachineid or id must be specified"));
        // A misspelt parameter is ignored as CloudStack ignores unknown ones: the answer lists the right ones...
        r = server.refused(431, admin, "cancelBackupOperation", "backupservicejobid", ended);
        assertTrue(r.toString(), r.toString().contains("Either jobid, virtualmachineid or id must be specified"));
        // ...and beside a right one it changes nothing.
        r = server.refused(431, admin, "cancelBackupOperation", "id", ended, "backupservicejobid", ended);
        assertTrue(r.toString(), r.toString().contains("has already ended (SUCCEEDED)"));
        r = server.refused(431, admin, "cancelBackupOperation", "id", ended, "virtualmachineid", vm.uuid());
        assertTrue(r.toString(), r.toString().contains("2 were given"));
        r = server.refused(431, admin, "cancelBackupOperation", "id", UUID.randomUUID().toString());
        assertTrue(r.toString(), r.toString().contains("No backup operation with id"));
        r = server.refused(431, admin, "cancelBackupOperation", "virtualmachineid", vm.uuid());
        assertTrue(r.toString(), r.toString().contains("has no queued or running"));

        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        r = server.refused(432, stranger, "cancelBackupOperation", "virtualmachineid", vm.uuid());
        assertTrue(r.toString(), r.toString().contains("belongs to another account"));
        r = server.refused(432, stranger, "cancelBackupOperation", "jobid", asked.get("jobid").getAsString());
        assertTrue(r.toString(), r.toString().contains("belongs to another account"));
        assertEquals("QUEUED", opState(latestOp("BACKUP")));
        server.drain();

        server.ok(admin, "deleteBackup", "id", backup);
        r = server.refused(431, admin, "cancelBackupOperation", "id", latestOp("DELETE"));
        assertTrue(r.toString(), r.toString().contains("cannot be cancelled"));
        assertEquals("QUEUED", opState(latestOp("DELETE")));
    }
}
