package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;

import com.google.gson.JsonObject;
import io.kboss.server.app.KbossServer;
import io.kboss.server.host.HostMonitor;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A management server's JVM is killed with SIGKILL while a restore runs and another restore and a delete
 * wait behind it: nothing ends its operations or releases its VMs. A server started under the same name
 * on the same database adopts the running restore at once (its earlier incarnation is dead) and follows
 * its agent job to its end, then runs the queued restore and the queued delete; each job answers its real
 * outcome. Real MariaDB, agent process and TCG domains.
 */
public class ServerKilledOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private LabCloud cloud;

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aKilledServersRunningRestoreIsFollowedToItsEndAndItsQueuedRestoreAndDeleteRunOnTheNextServer()
            throws Exception {
        cloud = LabCloud.builder("kbt-b-killed-", "backup_killed").adminPassword("killed-admin")
                .firstServerInOwnJvm().zone("killed").offering("killed", "killed")
                // The dying server runs in another JVM: discovery every second stands in for syncNow.
                .setting("vm.sync.interval", "1").domainPrefix("kbt-b-").start();
        ApiSession admin = cloud.admin;
        String offering = cloud.offering("killed");
        LabDomain restored = cloud.startDomain("2G", "1536M");
        LabDomain pruned = cloud.startDomain("256M", null);
        LabDomain waiting = cloud.startDomain("256M", null);
        String restoredVm = vmOf(restored);
        String prunedVm = vmOf(pruned);
        String waitingVm = vmOf(waiting);
        for (String vm : List.of(restoredVm, prunedVm, waitingVm)) {
            admin.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);
        }

        String point = backUp(admin, restoredVm);
        restored.write(0xab, "0", "1M"); // after the backup: the restore must undo it
        pruned.write(0x61, "0", "1M");
        backUp(admin, prunedVm);
        pruned.write(0x62, "1M", "1M");
        String middle = backUp(admin, prunedVm);
        pruned.write(0x63, "2M", "1M");
        String newest = backUp(admin, prunedVm);
        waiting.write(0x71, "0", "1M");
        String notYet = backUp(admin, waitingVm);
        waiting.write(0x72, "0", "1M"); // stays: the queued restore never runs
        powerOff(restored, restoredVm);
        powerOff(waiting, waitingVm);

        // One operation per host: the second restore waits queued behind the first.
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");
        String restoreJob = admin.ok("restoreBackup", "id", point).get("jobid").getAsString();
        Waiting.until(
                () -> cloud.sql
                        .count("SELECT COUNT(*) FROM operation WHERE kind = 'RESTORE' AND state = 'RUNNING'") == 1,
                Duration.ofSeconds(60));
        String queuedJob = admin.ok("restoreBackup", "id", notYet).get("jobid").getAsString();
        String deleteJob = admin.ok("deleteBackup", "id", middle).get("jobid").getAsString();
        cloud.killFirstServer();
        assertEquals("Restoring", cloud.single("SELECT status FROM backup WHERE uuid = '" + point + "'"));
        assertEquals("RESTORE",
                cloud.single(LabCloud.holderOf(restoredVm)));
        assertEquals("DELETE", cloud.single(LabCloud.holderOf(prunedVm)));
        assertEquals(1, cloud.sql.count("SELECT COUNT(*) FROM operation WHERE kind = 'RESTORE' AND state = 'QUEUED'"));

        KbossServer survivor = cloud.startServer(b -> b.jobLease(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        // The restarted server adopts the running restore at start; the queued work is claimed as slots free.
        Waiting.until(() -> cloud.sql.count("SELECT COUNT(*) FROM operation WHERE vm_lock IS NOT NULL") == 0,
                Duration.ofSeconds(150));
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + point + "'"));
        assertEquals(0, cloud.sql.count(
                "SELECT COUNT(*) FROM operation WHERE kind IN ('RESTORE', 'VOLUME_RESTORE') AND state IN ('QUEUED', 'RUNNING')"));
        assertPattern(restored.disk, 0x5a, 0); // the agent's restore ran to its end
        ApiSession survivorAdmin = ApiSession.login(survivor.baseUrl(), "admin", cloud.adminPassword(), "/");
        JsonObject answered = survivorAdmin.waitForJob(restoreJob, JOB_TIMEOUT);
        assertEquals("the killed server's restore job answers its real outcome: " + answered, 1,
                answered.get("jobstatus").getAsInt());
        assertEquals("the queued restore ran on the next server: its backup is BackedUp again", "BackedUp",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + notYet + "'"));
        assertPattern(waiting.disk, 0x71, 0); // its VM's disk holds the backup's data again
        assertEquals(1, survivorAdmin.waitForJob(queuedJob, JOB_TIMEOUT).get("jobstatus").getAsInt());
        assertEquals("the queued delete ran too", "Expunged",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));
        assertEquals(1, survivorAdmin.waitForJob(deleteJob, JOB_TIMEOUT).get("jobstatus").getAsInt());

        // Both VMs take operations again: the newest backup of the pruned VM restores whole.
        ApiSession again = ApiSession.login(survivor.baseUrl(), "admin", cloud.adminPassword(), "/");
        powerOff(pruned, prunedVm);
        JsonObject r = again.waitForJob(again.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(pruned.disk, 0x61, 0);
        assertPattern(pruned.disk, 0x62, 1);
        assertPattern(pruned.disk, 0x63, 2);
    }

    private String vmOf(LabDomain d) throws Exception {
        String sql = "SELECT COUNT(*) FROM vm_instance WHERE domain_uuid = '" + d.libvirtUuid + "' AND removed IS NULL";
        Waiting.until(() -> cloud.sql.count(sql) == 1, Duration.ofSeconds(60));
        return cloud
                .single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + d.libvirtUuid + "' AND removed IS NULL");
    }

    private void powerOff(LabDomain d, String vm) throws Exception {
        cloud.libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(d.libvirtUuid).destroy();
            return null;
        });
        if (cloud.server() != null) {
            cloud.server().bean(HostMonitor.class).syncAll();
        }
        Waiting.until(
                () -> cloud.single("SELECT power_state FROM vm_instance WHERE uuid = '" + vm + "'").equals("PowerOff"),
                Duration.ofSeconds(60));
    }

    private String backUp(ApiSession session, String vm) throws Exception {
        return cloud.takeBackup(session, vm);
    }
}
