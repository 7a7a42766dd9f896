package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A backup job over HTTP on the real stack: kboss-server, MariaDB, a kboss-agent process and two tiny TCG
 * domains. runBackupJob answers a job at once; the run ends with both VMs in its UPDATED set and a BackedUp
 * backup of each, taken by the agent. The job's other behaviours (limits, order, priority, cancel, retry,
 * permissions) are the orchestration tier's (BackupJobsTest).
 */
public class BackupJobsOverHttpTest {
    private static final Duration SETTLE = Duration.ofSeconds(180);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static String offering;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-backupjobs-", "backup_jobs_http").adminPassword("jobs-admin").zone("jobs")
                .offering("jobs", "backup jobs").domainPrefix("kbt-backupjobs-").jobTimeout(SETTLE).start();
        admin = cloud.admin;
        offering = cloud.offering("jobs");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aParallelJobOverTwoVmsBacksUpBoth() throws Exception {
        List<LabVm> vms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LabVm vm = cloud.newVm("16M");
            cloud.assignOffering(admin, vm, offering);
            vms.add(vm);
        }
        String job = admin.ok("createBackupJob", "name", "two VMs", "virtualmachineids", vms.get(0).uuid + ","
                + vms.get(1).uuid, "execution", "PARALLEL", "keeplast", "2").getAsJsonObject("backupjob").get("id")
                .getAsString();
        JsonObject started = admin.ok("runBackupJob", "id", job);
        JsonObject answered = admin.waitForJob(started.get("jobid").getAsString(), SETTLE);
        assertEquals(answered.toString(), 1, answered.get("jobstatus").getAsInt());

        JsonObject run = null;
        long end = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < end) {
            run = admin.ok("listBackupJobRuns", "backupjobid", job).getAsJsonArray("backupjobrun").get(0)
                    .getAsJsonObject();
            if (!"RUNNING".equals(run.get("state").getAsString())) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(run.toString(), "FINISHED", run.get("state").getAsString());
        List<String> updated = new ArrayList<>();
        for (JsonElement e : run.getAsJsonArray("updated")) {
            updated.add(e.getAsJsonObject().get("id").getAsString());
        }
        assertEquals(run.toString(), List.of(vms.get(0).uuid, vms.get(1).uuid), updated);
        for (LabVm vm : vms) {
            JsonArray backups = cloud.list(admin, "virtualmachineid", vm.uuid);
            assertEquals(backups.toString(), 1, backups.size());
            JsonObject b = backups.get(0).getAsJsonObject();
            assertEquals(b.toString(), "BackedUp", b.get("status").getAsString());
            assertTrue(b.toString(), b.get("size").getAsLong() > 0);
        }
    }
}
