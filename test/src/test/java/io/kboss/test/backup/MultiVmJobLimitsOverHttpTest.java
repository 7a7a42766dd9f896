package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The multi-VM scenario on the real stack: kboss-server, MariaDB, two kboss-agent processes on this
 * machine's libvirtd (two hosts, each owning the domains of its own name prefix) and eight small TCG domains
 * without a guest (16 MiB disks: a backup needs no OS). A PARALLEL job of six VMs, three on each host, and a
 * later job of two more VMs at a higher priority run under a limit of 3 backups cloud-wide and 2 per host.
 *
 * <p>What ran when is read from the server's own records, not from timing: the events the queue writes in the
 * same transaction as each operation's change (Scheduled when queued, Started when claimed, Completed when
 * ended). Their ids are the order of those transactions as far as the claims are concerned: a claim sees an
 * end only once the end has committed, and the end's event was inserted before that commit, so replaying the
 * events never shows an overlap the claims did not see.
 *
 * <p>To make the overtaking certain rather than likely, both hosts are kept full while the two runs are asked
 * for: rows standing in for other work (RUNNING operations of this server that no agent runs) take every slot,
 * so all eight backups wait in the queue, the low-priority job's queued first. The stand-ins are then removed
 * in one statement, and everything after that is the real dispatcher, agents and libvirt.
 */
public class MultiVmJobLimitsOverHttpTest {
    private static final Duration SETTLE = Duration.ofSeconds(240);
    // Unique per run: another run of this class on the same libvirtd must not lend its domains to ours.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 4);
    private static final String[] PREFIXES = {"kbt-mj-h1-" + RUN + "-", "kbt-mj-h2-" + RUN + "-"};
    private static final int CLOUD_LIMIT = 3;
    private static final int HOST_LIMIT = 2;

    private static LabCloud cloud;
    private static ApiSession admin;
    /** Per host: three VMs of the low-priority job, then one of the high-priority job. */
    private static final List<List<LabVm>> vms = List.of(new ArrayList<>(), new ArrayList<>());

