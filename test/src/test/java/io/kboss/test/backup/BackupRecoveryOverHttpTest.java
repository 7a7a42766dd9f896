package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.server.backup.AgentChannels;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * A management server stops while a backup, a restore or a delete runs; the next server to start on
 * the same database finds the orphaned work (its API job was failed by the shutdown), follows the
 * agent's job again or ends it cleanly, and releases the VM. Real MariaDB, agent process and TCG
 * domains.
 */
public class BackupRecoveryOverHttpTest {
    private LabCloud cloud;
    private LabDomain domain;
    private String host;
    private String vm;
    private String offering;

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A server, an agent, a zone with a store, an offering and one VM of {@code prefill} data on it. */
    private ApiSession setUp(String prefill) throws Exception {
        cloud = LabCloud.builder("kbt-b-recovery-", "backup_recovery").adminPassword("recovery-admin")
                .configure(b -> b.jobShutdownGrace(Duration.ofMillis(100))).zone("recovery")
                .offering("recovery", "recovery").domainPrefix("kbt-b-").start();
        offering = cloud.offering("recovery");
        host = cloud.hostUuids.get(0);
        LabVm labVm = cloud.discover(0, cloud.startDomain("2G", prefill));
        domain = labVm.domain;
        vm = labVm.uuid;
        cloud.assignOffering(cloud.admin, labVm, offering);
        return cloud.admin;
    }

    @Test
    public void aBackupRunningWhenItsServerStopsIsFollowedToItsEndByTheNextServer() throws Exception {
        ApiSession admin = setUp("1G");
        JsonObject asked = admin.ok("createBackup", "virtualmachineid", vm);
        String backup = asked.get("id").getAsString();
        waitFor(() -> cloud.single("SELECT COALESCE(progress_bytes_total, 0) FROM backup WHERE uuid = '" + backup + "'")
                .equals("0") ? null : "running", Duration.ofSeconds(60));
        cloud.stopServer(); // a short grace: the job thread is interrupted while the agent still copies
        assertEquals("the stopped server left the backup running", "BackingUp",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));

        ApiSession again = ApiSession.login(cloud.startServer(b -> {
        }).baseUrl(), "admin", cloud.adminPassword(), "/");
        waitFor(() -> {
            JsonArray b = again.ok("listBackups", "id", backup).getAsJsonArray("backup");
            String status = b.get(0).getAsJsonObject().get("status").getAsString();
            return status.equals("BackingUp") ? null : status;
        }, Duration.ofSeconds(120));
        JsonObject recovered = again.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(recovered.toString(), "BackedUp", recovered.get("status").getAsString());
        assertTrue(recovered.toString(), recovered.get("size").getAsLong() > 0);
        JsonObject answered = again.waitForJob(asked.get("jobid").getAsString(), Duration.ofSeconds(60));
        assertEquals("the backup's own job answers the backup, not the shutdown: " + answered, 1,
                answered.get("jobstatus").getAsInt());

