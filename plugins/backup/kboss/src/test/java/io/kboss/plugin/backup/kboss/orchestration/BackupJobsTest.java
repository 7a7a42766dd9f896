package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.server.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backup jobs through the API on the real queue: PARALLEL under per-host limits, SEQUENTIAL order,
 * priority overtaking, cancel of a run mid-way, retry of the ERROR set, keep last N, VMs leaving a job,
 * and who may see, change and run a job. Each VM's backup is an ordinary BACKUP operation run by the
 * server's dispatcher passes; agents are the tier's fakes.
 */
public class BackupJobsTest extends OneServerLab {
    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_backup_jobs", "jobs", 20, "job");
    }

    /** No per-host limit unless a test sets one (the default is 2). */
    @Before
    public void noLimits() {
        cloud.setting("backup.max.concurrent.operations.per.host", "0");
    }

    @After
    public void drain() throws Exception {
        endLeftoversAndLimits();
    }

    private static String uuids(List<OrchestrationCloud.Vm> vms) {
        return vms.stream().map(OrchestrationCloud.Vm::uuid).collect(Collectors.joining(","));
    }

    private static String createJob(Caller caller, String name, List<OrchestrationCloud.Vm> vms, String... more) {
        List<String> args = new ArrayList<>(List.of("name", name, "virtualmachineids", uuids(vms)));
        args.addAll(List.of(more));
        JsonObject job = server.ok(caller, "createBackupJob", args.toArray(new String[0])).getAsJsonObject(
                "backupjob");
        return job.get("id").getAsString();
    }

    /** runBackupJob; returns the run as its (ended) async job answers it. */
    private static JsonObject run(Caller caller, String job) {
        JsonObject started = server.ok(caller, "runBackupJob", "id", job);
        JsonObject ended = server.endedJob(caller, started.get("jobid").getAsString());
        assertEquals(ended.toString(), 1, ended.get("jobstatus").getAsInt());
        return ended.getAsJsonObject("jobresult").getAsJsonObject("backupjobrun");
    }

    private static JsonObject lastRun(Caller caller, String job) {
        JsonObject list = server.ok(caller, "listBackupJobRuns", "backupjobid", job);
        return list.getAsJsonArray("backupjobrun").get(0).getAsJsonObject();
    }

    private static List<String> names(JsonObject run, String set) {
        List<String> out = new ArrayList<>();
        JsonArray a = run.getAsJsonArray(set);
        if (a != null) {
            for (JsonElement e : a) {
                out.add(e.getAsJsonObject().get("name").getAsString());
            }
        }
        return out;
    }

    /** The VMs, by name, in the order the agents were asked to back them up. */
    private static List<String> backupOrder(List<OrchestrationCloud.Vm> among) {
        List<String> order = new ArrayList<>();
        for (TakeBackupCommand c : cloud.agents.commands(TakeBackupCommand.class)) {
            among.stream().filter(v -> cloud.single("SELECT domain_uuid FROM vm_instance WHERE id = ?", v.id())
                    .equals(c.vmUuid)).findFirst().ifPresent(v -> order.add(v.name()));
        }
        return order;
    }

    private static OrchestrationCloud.Vm vmOf(Caller owner, String name, long host) {
        OrchestrationCloud.Vm vm = cloud.vm(name, host);
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", owner.accountId(), vm.id());
        return vm;
    }

    @Test
    public void aParallelJobOverSixVmsOnTwoHostsRunsAsThePerHostLimitAllowsAndEndsWithSixBackups()
            throws Exception {
        cloud.setting("backup.max.concurrent.operations.per.host", "2");
        long h1 = newHost();
        long h2 = newHost();
        List<OrchestrationCloud.Vm> vms = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            vms.add(cloud.vm("par-" + i, i % 2 == 0 ? h2 : h1));
        }
        String job = createJob(admin, "parallel", vms, "execution", "PARALLEL", "priority", "20");
        JsonObject started = run(admin, job);
        assertEquals("RUNNING", started.get("state").getAsString());
        assertEquals("every VM's backup is queued at once", 6, names(started, "ongoing").size());
        assertEquals("at the job's priority", 6, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b"
                + " ON b.id = o.backup_id WHERE o.state = 'QUEUED' AND o.priority = 20 AND o.origin = 'BACKUP_JOB'"
                + " AND b.backup_job_id IS NOT NULL"));
        cloud.agents.hold();
        assertEquals("two per host", 4, claimOnce());
        for (long h : List.of(h1, h2)) {
            assertEquals(2, cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING' AND host_id = ?", h));
        }
        JsonObject mid = lastRun(admin, job);
        assertEquals(mid.toString(), 6, names(mid, "ongoing").size());
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        for (Thread t : passes) {
            t.join();
        }
        server.drain();
        JsonObject done = lastRun(admin, job);
        assertEquals(done.toString(), "FINISHED", done.get("state").getAsString());
        assertEquals(done.toString(), 6, names(done, "updated").size());
        assertTrue(names(done, "outdated").isEmpty() && names(done, "ongoing").isEmpty() && names(done, "error")
                .isEmpty());
        for (OrchestrationCloud.Vm vm : vms) {
            assertEquals(vm.name(), 1, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ? AND status ="
                    + " 'BackedUp' AND backup_job_id IS NOT NULL", vm.id()));
        }
        JsonObject listed = server.ok(admin, "listBackupJobs", "id", job).getAsJsonArray("backupjob").get(0)
                .getAsJsonObject();
        assertEquals("FINISHED", listed.getAsJsonObject("lastrun").get("state").getAsString());
        assertFalse("no row ids in answers: " + listed, listed.toString().matches(".*\"id\":\\d+[,}].*"));
    }

    @Test
    public void aSequentialJobBacksUpOneVmAtATimeInTheJobsOrder() throws Exception {
        long h = newHost();
        List<OrchestrationCloud.Vm> vms = List.of(cloud.vm("seq-c", h), cloud.vm("seq-a", h), cloud.vm("seq-b",
                newHost()));
        String job = createJob(admin, "sequential", vms);
        JsonObject started = run(admin, job);
        assertEquals(List.of("seq-c"), names(started, "ongoing"));
        assertEquals(List.of("seq-a", "seq-b"), names(started, "outdated"));
        for (int i = 0; i < 3; i++) {
            assertEquals("one VM at a time", 1, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b ON b.id"
                    + " = o.backup_id WHERE o.state IN ('QUEUED', 'RUNNING') AND b.backup_job_id IS NOT NULL"));
            assertEquals(1, server.pass());
        }
        assertEquals(List.of("seq-c", "seq-a", "seq-b"), backupOrder(vms));
        JsonObject done = lastRun(admin, job);
        assertEquals("FINISHED", done.get("state").getAsString());
        assertEquals(List.of("seq-c", "seq-a", "seq-b"), names(done, "updated"));
    }

    @Test
    public void aSequentialRunMovesOnWhicheverServerEndsItsBackupsEvenOneStartedAfterTheRun() throws Exception {
        long h = newHost();
        List<OrchestrationCloud.Vm> vms = List.of(cloud.vm("two-1", h), cloud.vm("two-2", h), cloud.vm("two-3", h));
        String job = createJob(admin, "two servers", vms);
        run(admin, job);
        try (OrchestrationServer other = cloud.server("ms-2", 4)) {
            assertEquals("the second server ends the first VM's backup and queues the next", 1, other.pass());
            assertEquals(List.of("two-2"), names(lastRun(admin, job), "ongoing"));
            assertEquals(1, server.pass());
            assertEquals(1, other.pass());
        }
        JsonObject done = lastRun(admin, job);
        assertEquals("FINISHED", done.get("state").getAsString());
        assertEquals(List.of("two-1", "two-2", "two-3"), names(done, "updated"));
        assertEquals(List.of("two-1", "two-2", "two-3"), backupOrder(vms));
    }

    @Test
    public void aHigherPriorityJobsVmsAreClaimedBeforeALowerPriorityJobQueuedEarlier() throws Exception {
        cloud.setting("backup.max.concurrent.operations", "1");
        long h = newHost();
        List<OrchestrationCloud.Vm> low = List.of(cloud.vm("low-1", h), cloud.vm("low-2", h));
        List<OrchestrationCloud.Vm> high = List.of(cloud.vm("high-1", h), cloud.vm("high-2", h));
        String lowJob = createJob(admin, "low", low, "execution", "PARALLEL", "priority", "5");
        String highJob = createJob(admin, "high", high, "execution", "PARALLEL", "priority", "70");
        run(admin, lowJob);
        cloud.clock.advance(java.time.Duration.ofSeconds(1));
        run(admin, highJob);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, server.pass());
        }
        List<OrchestrationCloud.Vm> all = new ArrayList<>(low);
        all.addAll(high);
        assertEquals("the later, higher-priority job overtakes", List.of("high-1", "high-2", "low-1", "low-2"),
                backupOrder(all));
    }

    @Test
    public void cancellingARunDropsItsQueuedBackupsAndStopsTheRunningOnes() throws Exception {
        cloud.setting("backup.max.concurrent.operations", "2");
        long h = newHost();
        List<OrchestrationCloud.Vm> vms = List.of(cloud.vm("can-1", h), cloud.vm("can-2", h), cloud.vm("can-3", h),
                cloud.vm("can-4", h));
        String job = createJob(admin, "cancel", vms, "execution", "PARALLEL");
        run(admin, job);
        cloud.agents.hold();
        assertEquals(2, claimOnce());
        JsonObject cancelled = server.ok(admin, "cancelBackupJob", "id", job).getAsJsonObject("backupjobrun");
        assertEquals("CANCELLED", cancelled.get("state").getAsString());
        assertEquals(List.of("can-3", "can-4"), names(cancelled, "outdated"));
        assertEquals(List.of("can-1", "can-2"), names(cancelled, "ongoing"));
        assertEquals("the queued backups' operations are cancelled", 2, cloud.count("SELECT COUNT(*) FROM operation"
                + " o JOIN backup b ON b.id = o.backup_id WHERE o.state = 'CANCELLED' AND b.vm_id IN (?, ?)",
                vms.get(2).id(), vms.get(3).id()));
        assertEquals("and their backups Failed, saying why", 2, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id"
                + " IN (?, ?) AND status = 'Failed' AND error LIKE '%run was cancelled%'", vms.get(2).id(),
                vms.get(3).id()));
        cloud.agents.poke(); // the followers' next poll reads the cancel from the operations' rows
        for (Thread t : passes) {
            t.join(10_000);
        }
        passes.clear();
        assertEquals("nothing more is queued", 0, server.drain());
        assertEquals("the running backups' operations are cancelled too", 2, cloud.count("SELECT COUNT(*) FROM"
                + " operation o JOIN backup b ON b.id = o.backup_id WHERE o.state = 'CANCELLED' AND b.vm_id IN (?, ?)",
                vms.get(0).id(), vms.get(1).id()));
        JsonObject after = lastRun(admin, job);
        assertEquals("CANCELLED", after.get("state").getAsString());
        assertEquals("their VMs end in the error set", List.of("can-1", "can-2"), names(after, "error"));
        assertEquals(List.of("can-3", "can-4"), names(after, "outdated"));
        server.refused(431, admin, "cancelBackupJob", "id", job);
        JsonObject again = run(admin, job);
        assertEquals("a new run takes all four again", 4, names(again, "ongoing").size());
    }

    @Test
    public void retryRunsOnlyTheErrorSetAgain() throws Exception {
        long h = newHost();
        List<OrchestrationCloud.Vm> vms = List.of(cloud.vm("ret-1", h), cloud.vm("ret-2", h), cloud.vm("ret-3", h));
        String job = createJob(admin, "retry", vms, "execution", "PARALLEL");
        server.refused(431, admin, "retryBackupJob", "id", job);
        run(admin, job);
        cloud.agents.hold();
        assertEquals(3, claimOnce());
        String failing = cloud.single("SELECT o.uuid FROM operation o WHERE o.vm_id = ? AND o.state = 'RUNNING'",
                vms.get(1).id());
        // A pass runs its claimed handlers one after another: end the others until the failing one started.
        while (!cloud.agents.running(failing)) {
            int started = cloud.agents.jobs();
            for (String r : cloud.agents.runningRequests()) {
                if (!r.equals(failing)) {
                    cloud.agents.finish(r);
                }
            }
            cloud.agents.awaitJobs(started + 1);
        }
        cloud.agents.fail(failing, true, "no space left on the store");
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        for (Thread t : passes) {
            t.join();
        }
        passes.clear();
        server.drain();
        JsonObject done = lastRun(admin, job);
        assertEquals("FINISHED", done.get("state").getAsString());
        assertEquals(List.of("ret-1", "ret-3"), names(done, "updated"));
        assertEquals(List.of("ret-2"), names(done, "error"));
        String error = done.getAsJsonArray("error").get(0).getAsJsonObject().get("error").getAsString();
        assertTrue(error, error.contains("no space left on the store"));
        JsonObject retried = server.endedJob(admin, server.ok(admin, "retryBackupJob", "id", job).get("jobid")
                .getAsString()).getAsJsonObject("jobresult").getAsJsonObject("backupjobrun");
        assertEquals(done.get("id").getAsString(), retried.get("id").getAsString());
        assertEquals(List.of("ret-2"), names(retried, "ongoing"));
        assertEquals(1, server.drain());
        JsonObject after = lastRun(admin, job);
        assertEquals("FINISHED", after.get("state").getAsString());
        assertEquals(List.of("ret-1", "ret-2", "ret-3"), names(after, "updated"));
        assertEquals("the others were not backed up again", 1, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id"
                + " = ?", vms.get(0).id()));
    }

    @Test
    public void keepLastPrunesOnlyTheJobsOwnBackupsOfEachVm() throws Exception {
        long h = newHost();
        OrchestrationCloud.Vm vm = cloud.vm("keep-1", h);
        server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        String job = createJob(admin, "keep", List.of(vm), "keeplast", "1");
        for (int i = 0; i < 3; i++) {
            cloud.clock.advance(java.time.Duration.ofMinutes(1));
            run(admin, job);
            server.drain();
        }
        assertEquals("the job keeps its newest backup", 1, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?"
                + " AND backup_job_id IS NOT NULL AND status = 'BackedUp'", vm.id()));
        assertEquals("its older ones were deleted", 2, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?"
                + " AND backup_job_id IS NOT NULL AND status = 'Expunged'", vm.id()));
        assertEquals("the manual backup is not the job's to delete", 1, cloud.count("SELECT COUNT(*) FROM backup"
                + " WHERE vm_id = ? AND backup_job_id IS NULL AND status = 'BackedUp'", vm.id()));
    }

    @Test
    public void aVmDeletedOrTakenOutOfItsOfferingLeavesTheJobVisibly() throws Exception {
        long h = newHost();
        List<OrchestrationCloud.Vm> vms = List.of(cloud.vm("gone-1", h), cloud.vm("gone-2", h), cloud.vm("gone-3",
                h));
        OrchestrationCloud.Vm other = cloud.vm("gone-other", h);
        String job = createJob(admin, "gone", vms);
        String otherJob = createJob(admin, "gone-too", List.of(vms.get(1), other));
        run(admin, job);
        cloud.sql.update("UPDATE vm_instance SET removed = '2026-03-01 08:00:01.000', state = 'Expunged' WHERE id ="
                + " ?", vms.get(1).id());
        server.drain();
        JsonObject done = lastRun(admin, job);
        assertEquals("FINISHED", done.get("state").getAsString());
        assertEquals("the deleted VM left the run", List.of("gone-1", "gone-3"), names(done, "updated"));
        JsonObject listed = server.ok(admin, "listBackupJobs", "id", job).getAsJsonArray("backupjob").get(0)
                .getAsJsonObject();
        assertEquals(2, listed.getAsJsonArray("virtualmachines").size());
        JsonObject dropped = listed.getAsJsonArray("droppedvirtualmachines").get(0).getAsJsonObject();
        assertEquals(vms.get(1).uuid(), dropped.get("id").getAsString());
        assertEquals("the VM was deleted", dropped.get("reason").getAsString());

        String removal = server.ok(admin, "removeVirtualMachineFromBackupOffering", "virtualmachineid",
                vms.get(2).uuid()).get("jobid").getAsString();
        assertEquals(1, server.endedJob(admin, removal).get("jobstatus").getAsInt());
        JsonObject atOnce = server.ok(admin, "listBackupJobs", "id", job).getAsJsonArray("backupjob").get(0)
                .getAsJsonObject();
        assertEquals("it leaves the job as the removal ends: " + atOnce, 1,
                atOnce.getAsJsonArray("virtualmachines").size());
        JsonObject second = run(admin, job);
        assertEquals(List.of("gone-1"), names(second, "ongoing"));
        server.drain();
        JsonObject relisted = server.ok(admin, "listBackupJobs", "id", job).getAsJsonArray("backupjob").get(0)
                .getAsJsonObject();
        assertTrue(relisted.toString(), relisted.toString().contains("the VM was removed from its backup offering"));

        JsonObject otherRun = run(admin, otherJob);
        assertEquals("a VM in several jobs leaves each", List.of("gone-other"), names(otherRun, "ongoing"));
        server.drain();
    }

    @Test
    public void usersSeeAndRunOnlyTheirAccountsJobsAndPriorityAbove50IsForAdmins() throws Exception {
        long h = newHost();
        Caller alice = user("alice-jobs");
        Caller bob = user("bob-jobs");
        OrchestrationCloud.Vm aliceVm = vmOf(alice, "alice-vm", h);
        OrchestrationCloud.Vm adminVm = cloud.vm("admins-vm", h);
        JsonObject tooHigh = server.refused(432, alice, "createBackupJob", "name", "mine", "virtualmachineids",
                aliceVm.uuid(), "priority", "60");
        String text = tooHigh.get("errortext").getAsString();
        assertTrue(text, text.contains("priority") && text.contains("administrators"));
        JsonObject badExecution = server.refused(431, alice, "createBackupJob", "name", "mine",
                "virtualmachineids", aliceVm.uuid(), "execution", "RANDOM");
        assertTrue(badExecution.toString(), badExecution.get("errortext").getAsString().contains("execution"));
        JsonObject notHers = server.refused(432, alice, "createBackupJob", "name", "mine", "virtualmachineids",
                adminVm.uuid());
        assertTrue(notHers.toString(), notHers.get("errortext").getAsString().contains("another account"));
        assertEquals("refusals create nothing", 0, cloud.count("SELECT COUNT(*) FROM backup_job WHERE account_id ="
                + " ?", alice.accountId()));

        String job = createJob(alice, "mine", List.of(aliceVm), "priority", "50");
        JsonObject bobs = server.ok(bob, "listBackupJobs");
        assertTrue("an empty list: " + bobs, bobs.get("count") == null || bobs.get("count").getAsInt() == 0);
        server.refused(432, bob, "listBackupJobs", "id", job);
        server.refused(432, bob, "runBackupJob", "id", job);
        server.refused(432, bob, "listBackupJobRuns", "backupjobid", job);
        server.refused(432, bob, "updateBackupJob", "id", job, "name", "bobs");
        server.refused(432, bob, "deleteBackupJob", "id", job);
        server.refused(432, alice, "updateBackupJob", "id", job, "priority", "51");
        assertEquals(1, server.ok(admin, "listBackupJobs", "id", job).get("count").getAsInt());
        assertEquals(1, server.ok(alice, "listBackupJobs").get("count").getAsInt());

        run(alice, job);
        server.drain();
        assertEquals(List.of("alice-vm"), names(lastRun(alice, job), "updated"));
        server.ok(admin, "updateBackupJob", "id", job, "priority", "90");
        server.ok(alice, "deleteBackupJob", "id", job);
        assertTrue(server.ok(alice, "listBackupJobs").get("backupjob") == null);
    }
}
