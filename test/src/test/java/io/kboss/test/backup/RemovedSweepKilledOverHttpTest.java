package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.server.app.KbossServer;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * The sweep of Removed backups has no API job: when the JVM of the management server running it is
 * killed with SIGKILL in the middle of a merge, only its DELETE operation row says whose the
 * deletion was. The next server takes the deletion as orphaned once the dead server's heartbeat is
 * older than a job lease, releases the VM when the agent has finished the merge, and its own sweep
 * applies the dead sweep's merge from the agent's journal. Real MariaDB, agent process and TCG domain.
 */
public class RemovedSweepKilledOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private LabCloud cloud;

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aSweepKilledMidMergeIsReleasedByTheNextServerWhoseSweepAppliesTheMergeOnce() throws Exception {
        cloud = LabCloud.builder("kbt-d-sweep-killed-", "sweep_killed").adminPassword("sweep-killed-admin")
                .firstServerInOwnJvm().jobTimeout(JOB_TIMEOUT).zone("sweep").offering("sweep", "sweep")
                // The dying server runs in another JVM: discovery every second stands in for syncNow.
                .setting("vm.sync.interval", "1").domainPrefix("kbt-d-").start();
        ApiSession admin = cloud.admin;
        Path store = cloud.store;
        // Well filled, so the large increment below stays under half of a full's bytes: the agent takes a
        // full instead of an incremental at half or more, and the middle backup would start a new chain.
        LabDomain domain = cloud.startDomain("3G", "2000M");
        String vmSql = "SELECT COUNT(*) FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid
                + "' AND removed IS NULL";
        Waiting.until(() -> cloud.sql.count(vmSql) == 1, Duration.ofSeconds(60));
        LabVm labVm = cloud.registered(0, domain);
        String vm = labVm.uuid;
        cloud.assignOffering(admin, labVm, cloud.offering("sweep"));

        String oldest = cloud.takeBackup(admin, vm);
        domain.write(0xab, "0", "900M"); // a large increment (45 % of the data): merging it takes a while
        String middle = cloud.takeBackup(admin, vm);
        domain.write(0xcd, "0", "1M");
        String newest = cloud.takeBackup(admin, vm);

        // First a delete stopped by a missing file leaves the middle backup Removed.
        Path middleFile = store.resolve(fileOf(middle));
        Path aside = middleFile.resolveSibling("aside.qcow2");
        Files.move(middleFile, aside);
        JsonObject failed = admin.waitForJob(admin.ok("deleteBackup", "id", middle).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        Files.move(aside, middleFile, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("Removed", status(middle));

        // The dying server's sweep takes it up and the agent starts merging: then the JVM is killed.
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");
        Path merging = store.resolve(fileOf(newest) + ".merging");
        Waiting.until(() -> Files.exists(merging), Duration.ofSeconds(90));
        cloud.killFirstServer();
        assertEquals("DELETE", cloud.single(LabCloud.holderOf(vm)));
        assertEquals("the killed server's sweep left its deletion running", "RUNNING",
                cloud.single("SELECT state FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')"));
        assertEquals("Removed", status(middle));

        KbossServer survivor = cloud.startServer(b -> b.jobLease(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        // Finished: Expunged, and the deletion ended (its row gone, the VM released in that transaction).
        Waiting.until(() -> status(middle).equals("Expunged")
                && cloud.sql.count(
                        "SELECT COUNT(*) FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')") == 0,
                Duration.ofSeconds(180));

        assertEquals("0", cloud
                .single("SELECT COUNT(*) FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')"));
        assertEquals("VM free", "1", cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));
        String applied = cloud.single("SELECT GROUP_CONCAT(s.request_id) FROM backup_delete_step s JOIN backup b"
                + " ON b.id = s.backup_id WHERE b.uuid = '" + middle + "' AND s.request_id LIKE '%-merge-into-%'");
        assertEquals("one merge result applied: " + applied, 1, applied.split(",").length);
        assertNotEquals("the applied merge is not the first delete's, which failed on the missing file",
                cloud.single("SELECT delete_request_id FROM backup WHERE uuid = '" + middle + "'"),
                applied.substring(0, 36));
        ApiSession again = ApiSession.login(survivor.baseUrl(), "admin", cloud.adminPassword(), "/");
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals(listed.toString(), 2, listed.size());
        JsonObject survivorBackup = listed.get(1).getAsJsonObject();
        assertEquals(survivorBackup.toString(), newest, survivorBackup.get("id").getAsString());
        assertEquals(survivorBackup.toString(), oldest, survivorBackup.get("parentid").getAsString());
        assertEquals("the survivor's listed size is its merged file's", Files.size(store.resolve(fileOf(newest))),
                survivorBackup.get("size").getAsLong());
        assertEquals("the freed bytes were given back once: used bytes are the survivors' sizes",
                listed.get(0).getAsJsonObject().get("size").getAsLong() + survivorBackup.get("size").getAsLong(),
                Long.parseLong(cloud.single("SELECT used_bytes FROM image_store")));

        cloud.stop(labVm);
        cloud.restore(again, newest);
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 899);
    }

    private String fileOf(String backup) throws Exception {
        return cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON b.id = bv.backup_id"
                + " WHERE b.uuid = '" + backup + "'");
    }

    private String status(String backup) throws Exception {
        return cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'");
    }
}