        // The VM was released, and the recovered backup is a parent like any other.
        String next = again.ok("createBackup", "virtualmachineid", vm).get("jobid").getAsString();
        assertEquals(1, again.waitForJob(next, Duration.ofSeconds(120)).get("jobstatus").getAsInt());
        JsonArray all = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        JsonObject increment = all.get(1).getAsJsonObject();
        assertEquals(increment.toString(), "Incremental", increment.get("type").getAsString());
        assertEquals(backup, increment.get("parentid").getAsString());
    }

    @Test
    public void aBackupQueuedBehindTheHostLimitWhenItsServerStopsIsStartedByTheNextServer() throws Exception {
        ApiSession admin = setUp("1G");
        LabVm second = cloud.discover(0, cloud.startDomain("256M", "16M"));
        String waiting = second.uuid;
        cloud.assignOffering(admin, second, offering);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", vm).get("id").getAsString();
        waitFor(() -> cloud
                .single("SELECT COALESCE(progress_bytes_total, 0) FROM backup WHERE uuid = '" + running + "'")
                .equals("0") ? null : "running", Duration.ofSeconds(60));
        String queued = admin.ok("createBackup", "virtualmachineid", waiting).get("id").getAsString();
        cloud.stopServer();
        assertEquals("BackingUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + running + "'"));
        assertEquals("the stopped server left the second backup waiting", "Queued",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + queued + "'"));

        cloud.startServer(b -> {
        });
        waitFor(() -> cloud.single("SELECT COUNT(*) FROM backup WHERE status IN ('Queued', 'BackingUp')").equals("0")
                ? "done"
                : null, Duration.ofSeconds(120));
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + running + "'"));
        assertEquals("the queued backup was started by the next server, not dropped", "BackedUp",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + queued + "'"));
        assertEquals("both VMs are free", "0",
                cloud.single("SELECT COUNT(*) FROM operation WHERE vm_lock IS NOT NULL"));
    }

    @Test
    public void aRestoreRunningWhenItsServerStopsIsFollowedToItsEndByTheNextServerAndTheVmIsReleased()
            throws Exception {
        ApiSession admin = setUp("1536M");
        String backup = backUp(admin);
        domain.write(0xab, "0", "1M"); // after the backup: the restore must undo it
        stopVm();

        String job = admin.ok("restoreBackup", "id", backup).get("jobid").getAsString();
        waitFor(() -> cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'RESTORE' AND state = 'RUNNING'")
                .equals("1")
                        ? "admitted"
                        : null,
                Duration.ofSeconds(60));
        cloud.stopServer();
        assertEquals("the stopped server left the backup Restoring", "Restoring",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("RESTORE", cloud.single(LabCloud.holderOf(vm)));

        ApiSession again = ApiSession.login(cloud.startServer(b -> {
        }).baseUrl(), "admin", cloud.adminPassword(), "/");
        waitFor(() -> cloud
                .single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                        + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)")
                .equals("1") ? "released" : null, Duration.ofSeconds(120));
        JsonObject answered = again.waitForJob(job, Duration.ofSeconds(120));
        assertEquals("the restore's own job answers its real outcome: " + answered, 1,
                answered.get("jobstatus").getAsInt());
        JsonObject restored = again.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(restored.toString(), "BackedUp", restored.get("status").getAsString());
        assertEquals("0", cloud.single(
                "SELECT COUNT(*) FROM operation WHERE kind IN ('RESTORE', 'VOLUME_RESTORE') AND state IN ('QUEUED', 'RUNNING')"));
        assertNotEquals("a finished restore leaves the VM's disks consistent", "BackupError",
                cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + vm + "'"));
        assertPattern(domain.disk, 0x5a, 0); // the write after the backup is gone: the agent's restore finished

        // The restore ended the chain: the next backup is full.
        startVm();
        String next = again.ok("createBackup", "virtualmachineid", vm).get("id").getAsString();
        waitFor(() -> {
            String status = cloud.single("SELECT status FROM backup WHERE uuid = '" + next + "'");
            return status.equals("Queued") || status.equals("BackingUp") ? null : status;
        }, Duration.ofSeconds(120));
        JsonObject full = again.ok("listBackups", "id", next).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(full.toString(), "BackedUp", full.get("status").getAsString());
        assertEquals(full.toString(), "Full", full.get("type").getAsString());
    }

    @Test
    public void aDeleteRunningWhenItsServerStopsIsFinishedByTheNextServerTheVmFreeAndTheSurvivorRestorable()
            throws Exception {
        ApiSession admin = setUp("64M");
        backUp(admin);
        domain.write(0xab, "0", "1536M"); // a large increment: merging it takes a while
        String middle = backUp(admin);
        domain.write(0xcd, "0", "1M");
        String newest = backUp(admin);

        String deleteJob = admin.ok("deleteBackup", "id", middle).get("jobid").getAsString();
        waitFor(() -> cloud
                .single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm + "' AND EXISTS (SELECT 1 FROM operation"
                        + " o WHERE o.vm_lock = vm_instance.id AND o.kind = 'DELETE')")
                .equals("1") ? "deleting" : null, Duration.ofSeconds(60));
        cloud.stopServer();
        assertEquals("the stopped server left the deleted backup Removed", "Removed",
                cloud.single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));

        ApiSession again = ApiSession.login(cloud.startServer(b -> {
        }).baseUrl(), "admin", cloud.adminPassword(), "/");
        waitFor(() -> cloud
                .single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                        + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)")
                .equals("1") ? "released" : null, Duration.ofSeconds(120));
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals("the deleted backup stays hidden: " + listed, 2, listed.size());
        // The next server adopted the delete and followed its merge to its end: the backup is gone for good,
        // and the delete's own job answers that.
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));
        JsonObject deleted = again.waitForJob(deleteJob, Duration.ofSeconds(60));
        assertEquals(deleted.toString(), 1, deleted.get("jobstatus").getAsInt());

        // The survivor is whole: it holds its own write and the deleted backup's.
        waitFor(() -> agentIdle() ? "idle" : null, Duration.ofSeconds(120));
        stopVm();
        String job = again.ok("restoreBackup", "id", newest).get("jobid").getAsString();
        JsonObject r = again.waitForJob(job, Duration.ofSeconds(120));
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 1535);
    }

    /** Whether the agent runs no job now (its journal, as the server would ask it). */
    private boolean agentIdle() throws Exception {
        ListJobsCommand list = new ListJobsCommand();
        list.activeOnly = true;
        return cloud.server().bean(AgentChannels.class).forHost(
                Long.parseLong(cloud.single("SELECT id FROM host WHERE uuid = '" + host + "'"))).execute(list).jobs
                .isEmpty();
    }

    private String backUp(ApiSession session) throws Exception {
        return cloud.takeBackup(session, vm);
    }

    private void stopVm() throws Exception {
        cloud.stop(new LabVm(vm, domain, host));
    }

    private void startVm() throws Exception {
        cloud.start(new LabVm(vm, domain, host));
    }

    @FunctionalInterface
    private interface Probe {
        /** @return null while the awaited state is not reached */
        String check() throws Exception;
    }

    private static void waitFor(Probe probe, Duration timeout) throws Exception {
        Waiting.until(() -> probe.check() != null, timeout);
    }
}
