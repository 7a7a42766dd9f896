package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * Deletions that stop half way are finished, and nothing stays Removed for ever: a merge the agent
 * finishes after its management server stopped is found in the agent's journal by the next server and
 * its result (the survivor's parent and size, the bytes freed) lands in the rows; a merge that failed
 * on a missing file is finished by the periodic sweep of Removed backups once the file is back. Real
 * MariaDB, agent process and TCG domains, everything through the HTTP API but the fault.
 */
public class RemovedBackupsFinishedOverHttpTest {
    private LabCloud cloud;
    private Path store;
    private LabDomain domain;
    private String host;
    private String vm;

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A server, an agent, a zone with a store, an offering and one running VM with {@code prefill} of data. */
    private ApiSession setUp(String prefill) throws Exception {
        cloud = LabCloud.builder("kbt-d-removed-", "removed_backups").adminPassword("removed-admin")
                .configure(b -> b.jobShutdownGrace(Duration.ofMillis(100))).zone("removed")
                .offering("removed", "removed").domainPrefix("kbt-d-").start();
        store = cloud.store;
        LabVm labVm = cloud.discover(0, cloud.startDomain("3G", prefill));
        domain = labVm.domain;
        host = labVm.hostUuid;
        vm = labVm.uuid;
        cloud.assignOffering(cloud.admin, labVm, cloud.offering("removed"));
        return cloud.admin;
    }

    @Test
    public void aMergeTheAgentFinishesAfterItsServerStoppedIsAppliedFromTheAgentsJournalByTheNextServer()
            throws Exception {
        // Well filled, so the large increment below stays under half of a full's bytes: the agent takes a
        // full instead of an incremental at half or more, and the middle backup would start a new chain.
        ApiSession admin = setUp("2000M");
        String oldest = cloud.takeBackup(admin, vm);
        domain.write(0xab, "0", "900M"); // a large increment (45 % of the data): merging it takes a while
        String middle = cloud.takeBackup(admin, vm);
        domain.write(0xcd, "0", "1M");
        String newest = cloud.takeBackup(admin, vm);
        // Set before the stop: the setting is in the database, so the next server sweeps every second.
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");

        admin.ok("deleteBackup", "id", middle);
        Waiting.until(() -> !cloud.agentIdle(host), Duration.ofSeconds(60));
        cloud.stopServer(); // the agent goes on merging; the server never hears how it ended
        assertEquals("the stopped server left the deleted backup Removed", "Removed", status(middle));
        String deletion = cloud.single("SELECT delete_request_id FROM backup WHERE uuid = '" + middle + "'");
        assertEquals("no result of the stopped deletion reached the rows", "0",
                cloud.single("SELECT COUNT(*) FROM backup_delete_step"));

        ApiSession again = ApiSession.login(cloud.startServer(b -> {
        }).baseUrl(), "admin", cloud.adminPassword(),
                "/");
        // Finished: Expunged, and the deletion ended (its row gone, the VM released in that transaction).
        untilFinished(middle, Duration.ofSeconds(180));

        // The merge was not run a second time: its result came from the stopped deletion's agent job.
        assertEquals("the merge step applied is the stopped deletion's own agent job", "1",
                cloud.single("SELECT COUNT(*) FROM backup_delete_step WHERE request_id = '" + deletion + "-merge-into-"
                        + cloud.single("SELECT id FROM backup WHERE uuid = '" + newest + "'") + "-" + middle + "'"));
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals(listed.toString(), 2, listed.size());
        JsonObject survivor = byId(listed, newest);
        assertEquals("the survivor stands on the oldest backup now: " + survivor, oldest,
                survivor.get("parentid").getAsString());
        assertEquals(survivor.toString(), 1, survivor.get("chainposition").getAsInt());
        Path survivorFile = store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + newest + "'"));
        assertEquals("the survivor's listed size is its merged file's", Files.size(survivorFile),
                survivor.get("size").getAsLong());
        assertTrue("the survivor absorbed the 900 MiB increment: " + survivor,
                survivor.get("size").getAsLong() > (800L << 20));
        long listedSizes = byId(listed, oldest).get("size").getAsLong() + survivor.get("size").getAsLong();
        assertEquals("the store's used bytes are the survivors' sizes: the freed bytes were given back once",
                listedSizes, usedBytes());
        assertEquals("VM free", "1", cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));

        stopVm();
        cloud.restore(again, newest);
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 899);
    }

    @Test
    public void aDeleteStoppedByAMissingFileIsFinishedByTheSweepOnceTheFileIsBack() throws Exception {
        ApiSession admin = setUp("16M");
        String oldest = cloud.takeBackup(admin, vm);
        domain.write(0x41, "0", "1M");
        String middle = cloud.takeBackup(admin, vm);
        domain.write(0x42, "1M", "1M");
        String newest = cloud.takeBackup(admin, vm);

        // The fault: the middle backup's file is not where the store should have it.
        Path middleFile = store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + middle + "'"));
        Path aside = middleFile.resolveSibling("aside.qcow2");
        Files.move(middleFile, aside);
        JsonObject failed = admin.waitForJob(admin.ok("deleteBackup", "id", middle).get("jobid").getAsString(),
                Duration.ofSeconds(120));
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        String error = failed.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(error, error.contains("missing") && error.contains("backup.removed.sweep.interval"));
        assertEquals("Removed", status(middle));
        assertEquals("the Removed backup is hidden", 2,
                admin.ok("listBackups", "listall", "true", "virtualmachineid", vm).getAsJsonArray("backup").size());

        Files.move(aside, middleFile, StandardCopyOption.ATOMIC_MOVE);
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");
        untilFinished(middle, Duration.ofSeconds(120));

        assertFalse("the merged backup's file is gone", Files.exists(middleFile));
        JsonArray listed = admin.ok("listBackups", "listall", "true", "virtualmachineid", vm).getAsJsonArray("backup");
        JsonObject survivor = byId(listed, newest);
        assertEquals(survivor.toString(), oldest, survivor.get("parentid").getAsString());
        assertEquals("used bytes are the survivors' sizes", byId(listed, oldest).get("size").getAsLong()
                + survivor.get("size").getAsLong(), usedBytes());
        assertEquals("nothing is left Removed", "0",
                cloud.single("SELECT COUNT(*) FROM backup WHERE status = 'Removed'"));

        stopVm();
        cloud.restore(admin, newest);
        assertPattern(domain.disk, 0x41, 0);
        assertPattern(domain.disk, 0x42, 1);
        assertPattern(domain.disk, 0x5a, 2);
    }

    private static JsonObject byId(JsonArray backups, String uuid) {
        for (int i = 0; i < backups.size(); i++) {
            if (backups.get(i).getAsJsonObject().get("id").getAsString().equals(uuid)) {
                return backups.get(i).getAsJsonObject();
            }
        }
        throw new AssertionError("backup " + uuid + " is not listed: " + backups);
    }

    /** Waits until the backup is Expunged and its deletion ended (its row gone, the VM released with it). */
    private void untilFinished(String backup, Duration timeout) throws Exception {
        Waiting.until(() -> status(backup).equals("Expunged")
                && cloud.sql.count(
                        "SELECT COUNT(*) FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')") == 0,
                timeout);
    }

    private String status(String backup) throws Exception {
        return cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'");
    }

    private long usedBytes() throws Exception {
        return Long.parseLong(cloud.single("SELECT used_bytes FROM image_store"));
    }

    private void stopVm() throws Exception {
        cloud.stop(new LabVm(vm, domain, host));
    }
}
