package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * A restoreVolumeFromBackupAndAttachToVM whose management server stops while the agent writes the
 * volume is finished by the next server on the same database: it follows the agent's job, attaches the
 * file and registers the volume, ends the backup BackedUp and releases the VM. Real MariaDB, agent
 * process and TCG domains, through the HTTP API.
 */
public class VolumeRestoreRecoveryOverHttpTest {
    private LabCloud cloud;

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aVolumeRestoreRunningWhenItsServerStopsIsAttachedAndRegisteredByTheNextServer() throws Exception {
        cloud = LabCloud.builder("kbt-d-volrec-", "volume_restore_recovery").adminPassword("volume-recovery-admin")
                .configure(b -> b.jobShutdownGrace(Duration.ofMillis(100))).zone("volrec")
                .offering("volrec", "volrec").domainPrefix("kbt-d-").start();
        ApiSession admin = cloud.admin;
        LabVm labVm = cloud.discover(0, cloud.startDomain("2G", "1536M"));
        String vm = labVm.uuid;
        cloud.assignOffering(admin, labVm, cloud.offering("volrec"));
        String backup = cloud.takeBackup(admin, vm);
        String volume = admin.ok("listVolumes", "listall", "true", "virtualmachineid", vm).getAsJsonArray("volume")
                .get(0)
                .getAsJsonObject().get("id").getAsString();
        String job = admin.ok("restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid", volume,
                "virtualmachineid", vm).get("jobid").getAsString();
        Waiting.until(() -> cloud.sql
                .count("SELECT COUNT(*) FROM operation WHERE kind = 'VOLUME_RESTORE' AND state = 'RUNNING'") == 1
                && !cloud.agentIdle(labVm.hostUuid), Duration.ofSeconds(60));
        cloud.stopServer(); // the agent goes on writing the volume; nobody attaches or registers it
        assertEquals("the stopped server left the backup Restoring", "Restoring",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("VOLUME_RESTORE", cloud.single(LabCloud.holderOf(vm)));
        assertEquals("no volume registered yet", "1", cloud.single("SELECT COUNT(*) FROM volume v JOIN vm_instance m"
                + " ON m.id = v.vm_id WHERE m.uuid = '" + vm + "'"));

        ApiSession again = ApiSession.login(cloud.startServer(b -> {
        }).baseUrl(), "admin", cloud.adminPassword(),
                "/");
        Waiting.until(() -> cloud.sql.count(
                "SELECT COUNT(*) FROM operation WHERE kind IN ('RESTORE', 'VOLUME_RESTORE') AND state IN ('QUEUED', 'RUNNING')") == 0,
                Duration.ofSeconds(150));
        JsonObject answered = again.waitForJob(job, Duration.ofSeconds(60));
        assertEquals("the restore's own job answers its real outcome: " + answered, 1,
                answered.get("jobstatus").getAsInt());
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("VM free", "1", cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));
        JsonArray volumes = again.ok("listVolumes", "virtualmachineid", vm).getAsJsonArray("volume");
        assertEquals("the restored volume is registered beside the VM's own disk: " + volumes, 2, volumes.size());
        Path restored = Path.of(cloud.single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id"
                + " WHERE m.uuid = '" + vm + "' AND v.path LIKE '%restored-%'"));
        assertPattern(restored, 0x5a, 0);
        assertPattern(restored, 0x5a, 1535);
        String xml = cloud.libvirt.withConnection(c -> c.domainLookupByUUIDString(labVm.domain.libvirtUuid)
                .getXMLDesc(0));
        assertTrue("the VM has the restored file attached: " + xml, xml.contains(restored.toString()));
    }
}
