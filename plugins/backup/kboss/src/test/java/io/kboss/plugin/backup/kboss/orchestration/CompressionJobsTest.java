package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CompressionLibrary;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobState;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Compression jobs on the queue, end to end through the server's configuration with the fake agent: a
 * backup of a compressing offering is queued for compression when it ends BackedUp (and only then), the
 * task switch holds them queued, the agent gets the offering's library and the settings, listBackups shows
 * statuses, progress and sizes, a failed attempt is retried after the interval and the last one ends
 * CompressionError, the timeout cancels the agent's job, a compression and a restore of the same VM never
 * run together, and listBackupServiceJobs lists them (and refuses bad input).
 */
public class CompressionJobsTest extends OneServerLab {
    /** A second server, for what one server hands to another. */
    private static OrchestrationServer other;
    private static long zstd;
    private static long zlib;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_compression", "compress", 4, "cmp");
        other = cloud.server("ms-2", 4);
        zstd = cloud.offering("compress-zstd", "compress", "true", "compressionlibrary", "zstd", "allowquickrestore",
                "true");
        zlib = cloud.offering("compress-zlib", "compress", "true", "compressionlibrary", "zlib");
    }

    @Before
    public void defaults() {
        cloud.setting("backup.compression.task.enabled", "true");
        cloud.setting("backup.compression.max.job.retries", "2");
        cloud.setting("backup.compression.timeout", "28800");
    }

    /** Ends what a test left held, queued or waiting for a retry, so the next test's passes find nothing of it. */
    @After
    public void cleanUp() {
        endLeftoversAndRetries();
    }

    /** Takes a backup of the VM with compressions switched off; returns its uuid. */
    private static String backUpWithCompressionOff(OrchestrationCloud.Vm vm) {
        cloud.setting("backup.compression.task.enabled", "false");
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        cloud.setting("backup.compression.task.enabled", "true");
        return asked.get("id").getAsString();
    }

    private static JsonObject listed(String backup) {
        return server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
    }

    private static String compression(String backup) {
        return cloud.single("SELECT uuid FROM operation WHERE kind = 'COMPRESSION' AND backup_id ="
                + " (SELECT id FROM backup WHERE uuid = ?)", backup);
    }

    private static String opState(String op) {
        return cloud.single("SELECT state FROM operation WHERE uuid = ?", op);
    }

    /** A compression of a new backup, started by a pass of {@code s} and held running on the agent. */
    private record Held(String backup, String op, Thread pass) {
    }

    private static Held compressionHeldOnTheAgent(OrchestrationServer s) throws InterruptedException {
        OrchestrationCloud.Vm vm = newVm(zstd);
        String backup = backUpWithCompressionOff(vm);
        String op = compression(backup);
        cloud.agents.hold();
        Thread pass = s.passInBackground();
        cloud.agents.awaitStarts(op + "-1", 1);
        return new Held(backup, op, pass);
    }

    @Test
    public void aBackupOfACompressingOfferingIsCompressedAfterItEndsBackedUpAndShowsItsSizesBeforeAndAfter() {
        cloud.setting("backup.compression.coroutines", "3");
        cloud.setting("backup.compression.rate.limit", "40");
        cloud.setting("backup.compression.minimum.free.storage", "1.5");
        try {
            OrchestrationCloud.Vm vm = newVm(zstd);
            String backup = backUpWithCompressionOff(vm);
            String op = compression(backup);
            assertEquals("queued when the backup ended BackedUp", "QUEUED", opState(op));
            JsonObject before = listed(backup);
            assertEquals("Uncompressed", before.get("compressionstatus").getAsString());
            assertEquals("zstd", before.get("compressionlibrary").getAsString());
            long usedBefore = cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId());

            assertEquals(1, server.drain());

            assertEquals("SUCCEEDED", opState(op));
            JsonObject after = listed(backup);
            assertEquals("Compressed", after.get("compressionstatus").getAsString());
            assertEquals(FakeAgents.FILE_BYTES, after.get("uncompressedsize").getAsLong());
            assertEquals(FakeAgents.COMPRESSED_BYTES, after.get("size").getAsLong());
            assertEquals("the shrink is recorded for the storage history",
                    "COMPRESSION " + FakeAgents.FILE_BYTES + " " + FakeAgents.COMPRESSED_BYTES, cloud.single(
                            "SELECT CONCAT(c.reason, ' ', c.size_before, ' ', c.size_after) FROM backup_size_change c"
                                    + " JOIN backup b ON b.id = c.backup_id WHERE b.uuid = ?",
                            backup));
            assertFalse("no progress once it ended", after.has("compressionprogress"));
            assertEquals("the store's used bytes went down by what compression saved",
                    usedBefore - (FakeAgents.FILE_BYTES - FakeAgents.COMPRESSED_BYTES),
                    cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId()));
            CompressBackupCommand sent = (CompressBackupCommand) cloud.agents.command(op + "-1");
            assertEquals(CompressionLibrary.ZSTD, sent.library);
            assertEquals(3, sent.coroutines);
            assertEquals(40, sent.rateLimitMibPerSecond);
            assertEquals(1.5, sent.minimumFreeStorage, 0.0);
            assertEquals(28800, sent.timeoutSeconds);
            assertEquals(1, sent.paths.size());
            assertTrue(sent.paths.get(0), sent.paths.get(0).endsWith(backup + ".qcow2"));
        } finally {
            cloud.setting("backup.compression.coroutines", "1");
            cloud.setting("backup.compression.rate.limit", "0");
            cloud.setting("backup.compression.minimum.free.storage", "1");
        }
    }

    @Test
    public void aBackupOfAnOfferingThatDoesNotCompressQueuesNoCompression() {
        OrchestrationCloud.Vm vm = cloud.vm("cmp-plain", cloud.host("cmp-plain-h"));
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        String backup = asked.get("id").getAsString();

        assertEquals(0, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND backup_id ="
                + " (SELECT id FROM backup WHERE uuid = ?)", backup));
        assertEquals("Uncompressed", listed(backup).get("compressionstatus").getAsString());
    }

    @Test
    public void aFailedBackupQueuesNoCompression() throws Exception {
        OrchestrationCloud.Vm vm = newVm(zstd);
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        String op = cloud.single("SELECT uuid FROM operation WHERE kind = 'BACKUP' ORDER BY id DESC LIMIT 1");
        cloud.agents.awaitStarts(op, 1);
        cloud.agents.fail(op, true, "the store is gone");
        pass.join();

        assertEquals("Failed", cloud.single("SELECT status FROM backup WHERE uuid = ?", asked.get("id").getAsString()));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND backup_id ="
                + " (SELECT id FROM backup WHERE uuid = ?)", asked.get("id").getAsString()));
    }

    @Test
    public void whileTheTaskIsSwitchedOffCompressionsStayQueuedPastTheirTimeoutAndRunOnceItIsOn() {
        OrchestrationCloud.Vm vm = newVm(zlib);
        cloud.setting("backup.compression.task.enabled", "false");
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        String op = compression(asked.get("id").getAsString());
        cloud.clock.advance(Duration.ofHours(9));

        assertEquals(0, server.drain());
        assertEquals("queue waits are not bounded by backup.compression.timeout", "QUEUED", opState(op));

        cloud.setting("backup.compression.task.enabled", "true");
        assertEquals(1, server.drain());
        assertEquals("SUCCEEDED", opState(op));
        assertEquals(CompressionLibrary.ZLIB, ((CompressBackupCommand) cloud.agents.command(op + "-1")).library);
        assertEquals("Compressed", listed(asked.get("id").getAsString()).get("compressionstatus").getAsString());
    }

    @Test
    public void aRunningCompressionShowsItsProgressAndFinalizingCompressionOnceTheAgentReplacesFiles()
            throws Exception {
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        String op = held.op();
        Thread pass = held.pass();

        cloud.agents.progress(op + "-1", "compressing vda", 300, 1000);
        awaitStatus(backup, "Compressing", 30);
        assertEquals(30, listed(backup).get("compressionprogress").getAsInt());
        JsonObject job = awaitJobProgress(backup, 300);
        assertEquals(job.toString(), "Running", job.get("state").getAsString());
        assertEquals(30, job.get("progress").getAsInt());
        assertEquals(1000, job.get("progresstotal").getAsLong());
        assertEquals("compressing vda", job.get("phase").getAsString());
        cloud.agents.progress(op + "-1", "replacing " + backup + ".qcow2", 990, 1000);
        awaitStatus(backup, "FinalizingCompression", 99);
        cloud.agents.finish(op + "-1");
        pass.join();

        assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
    }

    /** The backup's service job once listBackupServiceJobs shows {@code done} units of its running attempt. */
    private static JsonObject awaitJobProgress(String backup, long done) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray(
                    "backupservicejob").get(0).getAsJsonObject();
            if (job.has("progressdone") && job.get("progressdone").getAsLong() == done) {
                return job;
            }
            cloud.agents.poke();
            Thread.sleep(10);
        }
        throw new AssertionError("backup " + backup + "'s job never showed " + done + " done");
    }

    /** Waits until the handler recorded what the agent reported (it polls it in the pass's thread). */
    private static void awaitStatus(String backup, String status, int progress) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            JsonObject b = listed(backup);
            if (status.equals(b.get("compressionstatus").getAsString()) && b.has("compressionprogress")
                    && b.get("compressionprogress").getAsInt() == progress) {
                return;
            }
            cloud.agents.poke();
            Thread.sleep(10);
        }
        throw new AssertionError("backup " + backup + " never showed " + status + " at " + progress + "%: "
                + listed(backup));
    }

    @Test
    public void aFailedAttemptIsRetriedAfterTheIntervalAndTheLastEndsCompressionErrorWithTheReason()
            throws Exception {
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        String op = held.op();
        Thread pass = held.pass();
        cloud.agents.fail(op + "-1", ErrorCode.NOT_ENOUGH_SPACE, true, "the store has 1 MiB free, 2 MiB needed");
        pass.join();

        assertEquals("waits for its retry", "QUEUED", opState(op));
        JsonObject waiting = listed(backup);
        assertEquals("Uncompressed", waiting.get("compressionstatus").getAsString());
        assertTrue(waiting.toString(), waiting.get("compressionerror").getAsString().contains("2 MiB needed"));
        JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray(
                "backupservicejob").get(0).getAsJsonObject();
        assertEquals(job.toString(), "WaitingForRetry", job.get("state").getAsString());
        assertTrue(job.toString(), job.has("scheduleddate") && !job.has("progress"));
        assertEquals("not before backup.compression.retry.interval", 0, server.drain());

        cloud.clock.advance(Duration.ofMinutes(61));
        pass = server.passInBackground();
        cloud.agents.awaitStarts(op + "-2", 1);
        cloud.agents.fail(op + "-2", ErrorCode.NOT_ENOUGH_SPACE, true, "still only 1 MiB free, 2 MiB needed");
        pass.join();

        assertEquals("FAILED", opState(op));
        JsonObject failed = listed(backup);
        assertEquals("CompressionError", failed.get("compressionstatus").getAsString());
        assertTrue(failed.toString(), failed.get("compressionerror").getAsString().contains("attempt 2"));
        assertTrue(failed.toString(), failed.get("compressionerror").getAsString().contains("still only 1 MiB"));
        assertEquals("the backup itself is untouched", "BackedUp", failed.get("status").getAsString());
        assertEquals(FakeAgents.FILE_BYTES, failed.get("size").getAsLong());
        assertTrue(cloud.single("SELECT error FROM operation WHERE uuid = ?", op).contains("last attempt"));
    }

    @Test
    public void anAttemptPastTheTimeoutIsCancelledOnTheAgentAndRetried() throws Exception {
        cloud.setting("backup.compression.timeout", "600");
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        String op = held.op();
        Thread pass = held.pass();
        assertEquals("the agent is told the timeout too", 600,
                ((CompressBackupCommand) cloud.agents.command(op + "-1")).timeoutSeconds);

        cloud.clock.advance(Duration.ofSeconds(600 + 61));
        cloud.agents.poke();
        pass.join();

        assertEquals("the server cancelled the agent's job", JobState.CANCELLED, cloud.agents.state(op + "-1"));
        assertEquals("QUEUED", opState(op));
        JsonObject b = listed(backup);
        assertEquals("Uncompressed", b.get("compressionstatus").getAsString());
        assertTrue(b.toString(),
                b.get("compressionerror").getAsString().contains("backup.compression.timeout (600 s)"));
    }

    @Test
    public void theTimeoutIsReadAtTheClusterOfTheHostThatRunsTheCompression() throws Exception {
        cloud.sql.update("INSERT INTO cluster (uuid, zone_id, name) VALUES (UUID(), ?, 'cmp-timeout-cluster')",
                cloud.zoneId());
        long clusterId = cloud.count("SELECT id FROM cluster WHERE name = 'cmp-timeout-cluster'");
        vms++;
        long host = cloud.host("cmp-h" + vms);
        cloud.sql.update("UPDATE host SET cluster_id = ? WHERE id = ?", clusterId, host);
        cloud.sql.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES"
                + " ('backup.compression.timeout', 'CLUSTER', ?, '900', '2026-03-01 08:00:00.000')", clusterId);
        cloud.zoneSetting("backup.compression.timeout", "50000");
        try {
            OrchestrationCloud.Vm vm = cloud.vm("cmp-" + vms, host, zstd);
            String backup = backUpWithCompressionOff(vm);
            String op = compression(backup);
            cloud.agents.hold();
            Thread pass = server.passInBackground();
            cloud.agents.awaitStarts(op + "-1", 1);
            assertEquals(900, ((CompressBackupCommand) cloud.agents.command(op + "-1")).timeoutSeconds);

            cloud.clock.advance(Duration.ofSeconds(900 + 61));
            cloud.agents.poke();
            pass.join();

            assertEquals("the server ended the attempt at the cluster's timeout, not the zone's",
                    JobState.CANCELLED, cloud.agents.state(op + "-1"));
            assertTrue(listed(backup).toString(), listed(backup).get("compressionerror").getAsString().contains(
                    "backup.compression.timeout (900 s)"));
        } finally {
            cloud.sql.update("DELETE FROM configuration_value WHERE name = 'backup.compression.timeout'"
                    + " AND scope IN ('CLUSTER', 'ZONE')");
        }
    }

    @Test
    public void aCompressionWhoseBackupsHostIsFullIsQueuedOnAnotherUpHostOfTheZoneAndRunsThere() {
        cloud.setting("backup.compression.max.concurrent.operations.per.host", "1");
        try {
            OrchestrationCloud.Vm vm = newVm(zstd);
            cloud.setting("backup.compression.task.enabled", "false");
            String first = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
            server.drain();
            String second = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
            server.drain();
            long firstHost = cloud.count("SELECT host_id FROM operation WHERE uuid = ?", compression(first));
            long secondHost = cloud.count("SELECT host_id FROM operation WHERE uuid = ?", compression(second));
            assertEquals("the backup's own host while it has room", vm.hostId(), firstHost);
            assertFalse("its host is full (per host 1): another host takes it", secondHost == vm.hostId());
            assertEquals("an Up host of the backup's zone", "Up", cloud.single("SELECT status FROM host WHERE id = ?"
                    + " AND zone_id = ?", secondHost, cloud.zoneId()));

            cloud.setting("backup.compression.task.enabled", "true");
            server.drain();
            assertEquals("Compressed", listed(first).get("compressionstatus").getAsString());
            assertEquals("Compressed", listed(second).get("compressionstatus").getAsString());
            JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", second).getAsJsonArray(
                    "backupservicejob").get(0).getAsJsonObject();
            assertEquals(cloud.single("SELECT uuid FROM host WHERE id = ?", secondHost), job.get("hostid")
                    .getAsString());
        } finally {
            cloud.setting("backup.compression.max.concurrent.operations.per.host", "5");
        }
    }

    @Test
    public void aRetryWhoseHostWentDownMeanwhileIsPlacedOnAnotherUpHostOfTheZoneAndRunsThere() throws Exception {
        Held held = compressionHeldOnTheAgent(server);
        String op = held.op();
        long own = cloud.count("SELECT host_id FROM operation WHERE uuid = ?", op);
        cloud.agents.fail(op + "-1", ErrorCode.FAILED, true, "the store is not mounted");
        held.pass().join();
        assertEquals("QUEUED", opState(op));
        assertEquals("its host is Up with room: the retry waits there", own, cloud.count("SELECT host_id FROM"
                + " operation WHERE uuid = ?", op));

        cloud.sql.update("UPDATE host SET status = 'Down' WHERE id = ?", own);
        try {
            cloud.agents.finishAtOnce();
            cloud.clock.advance(Duration.ofMinutes(61));
            server.drain();

            long ran = cloud.count("SELECT host_id FROM operation WHERE uuid = ?", op);
            assertFalse("not the Down host", ran == own);
            assertEquals("an Up host of the backup's zone", "Up", cloud.single("SELECT status FROM host WHERE id = ?"
                    + " AND zone_id = ?", ran, cloud.zoneId()));
            assertEquals("the second attempt went to that host's agent", ran, cloud.agents.hostOf(op + "-2"));
            assertEquals("SUCCEEDED", opState(op));
            assertEquals(2, cloud.count("SELECT attempts FROM operation WHERE uuid = ?", op));
            assertEquals("Compressed", listed(held.backup()).get("compressionstatus").getAsString());
        } finally {
            cloud.sql.update("UPDATE host SET status = 'Up' WHERE id = ?", own);
        }
    }

    @Test
    public void compressBackupQueuesAFailedOrCancelledCompressionAgainAndRefusesWhatItCannotDo() throws Exception {
        cloud.setting("backup.compression.max.job.retries", "1");
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        cloud.agents.fail(held.op() + "-1", ErrorCode.NOT_ENOUGH_SPACE, true, "the store has 1 MiB free");
        held.pass().join();
        assertEquals("CompressionError", listed(backup).get("compressionstatus").getAsString());
        cloud.agents.finishAtOnce();

        JsonObject job = server.ok(admin, "compressBackup", "id", backup).getAsJsonObject("backupservicejob");
        String again = job.get("id").getAsString();
        assertFalse("a new job", again.equals(held.op()));
        assertEquals(job.toString(), "Queued", job.get("state").getAsString());
        assertEquals("Compression", job.get("type").getAsString());
        assertEquals(backup, job.get("backupid").getAsString());
        assertEquals(0, job.get("attempts").getAsInt());
        JsonObject waiting = listed(backup);
        assertEquals("Uncompressed", waiting.get("compressionstatus").getAsString());
        assertFalse("the last failure's reason is cleared", waiting.has("compressionerror"));
        JsonObject twice = server.refused(431, admin, "compressBackup", "id", backup);
        assertTrue(twice.toString(), twice.get("errortext").getAsString().contains(again)
                && twice.get("errortext").getAsString().contains("queued"));
        server.drain();
        assertEquals("SUCCEEDED", opState(again));
        assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
        JsonObject done = server.refused(431, admin, "compressBackup", "id", backup);
        assertTrue(done.toString(), done.get("errortext").getAsString().contains("is Compressed"));

        String cancelled = backUpWithCompressionOff(newVm(zlib));
        server.ok(admin, "cancelBackupOperation", "id", compression(cancelled));
        assertEquals("Uncompressed", listed(cancelled).get("compressionstatus").getAsString());
        server.ok(admin, "compressBackup", "id", cancelled);
        server.drain();
        JsonObject compressed = listed(cancelled);
        assertEquals("Compressed", compressed.get("compressionstatus").getAsString());
        assertEquals("the offering's library", "zlib", compressed.get("compressionlibrary").getAsString());

        OrchestrationCloud.Vm plain = cloud.vm("cmp-plain-again", cloud.host("cmp-plain-again-h"));
        String uncompressing = server.ok(admin, "createBackup", "virtualmachineid", plain.uuid()).get("id")
                .getAsString();
        server.drain();
        JsonObject refused = server.refused(431, admin, "compressBackup", "id", uncompressing);
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains("does not compress"));
        JsonObject unknown = server.refused(431, admin, "compressBackup", "id", "8d6f2b4e-1a3c-4e5f-9a7b-0c1d2e3f4a5b");
        assertTrue(unknown.toString(), unknown.get("errortext").getAsString().contains("id"));
        server.refused(431, admin, "compressBackup");
        assertEquals("the failed job and the one queued again; none for the refusals", 2, cloud.count("SELECT"
                + " COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND backup_id IN (SELECT id FROM backup WHERE"
                + " uuid IN (?, ?))", uncompressing, backup));
    }

    @Test
    public void aCompressionWaitsWhileARestoreOfItsVmRunsAndARestoreWaitsWhileACompressionRuns() throws Exception {
        OrchestrationCloud.Vm vm = newVm(zstd);
        String backup = backUpWithCompressionOff(vm);
        String compression = compression(backup);
        // A restore runs first: the compression of a backup of the same VM waits behind it.
        cloud.setting("backup.compression.task.enabled", "false");
        server.ok(admin, "restoreBackup", "id", backup);
        String restore = cloud.single("SELECT uuid FROM operation WHERE kind = 'RESTORE' ORDER BY id DESC LIMIT 1");
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        cloud.agents.awaitStarts(restore, 1);
        cloud.setting("backup.compression.task.enabled", "true");

        assertEquals("the compression waits while the restore runs", 0, other.pass());
        assertEquals("QUEUED", opState(compression));
        cloud.agents.finish(restore);

        // The same pass goes on to the compression group and starts it: a second restore waits behind it.
        cloud.agents.awaitStarts(compression + "-1", 1);
        server.ok(admin, "restoreBackup", "id", backup);
        String second = cloud.single("SELECT uuid FROM operation WHERE kind = 'RESTORE' ORDER BY id DESC LIMIT 1");
        assertEquals("the restore waits while the compression runs", 0, other.pass());
        assertEquals("QUEUED", opState(second));
        cloud.agents.finish(compression + "-1");
        pass.join();
        cloud.agents.finishAtOnce();

        assertEquals(1, other.drain());
        assertEquals("SUCCEEDED", opState(second));
        assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
    }

    @Test
    public void aRestoreThatWaitedBehindACompressionPastKbossTimeoutSaysItWaitedForTheCompression()
            throws Exception {
        cloud.zoneSetting("kboss.timeout", "20");
        try {
            Held held = compressionHeldOnTheAgent(server);
            server.ok(admin, "restoreBackup", "id", held.backup());
            String restore = cloud.single("SELECT uuid FROM operation WHERE kind = 'RESTORE' ORDER BY id DESC"
                    + " LIMIT 1");
            cloud.clock.advance(Duration.ofSeconds(30));

            other.pass();

            assertEquals("FAILED", opState(restore));
            String error = cloud.single("SELECT error FROM operation WHERE uuid = ?", restore);
            assertTrue(error, error.contains("kboss.timeout (20 s) and did not start (last: VM "));
            assertTrue(error, error.contains("is busy: a compression of it is running"));
            assertEquals("the compression goes on", "RUNNING", opState(held.op()));
            cloud.agents.finish(held.op() + "-1");
            held.pass().join();
        } finally {
            cloud.sql.update("DELETE FROM configuration_value WHERE name = 'kboss.timeout'");
        }
    }

    @Test
    public void aServerThatDiesMidCompressionIsAdoptedAndTheSameAgentJobFollowed() throws Exception {
        OrchestrationServer dying = cloud.server("ms-dying", 4);
        Held held = compressionHeldOnTheAgent(dying);
        String backup = held.backup();
        String op = held.op();
        Thread pass = held.pass();
        dying.kill();
        pass.interrupt();
        pass.join();

        cloud.clock.advance(OrchestrationServer.LEASE.plusSeconds(1));
        pass = other.passInBackground();
        cloud.agents.awaitStarts(op + "-1", 2);
        cloud.agents.finish(op + "-1");
        pass.join();

        assertEquals("one agent job, started by the dead server and again by the adopting one", 1,
                cloud.agents.requestsOf(CompressBackupCommand.class).stream().filter(r -> r.startsWith(op)).count());
        assertEquals("SUCCEEDED", opState(op));
        assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
    }

    @Test
    public void anAgentKilledMidCompressionFailsTheAttemptAndTheNextAttemptCompresses() throws Exception {
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        String op = held.op();
        Thread pass = held.pass();
        cloud.agents.fail(op + "-1", ErrorCode.AGENT_RESTARTED, true,
                "the agent stopped while the job ran; its partial copy was deleted at start");
        pass.join();
        cloud.agents.finishAtOnce();
        assertEquals("Uncompressed", listed(backup).get("compressionstatus").getAsString());

        cloud.clock.advance(Duration.ofMinutes(61));
        assertEquals(1, server.drain());

        assertEquals("SUCCEEDED", opState(op));
        assertEquals(2L, cloud.count("SELECT attempts FROM operation WHERE uuid = ?", op));
        assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
    }

    @Test
    public void aCompressedBackupThatADeleteMergesItsParentIntoIsUncompressedAgainAndCompressedAgain() {
        OrchestrationCloud.Vm vm = newVm(zstd);
        List<String> chain = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            chain.add(server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString());
            server.drain();
        }
        chain.forEach(b -> assertEquals("Compressed", listed(b).get("compressionstatus").getAsString()));

        server.ok(admin, "deleteBackup", "id", chain.get(1));
        assertEquals("the delete, then the survivor's new compression after it", 2, server.drain());

        JsonObject survivor = listed(chain.get(2));
        assertEquals("Compressed", survivor.get("compressionstatus").getAsString());
        assertEquals(2L, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state = 'SUCCEEDED'"
                + " AND backup_id = (SELECT id FROM backup WHERE uuid = ?)", chain.get(2)));
        assertEquals("the full was not rewritten", 1L, cloud.count("SELECT COUNT(*) FROM operation WHERE kind ="
                + " 'COMPRESSION' AND backup_id = (SELECT id FROM backup WHERE uuid = ?)", chain.get(0)));
    }

    @Test
    public void listBackupServiceJobsListsCompressionsByBackupHostZoneAndStateWithUuidsOnly() {
        OrchestrationCloud.Vm vm = newVm(zstd);
        String done = backUpWithCompressionOff(vm);
        server.drain();
        cloud.setting("backup.compression.task.enabled", "false");
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        String waiting = asked.get("id").getAsString();
        String hostUuid = cloud.single("SELECT uuid FROM host WHERE id = ?", vm.hostId());

        JsonObject all = server.ok(admin, "listBackupServiceJobs", "hostid", hostUuid);
        assertEquals(2, all.get("count").getAsInt());
        JsonArray jobs = all.getAsJsonArray("backupservicejob");
        JsonObject newest = jobs.get(0).getAsJsonObject();
        assertEquals(compression(waiting), newest.get("id").getAsString());
        assertEquals(waiting, newest.get("backupid").getAsString());
        assertEquals(hostUuid, newest.get("hostid").getAsString());
        assertEquals(cloud.single("SELECT uuid FROM zone WHERE id = ?", cloud.zoneId()),
                newest.get("zoneid").getAsString());
        assertEquals("Compression", newest.get("type").getAsString());
        assertEquals("Queued", newest.get("state").getAsString());
        assertTrue(newest.get("scheduled").getAsBoolean());
        assertFalse(newest.get("executing").getAsBoolean());
        assertTrue(newest.has("scheduleddate"));
        JsonObject ended = jobs.get(1).getAsJsonObject();
        assertEquals(done, ended.get("backupid").getAsString());
        assertEquals("Succeeded", ended.get("state").getAsString());
        assertEquals(1, ended.get("attempts").getAsInt());
        assertTrue(ended.has("startdate") && ended.has("removed"));

        JsonObject scheduled = server.ok(admin, "listBackupServiceJobs", "hostid", hostUuid, "scheduled", "true");
        assertEquals(1, scheduled.get("count").getAsInt());
        JsonObject ofBackup = server.ok(admin, "listBackupServiceJobs", "backupid", done, "type", "compression");
        assertEquals(1, ofBackup.get("count").getAsInt());
        JsonObject paged = server.ok(admin, "listBackupServiceJobs", "hostid", hostUuid, "pagesize", "1", "page",
                "2");
        assertEquals(2, paged.get("count").getAsInt());
        assertEquals(done, paged.getAsJsonArray("backupservicejob").get(0).getAsJsonObject().get("backupid")
                .getAsString());
        String text = all.toString();
        String rowId = cloud.single("SELECT CAST(id AS CHAR) FROM operation WHERE uuid = ?", compression(waiting));
        assertFalse("no row ids: " + text, text.contains("\"" + rowId + "\"") || text.contains(":" + rowId + ","));
    }

    @Test
    public void listBackupServiceJobsReadsAPageInAFixedNumberOfQueriesWhateverItsSize() {
        cloud.setting("backup.compression.task.enabled", "false");
        for (int i = 0; i < 6; i++) {
            server.ok(admin, "createBackup", "virtualmachineid", newVm(i % 2 == 0 ? zstd : zlib).uuid());
        }
        server.drain();
        JsonObject one = server.ok(admin, "listBackupServiceJobs", "page", "1", "pagesize", "1");
        long selectsForOne = selects(() -> server.ok(admin, "listBackupServiceJobs", "page", "1", "pagesize", "1"));
        JsonObject six = server.ok(admin, "listBackupServiceJobs", "page", "1", "pagesize", "6");
        long selectsForSix = selects(() -> server.ok(admin, "listBackupServiceJobs", "page", "1", "pagesize", "6"));
        assertEquals(1, one.getAsJsonArray("backupservicejob").size());
        assertEquals(6, six.getAsJsonArray("backupservicejob").size());
        for (var j : six.getAsJsonArray("backupservicejob")) {
            assertTrue(j.toString(), j.getAsJsonObject().has("backupid") && j.getAsJsonObject().has("hostid"));
        }
        assertEquals("six jobs cost the queries of one (no query per job)", selectsForOne, selectsForSix);
    }

    /** SELECT statements the database ran while {@code call} ran (nothing else runs on it meanwhile here). */
    private static long selects(Runnable call) {
        long before = comSelect();
        call.run();
        return comSelect() - before;
    }

    private static long comSelect() {
        return cloud.sql.queryForObject("SHOW GLOBAL STATUS LIKE 'Com_select'", (rs, i) -> rs.getLong(2));
    }

    @Test
    public void listBackupServiceJobsRefusesBadInputNamingTheParameter() {
        JsonObject badUuid = server.refused(431, admin, "listBackupServiceJobs", "backupid", "not-a-uuid");
        assertTrue(badUuid.toString(), badUuid.get("errortext").getAsString().contains("backupid"));
        JsonObject unknown = server.refused(431, admin, "listBackupServiceJobs", "backupid",
                "00000000-0000-0000-0000-000000000000");
        assertTrue(unknown.toString(), unknown.get("errortext").getAsString().contains("does not name a backup"));
        JsonObject badType = server.refused(431, admin, "listBackupServiceJobs", "type", "defragment");
        assertTrue(badType.toString(), badType.get("errortext").getAsString().contains("type"));
        assertTrue(badType.toString(), badType.get("errortext").getAsString().contains("Compression"));
        JsonObject unknownHost = server.refused(431, admin, "listBackupServiceJobs", "hostid",
                "00000000-0000-0000-0000-000000000000");
        assertTrue(unknownHost.toString(), unknownHost.get("errortext").getAsString().contains("hostid"));
        assertNull("nothing listed for a flag combination that excludes all",
                server.ok(admin, "listBackupServiceJobs", "executing", "true", "scheduled", "false").get("count"));
    }

    /** The agent-side view of what runs: no more than one compression per backup at a time, across servers. */
    @Test
    public void twoServersNeverCompressOneBackupTwice() throws Exception {
        Held held = compressionHeldOnTheAgent(server);
        String backup = held.backup();
        String op = held.op();
        Thread onA = held.pass();

        assertEquals("the other server finds nothing to claim", 0, other.pass());
        cloud.agents.finish(op + "-1");
        onA.join();
        assertEquals(0, other.drain());

        List<String> starts = cloud.agents.starts().stream().filter(r -> r.startsWith(op)).toList();
        assertEquals(List.of(op + "-1"), starts);
    }
}
