package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Operations that wait for a slot under backup.max.concurrent.operations(.per.host) are visible to a
 * client while they wait. Real MariaDB, agent process and TCG domains, through the HTTP API.
 */
public class QueuedOperationsOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private LabCloud cloud;
    private ApiSession admin;
    private LabVm big;
    private LabVm small;
    private String bigVm;
    private String smallVm;

    @Before
    public void setUp() throws Exception {
        cloud = LabCloud.builder("kbt-d-queued-", "queued_operations").adminPassword("queued-admin")
                .jobTimeout(JOB_TIMEOUT).zone("queued").offering("queued", "queued").domainPrefix("kbt-d-").start();
        admin = cloud.admin;
        LabDomain bigDomain = cloud.startDomain("2G", "1536M");
        LabDomain smallDomain = cloud.startDomain("1G", "512M");
        big = cloud.discover(0, bigDomain);
        small = cloud.registered(0, smallDomain);
        bigVm = big.uuid;
        smallVm = small.uuid;
        for (LabVm vm : List.of(big, small)) {
            cloud.assignOffering(admin, vm, cloud.offering("queued"));
        }
    }

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aRestoreWaitingForASlotShowsRestoreStatusQueuedInListBackupsThenRunningThenNothing()
            throws Exception {
        String backup = cloud.takeBackup(admin, smallVm);
        cloud.stop(small);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        Waiting.until(() -> cloud.sql.count("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'") == 1,
                Duration.ofSeconds(60));
        String restore = admin.ok("restoreBackup", "id", backup).get("jobid").getAsString();
        // What a client polling listBackups sees until the restore's job ends: status / restorestatus.
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", restore).get("jobstatus").getAsInt() == 0) {
            JsonObject b = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
            seen.add(b.get("status").getAsString() + "/" + (b.has("restorestatus")
                    ? b.get("restorestatus")
                            .getAsString()
                    : "-"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        assertEquals(1, admin.waitForJob(restore, JOB_TIMEOUT).get("jobstatus").getAsInt());
        assertEquals("from the moment it was accepted, the waiting restore was shown Queued on a BackedUp backup: "
                + seen, "BackedUp/Queued", seen.iterator().next());
        assertTrue("the running restore was shown Running on a Restoring backup: " + seen,
                seen.contains("Restoring/Running"));
        assertFalse("a Restoring backup always names its restore: " + seen, seen.contains("Restoring/-"));
        JsonObject after = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(after.toString(), "BackedUp", after.get("status").getAsString());
        assertFalse("no restore in progress, no restorestatus: " + after, after.has("restorestatus"));
    }

    @Test
    public void aDeleteWaitsForASlotBehindARunningBackupAndItsVmRefusesOtherOperationsMeanwhile() throws Exception {
        String oldest = cloud.takeBackup(admin, smallVm);
        small.domain.write(0x41, "0", "64M");
        String middle = cloud.takeBackup(admin, smallVm);
        small.domain.write(0x42, "0", "1M");
        String newest = cloud.takeBackup(admin, smallVm);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        Waiting.until(() -> cloud.sql.count("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'") == 1,
                Duration.ofSeconds(60));
        String delete = admin.ok("deleteBackup", "id", middle).get("jobid").getAsString();
        // While the big VM's backup holds the host's only slot, the delete waits: hidden already, nothing merged.
        assertEquals("the delete is queued behind the running backup", "QUEUED",
                cloud.single("SELECT state FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')"));
        assertEquals("BackingUp", cloud.single("SELECT status FROM backup b JOIN vm_instance v ON v.id = b.vm_id"
                + " WHERE v.uuid = '" + bigVm + "' ORDER BY b.id DESC LIMIT 1"));
        assertEquals("the deleted backup is hidden at once", 2,
                admin.ok("listBackups", "listall", "true", "virtualmachineid", smallVm).getAsJsonArray("backup")
                        .size());
        ApiSession.Answer backup = admin.call("createBackup", "virtualmachineid", smallVm);
        assertEquals(backup.response().toString(), 431, backup.status());
        assertTrue(backup.errorText(), backup.errorText().contains("a delete of it is in progress")
                && backup.errorText().contains("only one backup, restore or delete runs per VM at a time"));

        // A sampler of the database: a delete never runs beside the backup on the host with one slot.
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", delete).get("jobstatus").getAsInt() == 0) {
            seen.add(cloud.single("SELECT CONCAT((SELECT COUNT(*) FROM backup WHERE status IN ('BackingUp',"
                    + " 'Restoring')), '/', COALESCE((SELECT state FROM operation WHERE kind = 'DELETE' AND state IN"
                    + " ('QUEUED', 'RUNNING')), '-'))"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        JsonObject deleted = admin.waitForJob(delete, JOB_TIMEOUT);
        assertEquals(deleted.toString(), 1, deleted.get("jobstatus").getAsInt());
        assertTrue("the delete ran once the backup had ended: " + seen, seen.contains("0/RUNNING"));
        assertFalse("never a running delete beside a running backup on one slot: " + seen,
                seen.contains("1/RUNNING"));
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));
        assertEquals("0", cloud
                .single("SELECT COUNT(*) FROM operation WHERE kind = 'DELETE' AND state IN ('QUEUED', 'RUNNING')"));
        assertEquals("VM free", "0", cloud.single("SELECT COUNT(*) FROM operation WHERE vm_lock IS NOT NULL"));

        cloud.stop(small);
        cloud.restore(admin, newest);
        assertPattern(small.domain.disk, 0x42, 0);
        assertPattern(small.domain.disk, 0x41, 1);
        assertPattern(small.domain.disk, 0x41, 63);
        assertPattern(small.domain.disk, 0x5a, 64);
        assertEquals(oldest, admin.ok("listBackups", "id", newest).getAsJsonArray("backup").get(0).getAsJsonObject()
                .get("parentid").getAsString());
    }

    @Test
    public void aVolumeRestoreWaitsForASlotShownQueuedOnItsBackupThenAttachesItsVolume() throws Exception {
        small.domain.write(0x61, "0", "8M");
        String backup = cloud.takeBackup(admin, smallVm);
        String volume = admin.ok("listVolumes", "listall", "true", "virtualmachineid", smallVm).getAsJsonArray("volume")
                .get(0)
                .getAsJsonObject().get("id").getAsString();
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        Waiting.until(() -> cloud.sql.count("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'") == 1,
                Duration.ofSeconds(60));
        String restore = admin.ok("restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid", volume,
                "virtualmachineid", smallVm).get("jobid").getAsString();
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", restore).get("jobstatus").getAsInt() == 0) {
            JsonObject b = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
            seen.add(cloud.single("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'") + "/" + b.get("status")
                    .getAsString() + "/" + (b.has("restorestatus") ? b.get("restorestatus").getAsString() : "-"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        JsonObject done = admin.waitForJob(restore, JOB_TIMEOUT);
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        assertEquals("the volume restore waited, shown Queued, while the backup held the host's only slot: " + seen,
                "1/BackedUp/Queued", seen.iterator().next());
        assertFalse("it never ran beside the backup: " + seen, seen.contains("1/Restoring/Running"));
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("0", cloud.single(
                "SELECT COUNT(*) FROM operation WHERE kind IN ('RESTORE', 'VOLUME_RESTORE') AND state IN ('QUEUED', 'RUNNING')"));
        assertEquals("VM free", "0", cloud.single("SELECT COUNT(*) FROM operation WHERE vm_lock IS NOT NULL"));
        Path restored = Path.of(cloud.single("SELECT path FROM volume v JOIN vm_instance m ON m.id = v.vm_id"
                + " WHERE m.uuid = '" + smallVm + "' AND v.path LIKE '%restored-%'"));
        assertPattern(restored, 0x61, 0);
        assertPattern(restored, 0x61, 7);
        assertPattern(restored, 0x5a, 8);
        assertEquals("listVolumes shows the restored volume beside the VM's own disk", 2,
                admin.ok("listVolumes", "listall", "true", "virtualmachineid", smallVm).getAsJsonArray("volume")
                        .size());
    }

}
