package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backup jobs over HTTP on the real stack: kboss-server, MariaDB, a kboss-agent process and small TCG domains
 * (16 MiB disks, one of 2 GiB holding 1.5 GiB so that its backup runs long enough to be cancelled). A PARALLEL
 * run backs up both its VMs; a SEQUENTIAL run of three backs them up one at a time in the job's order, as
 * listBackupJobRuns shows while it runs and the queue's times prove, with a real failure (the store refuses the
 * second VM's file: its folder is made immutable) in its ERROR set, which retryBackupJob alone runs again; a
 * SEQUENTIAL run cancelled while its first VM's backup is being written stops that backup on the agent (the VM
 * keeps running, no file is left), and the VMs behind it are never backed up. Limits over two hosts and priority
 * overtaking: MultiVmJobLimitsOverHttpTest (and BackupJobsTest in the orchestration tier).
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

    @Test
    public void aSequentialRunBacksUpOneVmAtATimeInOrderAndRetryRunsOnlyItsErrorSet() throws Exception {
        List<LabVm> vms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LabVm vm = cloud.newVm("16M");
            cloud.assignOffering(admin, vm, offering);
            vms.add(vm);
        }
        List<String> order = vms.stream().map(v -> v.uuid).toList();
        // A real failure on the store: the second VM's backup folder is immutable (even root cannot create in it).
        Path refusing = volumeFolder(vms.get(1));
        Files.createDirectories(refusing);
        Programs.run(List.of("chattr", "+i", refusing.toString()), Duration.ofSeconds(30));
        String job;
        try {
            job = admin.ok("createBackupJob", "name", "three in a row", "virtualmachineids", String.join(",", order),
                    "execution", "SEQUENTIAL").getAsJsonObject("backupjob").get("id").getAsString();
            admin.ok("runBackupJob", "id", job);
            Set<String> seenOngoing = new LinkedHashSet<>();
            JsonObject run = followRun(job, r -> {
                List<String> ongoing = ids(r, "ongoing");
                assertTrue("one VM at a time: " + r, ongoing.size() <= 1);
                List<String> done = new ArrayList<>(ids(r, "updated"));
                done.addAll(ids(r, "error"));
                assertEquals("finished in the job's order: " + r, order.subList(0, done.size()),
                        order.stream().filter(done::contains).toList());
                seenOngoing.addAll(ongoing);
            });
            assertEquals(run.toString(), "FINISHED", run.get("state").getAsString());
            assertEquals(run.toString(), List.of(order.get(0), order.get(2)), ids(run, "updated"));
            assertEquals(run.toString(), List.of(order.get(1)), ids(run, "error"));
            String why = run.getAsJsonArray("error").get(0).getAsJsonObject().get("error").getAsString();
            assertFalse(why, why.isBlank());
            assertEquals("seen ongoing in order", order.stream().filter(seenOngoing::contains).toList(),
                    List.copyOf(seenOngoing));
            // The queue's own times: each VM's backup was queued only when the one before it had ended.
            List<String[]> ops = new ArrayList<>();
            for (String line : cloud.single("SELECT GROUP_CONCAT(CONCAT(m.uuid, ' ', UNIX_TIMESTAMP(o.enqueued), ' ',"
                    + " UNIX_TIMESTAMP(o.ended)) ORDER BY o.id SEPARATOR ';') FROM operation o JOIN vm_instance m ON"
                    + " m.id = o.vm_id WHERE o.kind = 'BACKUP' AND m.uuid IN ('" + String.join("','", order) + "')")
                    .split(";")) {
                ops.add(line.split(" "));
            }
            assertEquals(order, ops.stream().map(o -> o[0]).toList());
            for (int i = 1; i < ops.size(); i++) {
                assertTrue("queued after the previous ended: " + String.join(" ", ops.get(i)) + " after "
                        + String.join(" ", ops.get(i - 1)),
                        Double.parseDouble(ops.get(i)[1]) >= Double.parseDouble(ops.get(i - 1)[2]));
            }
        } finally {
            Programs.run(List.of("chattr", "-i", refusing.toString()), Duration.ofSeconds(30));
        }

        JsonObject retried = admin.waitForJob(admin.ok("retryBackupJob", "id", job).get("jobid").getAsString(),
                SETTLE);
        assertEquals(retried.toString(), 1, retried.get("jobstatus").getAsInt());
        JsonObject after = followRun(job, r -> {
            assertTrue("only the ERROR set runs again: " + r, List.of(order.get(1)).containsAll(ids(r, "ongoing")));
        });
        assertEquals(after.toString(), "FINISHED", after.get("state").getAsString());
        assertEquals(after.toString(), order, ids(after, "updated"));
        for (LabVm vm : vms) {
            JsonArray backups = cloud.list(admin, "virtualmachineid", vm.uuid);
            long backedUp = 0;
            for (JsonElement b : backups) {
                backedUp += "BackedUp".equals(b.getAsJsonObject().get("status").getAsString()) ? 1 : 0;
            }
            assertEquals("one BackedUp backup of each, none taken twice: " + backups, 1, backedUp);
        }
    }

    @Test
    public void aSequentialRunCancelledMidWayStopsTheRunningBackupCleanlyAndDropsTheVmsBehindIt() throws Exception {
        LabVm big = cloud.discover(0, cloud.startDomain("2G", "1536M"));
        cloud.assignOffering(admin, big, offering);
        List<LabVm> behind = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LabVm vm = cloud.newVm("16M");
            cloud.assignOffering(admin, vm, offering);
            behind.add(vm);
        }
        String job = admin.ok("createBackupJob", "name", "cancelled mid-way", "virtualmachineids", big.uuid + ","
                + behind.get(0).uuid + "," + behind.get(1).uuid, "execution", "SEQUENTIAL").getAsJsonObject(
                        "backupjob")
                .get("id").getAsString();
        admin.ok("runBackupJob", "id", job);
        Waiting.until(() -> "BackingUp".equals(cloud.single("SELECT b.status FROM backup b JOIN vm_instance m ON"
                + " m.id = b.vm_id WHERE m.uuid = '" + big.uuid + "'")), SETTLE);
        String backup = cloud.single("SELECT b.uuid FROM backup b JOIN vm_instance m ON m.id = b.vm_id WHERE m.uuid"
                + " = '" + big.uuid + "'");
        Waiting.until(() -> cloud.agentJobOf(big.hostUuid, backup).bytesDone > 0, SETTLE);

        JsonObject cancelled = admin.ok("cancelBackupJob", "id", job).getAsJsonObject("backupjobrun");
        assertEquals(cancelled.toString(), "CANCELLED", cancelled.get("state").getAsString());
        assertEquals(cancelled.toString(), List.of(behind.get(0).uuid, behind.get(1).uuid), ids(cancelled,
                "outdated"));
        Waiting.until(() -> !"BackingUp".equals(cloud.listed(admin, backup).get("status").getAsString()), SETTLE);
        assertEquals("Failed", cloud.listed(admin, backup).get("status").getAsString());
        JsonObject after = admin.ok("listBackupJobRuns", "backupjobid", job).getAsJsonArray("backupjobrun").get(0)
                .getAsJsonObject();
        assertEquals(after.toString(), "CANCELLED", after.get("state").getAsString());
        assertEquals(after.toString(), List.of(big.uuid), ids(after, "error"));
        assertEquals(after.toString(), List.of(behind.get(0).uuid, behind.get(1).uuid), ids(after, "outdated"));
        assertTrue("the VM kept running", big.domain.running());
        assertEquals("no file of the cancelled backup is left", List.of(), filesOf(backup));
        for (LabVm vm : behind) {
            assertEquals("never backed up", 0, cloud.list(admin, "virtualmachineid", vm.uuid).size());
        }
        assertEquals("nothing of the run is queued or running", "0", cloud.single("SELECT COUNT(*) FROM operation"
                + " WHERE state IN ('QUEUED', 'RUNNING')"));
    }

    /** Polls the job's latest run until it is no longer RUNNING, showing each answer to {@code seen}. */
    private static JsonObject followRun(String job, java.util.function.Consumer<JsonObject> seen) throws Exception {
        long end = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < end) {
            JsonObject run = admin.ok("listBackupJobRuns", "backupjobid", job).getAsJsonArray("backupjobrun").get(0)
                    .getAsJsonObject();
            seen.accept(run);
            if (!"RUNNING".equals(run.get("state").getAsString())) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run of job " + job + " did not end within " + SETTLE);
    }

    private static List<String> ids(JsonObject run, String set) {
        List<String> out = new ArrayList<>();
        if (run.has(set)) {
            for (JsonElement e : run.getAsJsonArray(set)) {
                out.add(e.getAsJsonObject().get("id").getAsString());
            }
        }
        return out;
    }

    /** Where the VM's (one) volume's backups go on the store: backups/ACCOUNT/VOLUME. */
    private static Path volumeFolder(LabVm vm) throws Exception {
        return cloud.store.resolve("backups").resolve(cloud.single("SELECT m.account_id FROM vm_instance m WHERE"
                + " m.uuid = '" + vm.uuid + "'")).resolve(cloud.single("SELECT v.id FROM volume v JOIN vm_instance m"
                        + " ON m.id = v.vm_id WHERE m.uuid = '" + vm.uuid + "'"));
    }

    private static List<Path> filesOf(String backup) throws Exception {
        try (Stream<Path> all = Files.walk(cloud.store)) {
            return all.filter(p -> p.toString().contains(backup)).toList();
        }
    }
}