    @BeforeClass
    public static void startTwoHostsWithFourVmsEach() throws Exception {
        cloud = LabCloud.builder("kbt-multivm-", "multivm_jobs_http").adminPassword("multivm-admin").zone("multivm")
                .offering("multivm", "multi-VM jobs").hostsOwning(PREFIXES).jobTimeout(SETTLE).start();
        admin = cloud.admin;
        List<List<LabDomain>> domains = List.of(new ArrayList<>(), new ArrayList<>());
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 4; i++) {
                domains.get(h).add(cloud.startDomain(h, "16M", null));
            }
        }
        for (int h = 0; h < 2; h++) {
            cloud.syncNow(cloud.hostUuids.get(h));
            for (LabDomain d : domains.get(h)) {
                LabVm vm = cloud.registered(h, d);
                cloud.assignOffering(admin, vm, cloud.offering("multivm"));
                vms.get(h).add(vm);
            }
        }
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void sixVmsOnTwoHostsRunWithinTheLimitsAndALaterHigherPriorityJobsVmsAreClaimedFirst() throws Exception {
        List<LabVm> low = new ArrayList<>();
        List<LabVm> high = new ArrayList<>();
        for (List<LabVm> host : vms) {
            low.addAll(host.subList(0, 3));
            high.add(host.get(3));
        }
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations", "value", "" + CLOUD_LIMIT);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "" + HOST_LIMIT);
        List<String> standIns = new ArrayList<>();
        for (String host : cloud.hostUuids) {
            for (int i = 0; i < HOST_LIMIT; i++) {
                standIns.add(occupySlot(host));
            }
        }
        String lowJob = createJob("six in parallel", low, "10");
        String highJob = createJob("two that matter more", high, "60");
        try {
            admin.ok("runBackupJob", "id", lowJob);
            admin.ok("runBackupJob", "id", highJob);
            assertEquals("all eight backups wait while the hosts are full", "8", cloud.single("SELECT COUNT(*) FROM"
                    + " operation WHERE kind = 'BACKUP' AND state = 'QUEUED'"));
            assertEquals("at their jobs' priorities", "10 6;60 2", cloud.single("SELECT GROUP_CONCAT(CONCAT(priority,"
                    + " ' ', n) ORDER BY priority SEPARATOR ';') FROM (SELECT priority, COUNT(*) n FROM operation"
                    + " WHERE kind = 'BACKUP' GROUP BY priority) p"));
        } finally {
            cloud.sql.execute("DELETE FROM operation WHERE uuid IN ('" + String.join("','", standIns) + "')");
        }

        JsonObject lowRun = followRun(lowJob);
        JsonObject highRun = followRun(highJob);
        assertEquals(lowRun.toString(), "FINISHED", lowRun.get("state").getAsString());
        assertEquals(highRun.toString(), "FINISHED", highRun.get("state").getAsString());
        assertEquals(lowRun.toString(), uuids(low), sorted(ids(lowRun, "updated")));
        assertEquals(highRun.toString(), uuids(high), sorted(ids(highRun, "updated")));
        for (List<LabVm> host : vms) {
            for (LabVm vm : host) {
                assertEquals("one BackedUp backup of " + vm.uuid, "1", cloud.single("SELECT COUNT(*) FROM backup b"
                        + " JOIN vm_instance m ON m.id = b.vm_id WHERE m.uuid = '" + vm.uuid + "' AND b.status ="
                        + " 'BackedUp'"));
                assertEquals("its backup ran on its own host", "1", cloud.single("SELECT COUNT(*) FROM operation o"
                        + " JOIN vm_instance m ON m.id = o.vm_id JOIN host h ON h.id = o.host_id WHERE o.kind ="
                        + " 'BACKUP' AND m.uuid = '" + vm.uuid + "' AND h.uuid = '" + vm.hostUuid + "'"));
            }
        }

        Replay replay = replay();
        System.out.println("Multi-VM jobs: at most " + replay.mostTotal + " backups ran at once, per host "
                + replay.mostPerHost + "; claim order " + replay.claimOrder);
        assertTrue("never more than " + CLOUD_LIMIT + " at once: " + replay.mostTotal, replay.mostTotal <= CLOUD_LIMIT);
        for (String host : cloud.hostUuids) {
            int most = replay.mostPerHost.getOrDefault(host, 0);
            assertTrue("never more than " + HOST_LIMIT + " at once on host " + host + ": " + most, most <= HOST_LIMIT);
            assertTrue("host " + host + " ran backups", most >= 1);
        }
        // Released at once with eight queued, the first claim fills the cloud-wide limit: PARALLEL runs them
        // side by side as far as the limits allow, and one host takes two of the three.
        assertEquals("the first claim took as many as the cloud-wide limit allows", CLOUD_LIMIT, replay.mostTotal);
        assertTrue("one host ran two at once: " + replay.mostPerHost, replay.mostPerHost.containsValue(HOST_LIMIT));

        List<String> lowIds = uuids(low);
        List<String> highIds = uuids(high);
        for (String l : lowIds) {
            for (String h : highIds) {
                assertTrue("the low-priority backup of " + l + " was queued before the high-priority one of " + h,
                        replay.scheduled.get(l) < replay.scheduled.get(h));
            }
        }
        assertEquals("the later, higher-priority job's VMs were claimed first", highIds,
                sorted(replay.claimOrder.subList(0, 2)));
        assertEquals(lowIds, sorted(replay.claimOrder.subList(2, 8)));
        assertEquals("nothing is left queued or running", "0", cloud.single("SELECT COUNT(*) FROM operation WHERE"
                + " state IN ('QUEUED', 'RUNNING')"));
    }

    /** What the BACKUP.CREATE events of the eight VMs say, replayed in id order. */
    private static Replay replay() throws Exception {
        Map<String, String> hostOf = new HashMap<>();
        for (List<LabVm> host : vms) {
            for (LabVm vm : host) {
                hostOf.put(vm.uuid, vm.hostUuid);
            }
        }
        Replay r = new Replay();
        Map<String, Integer> runningPerHost = new HashMap<>();
        int running = 0;
        List<String> rows = cloud.sql.rows("SELECT id, state, resource_uuid FROM event WHERE type = 'BACKUP.CREATE'"
                + " AND resource_type = 'VirtualMachine' AND resource_uuid IN ('" + String.join("','", hostOf.keySet())
                + "') ORDER BY id");
        for (String row : rows) {
            String[] f = row.split(" ");
            long id = Long.parseLong(f[0]);
            String vm = f[2];
            String host = hostOf.get(vm);
            switch (f[1]) {
                case "Scheduled" -> r.scheduled.put(vm, id);
                case "Started" -> {
                    r.claimOrder.add(vm);
                    running++;
                    int n = runningPerHost.merge(host, 1, Integer::sum);
                    r.mostTotal = Math.max(r.mostTotal, running);
                    r.mostPerHost.merge(host, n, Math::max);
                }
                case "Completed" -> {
                    running--;
                    runningPerHost.merge(host, -1, Integer::sum);
                }
                default -> throw new AssertionError("unexpected event state in " + row);
            }
        }
        assertEquals("each VM's backup was queued, claimed and ended once: " + rows, 24, rows.size());
        return r;
    }

    private static final class Replay {
        final Map<String, Long> scheduled = new HashMap<>();
        final List<String> claimOrder = new ArrayList<>();
        final Map<String, Integer> mostPerHost = new HashMap<>();
        int mostTotal;
    }

    /**
     * Takes one backup slot of the host as other running work would: a RUNNING operation of the backup limit group
     * on the host, picked by the live server (which heartbeats it, so nobody adopts it) and run by nobody. It holds
     * no VM.
     *
     * @return its uuid, to remove it by
     */
    private static String occupySlot(String hostUuid) throws Exception {
        String uuid = UUID.randomUUID().toString();
        cloud.sql.execute("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, host_id, zone_id,"
                + " state, attempts, next_attempt, picked_by, heartbeat, enqueued, started) SELECT '" + uuid + "',"
                + " 'RESTORE', 'API', 'backup', 'NONE', h.id, h.zone_id, 'RUNNING', 1, UTC_TIMESTAMP(3), (SELECT"
                + " MAX(id) FROM mshost WHERE state = 'Up'), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)"
                + " FROM host h WHERE h.uuid = '" + hostUuid + "'");
        return uuid;
    }

    private static String createJob(String name, List<LabVm> members, String priority) throws Exception {
        return admin.ok("createBackupJob", "name", name, "virtualmachineids", String.join(",", uuids(members)),
                "execution", "PARALLEL", "priority", priority).getAsJsonObject("backupjob").get("id").getAsString();
    }

    /** Polls the job's latest run until it is no longer RUNNING. */
    private static JsonObject followRun(String job) throws Exception {
        long end = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < end) {
            JsonObject run = admin.ok("listBackupJobRuns", "backupjobid", job).getAsJsonArray("backupjobrun").get(0)
                    .getAsJsonObject();
            if (!"RUNNING".equals(run.get("state").getAsString())) {
                return run;
            }
            Thread.sleep(200);
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

    private static List<String> uuids(List<LabVm> members) {
        return sorted(members.stream().map(v -> v.uuid).toList());
    }

    private static List<String> sorted(List<String> in) {
        return in.stream().sorted().toList();
    }
}
