package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.plugin.backup.kboss.delete.RemovedBackupSweep;
import io.kboss.server.backup.schedule.BackupScheduler;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Each kind of operation runs through the queue to its end, started by its API command and answered
 * by its async job: createBackup (full, then an increment on it; a failed agent job; one past
 * kboss.timeout), restoreBackup (waiting behind a running backup, shown Queued on its backup), quick
 * restore, restoreVolumeFromBackupAndAttachToVM, deleteBackup (a merge; a forced delete of a backup that
 * never ran), retention after a schedule's backup, and the sweep of Removed backups. Real MariaDB, the
 * real server configuration with its loops off, the fake agent at the channel boundary.
 */
public class OperationKindsRunTest extends OneServerLab {

    /** It hung once beside a TCG test: a stuck test fails with its thread's stack instead of hanging the build. */
    @Rule
    public final Timeout perTest = Timeout.builder().withTimeout(3, TimeUnit.MINUTES)
            .withLookingForStuckThread(true).build();

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_kinds", "kinds", 4, "kind");
    }

    @After
    public void endHeldJobs() {
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        cloud.setting("backup.max.concurrent.operations.per.host", "0");
    }

    private static JsonObject backUp(OrchestrationCloud.Vm vm) {
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        return server.job(admin, asked.get("jobid").getAsString());
    }

    private static String id(JsonObject job) {
        return job.getAsJsonObject("jobresult").getAsJsonObject("backup").get("id").getAsString();
    }

    private static JsonObject listed(String backup) {
        return server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
    }

    /** A dispatcher pass in its own thread, the agents holding every job it starts RUNNING. */
    private static Thread passWithAgentsHeld() {
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        return pass;
    }

    private static String op(String kind) {
        return cloud.single("SELECT uuid FROM operation WHERE kind = ? ORDER BY id DESC LIMIT 1", kind);
    }

    @Test
    public void aBackupIsQueuedClaimedTakenAndItsJobAnswersTheBackupThenTheNextIsAnIncrementOnIt() {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        String backup = asked.get("id").getAsString();
        assertEquals("Queued", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
        String uuid = op("BACKUP");
        assertEquals("QUEUED", cloud.single("SELECT state FROM operation WHERE uuid = ?", uuid));
        assertEquals("the job is pending until the operation ends", 0,
                server.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());

        assertEquals(1, server.pass());

        JsonObject done = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        JsonObject b = done.getAsJsonObject("jobresult").getAsJsonObject("backup");
        assertEquals("BackedUp", b.get("status").getAsString());
        assertEquals("Full", b.get("type").getAsString());
        assertEquals(FakeAgents.FILE_BYTES, b.get("size").getAsLong());
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE uuid = ?", uuid));
        assertEquals("the agent got the operation's uuid as request id", 1, cloud.agents.startsOf(uuid));
        assertEquals("the VM is free again", 0, cloud.count("SELECT COUNT(*) FROM operation WHERE vm_lock = ?",
                vm.id()));

        JsonObject next = backUp(vm);
        JsonObject increment = next.getAsJsonObject("jobresult").getAsJsonObject("backup");
        assertEquals("Incremental", increment.get("type").getAsString());
        assertEquals(backup, increment.get("parentid").getAsString());
    }

    @Test
    public void anAgentJobThatFailsWithDisksUntouchedEndsTheBackupFailedAndItsJobSaysWhy() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        Thread pass = passWithAgentsHeld();
        String uuid = op("BACKUP");
        cloud.agents.awaitStarts(uuid, 1);
        cloud.agents.fail(uuid, true, "the store is full");
        pass.join();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertEquals(530, job.getAsJsonObject("jobresult").get("errorcode").getAsInt());
        assertTrue(job.toString(), job.toString().contains("ended Failed") && job.toString().contains("the store is "
                + "full"));
        assertEquals("Failed", cloud.single("SELECT status FROM backup WHERE uuid = ?", asked.get("id")
                .getAsString()));
        assertEquals("FAILED", cloud.single("SELECT state FROM operation WHERE uuid = ?", uuid));
        assertEquals("Stopped", cloud.single("SELECT state FROM vm_instance WHERE id = ?", vm.id()));
    }

    @Test
    public void aBackupPastKbossTimeoutIsCancelledOnTheAgentAndEndsByWhatTheAgentConfirms() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        Thread pass = passWithAgentsHeld();
        String uuid = op("BACKUP");
        cloud.agents.awaitStarts(uuid, 1);
        cloud.clock.advance(Duration.ofSeconds(43201));
        cloud.agents.poke();
        pass.join();
        assertEquals("the agent was told to cancel it", "CANCELLED", cloud.agents.state(uuid).name());
        String error = cloud.single("SELECT error FROM backup WHERE uuid = ?", asked.get("id").getAsString());
        assertTrue(error, error.contains("did not finish within kboss.timeout (43200 s)")
                && error.contains("cancelled on the agent"));
        assertEquals("the agent confirmed the disks are consistent", "Failed",
                cloud.single("SELECT status FROM backup WHERE uuid = ?", asked.get("id").getAsString()));
    }

    @Test
    public void aRestoreWaitsShownQueuedOnItsBackedUpBackupThenRestoresAndEndsTheChain() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        OrchestrationCloud.Vm neighbour = cloud.vm("kind-nb-" + vms, vm.hostId());
        String backup = id(backUp(vm));
        cloud.setting("backup.max.concurrent.operations.per.host", "1");
        server.ok(admin, "createBackup", "virtualmachineid", neighbour.uuid());
        Thread pass = passWithAgentsHeld();
        cloud.agents.awaitStarts(op("BACKUP"), 1);

        JsonObject asked = server.ok(admin, "restoreBackup", "id", backup);
        assertEquals("no slot: nothing claimed", 0, server.pass());
        JsonObject waiting = listed(backup);
        assertEquals(waiting.toString(), "BackedUp", waiting.get("status").getAsString());
        assertEquals(waiting.toString(), "Queued", waiting.get("restorestatus").getAsString());

        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        pass.join();
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertEquals("VM " + vm.name() + " restored from backup " + backup,
                job.getAsJsonObject("jobresult").get("displaytext").getAsString());
        JsonObject after = listed(backup);
        assertEquals("BackedUp", after.get("status").getAsString());
        assertFalse(after.toString(), after.has("restorestatus"));
        assertEquals("the restore ended the VM's chain: its next backup is full", "Full",
                backUp(vm).getAsJsonObject("jobresult").getAsJsonObject("backup").get("type").getAsString());
    }

    @Test
    public void aQuickRestoreAnswersThatTheVmRunsOnConsolidatedDisks() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = id(backUp(vm));
        JsonObject asked = server.ok(admin, "restoreBackup", "id", backup, "quickrestore", "true");
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("with quick restore: it runs on consolidated disks"));
        assertEquals(2, cloud.count("SELECT COUNT(*) FROM operation WHERE vm_id = ? AND state = 'SUCCEEDED'",
                vm.id()));
    }

    @Test
    public void aVolumeRestoreWritesANewFileAttachesItAndRegistersItAsTheVmsDataDisk() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = id(backUp(vm));
        String volume = cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", vm.id());
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid",
                volume, "virtualmachineid", vm.uuid());
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        String text = job.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains("attached to VM " + vm.name() + " as vdb"));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM volume WHERE vm_id = ? AND volume_type = 'DATADISK' AND"
                + " device = 'vdb' AND path LIKE '%restored-%'", vm.id()));
        assertEquals("BackedUp", listed(backup).get("status").getAsString());
    }

    @Test
    public void aDeleteMergesTheBackupIntoItsSurvivorAndGivesTheFreedBytesBack() {
        OrchestrationCloud.Vm vm = newVm();
        List<String> backups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backups.add(id(backUp(vm)));
        }
        long used = cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId());
        JsonObject asked = server.ok(admin, "deleteBackup", "id", backups.get(1));
        assertEquals("hidden at once", 2, server.ok(admin, "listBackups", "virtualmachineid", vm.uuid())
                .getAsJsonArray("backup").size());
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertEquals("backup " + backups.get(1) + " merged into backup " + backups.get(2),
                job.getAsJsonObject("jobresult").get("displaytext").getAsString());
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = ?", backups.get(1)));
        JsonObject survivor = listed(backups.get(2));
        assertEquals(backups.get(0), survivor.get("parentid").getAsString());
        assertEquals(2 * FakeAgents.FILE_BYTES, survivor.get("size").getAsLong());
        assertEquals(used - FakeAgents.FILE_BYTES, cloud.count("SELECT used_bytes FROM image_store WHERE id = ?",
                cloud.storeId()));
        assertEquals("the merge's growth is recorded for the storage history, with when it happened",
                "MERGE " + FakeAgents.FILE_BYTES + " " + 2 * FakeAgents.FILE_BYTES,
                cloud.single("SELECT CONCAT(c.reason,"
                        + " ' ', c.size_before, ' ', c.size_after) FROM backup_size_change c JOIN backup b"
                        + " ON b.id = c.backup_id WHERE b.uuid = ?", backups.get(2)));
    }

    @Test
    public void aForcedDeleteOfABackupThatNeverRanCancelsItsQueuedOperationAndItsJobSaysSo() {
        OrchestrationCloud.Vm vm = newVm();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        String backup = asked.get("id").getAsString();
        JsonObject refused = server.refused(431, admin, "deleteBackup", "id", backup);
        assertTrue(refused.toString(), refused.toString().contains("use forced=true"));
        assertFalse("the refusal names the backup by uuid: " + refused, refused.toString().matches(
                ".*backup \\d+ .*"));
        JsonObject deleted = server.ok(admin, "deleteBackup", "id", backup, "forced", "true");
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("was deleted (forced) before it started"));
        assertEquals("CANCELLED", cloud.single("SELECT state FROM operation WHERE backup_id = (SELECT id FROM"
                + " backup WHERE uuid = ?) AND kind = 'BACKUP'", backup));
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
        assertEquals(1, server.endedJob(admin, deleted.get("jobid").getAsString()).get("jobstatus").getAsInt());
        assertEquals("nothing runs: nothing to claim", 0, server.pass());
    }

    @Test
    public void retentionAfterAScheduledBackupDeletesTheBackupsPastMaxbackupsThroughTheQueue() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String schedule = server.ok(admin, "createBackupSchedule", "virtualmachineid", vm.uuid(), "intervaltype",
                "HOURLY", "schedule", "30", "timezone", "UTC", "maxbackups", "1").getAsJsonObject("backupschedule")
                .get("id").getAsString();
        long scheduleId = cloud.count("SELECT id FROM backup_schedule WHERE uuid = ?", schedule);
        BackupSchedule parsed = BackupSchedule.parse(scheduleId, "HOURLY", "30", "UTC");
        Instant at = cloud.clock.instant();
        for (int firing = 1; firing <= 2; firing++) {
            at = parsed.nextFiringAfter(at).scheduledAt().plusSeconds(20);
            cloud.clock.set(at);
            assertEquals(1, server.bean(BackupScheduler.class).withClock(cloud.clock).runDueFirings());
            server.drain(); // the backup, then (after the second) its retention
        }
        assertEquals("the older scheduled backup is gone, the newer kept", 1, cloud.count("SELECT COUNT(*) FROM"
                + " backup WHERE schedule_id = ? AND status = 'BackedUp'", scheduleId));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM backup WHERE schedule_id = ? AND status = 'Expunged'",
                scheduleId));
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE kind = 'DELETE' AND origin ="
                + " 'RETENTION' AND vm_id = ?", vm.id()));
    }

    @Test
    public void theSweepOfRemovedBackupsFinishesADeleteThatStoppedHalfWay() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String only = id(backUp(vm));
        JsonObject asked = server.ok(admin, "deleteBackup", "id", only);
        Thread pass = passWithAgentsHeld();
        String remove = op("DELETE") + "-remove-" + only;
        cloud.agents.awaitStarts(remove, 1);
        cloud.agents.fail(remove, true, "the file is missing");
        pass.join();
        cloud.agents.finishAtOnce();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("stay Removed"));
        assertEquals("Removed", cloud.single("SELECT status FROM backup WHERE uuid = ?", only));

        cloud.setting("backup.removed.sweep.interval", "60");
        RemovedBackupSweep sweep = server.bean(RemovedBackupSweep.class);
        sweep.check(); // the first check only starts the interval
        cloud.clock.advance(Duration.ofSeconds(61));
        assertEquals(1, sweep.check());
        server.drain();
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = ?", only));
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE kind = 'DELETE' AND origin ="
                + " 'SWEEP' AND vm_id = ?", vm.id()));
        JsonArray left = server.ok(admin, "listBackups", "virtualmachineid", vm.uuid()).getAsJsonArray("backup");
        assertTrue(String.valueOf(left), left == null || left.size() == 0);
    }
}
