package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.operation.engine.AdmissionRecord;
import io.kboss.server.operation.engine.OperationEngine;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The concurrency limits and Down hosts through the HTTP API, over two hosts: two real agents on
 * the machine's one libvirtd, each owning the domains of its own name prefix
 * ({@code vm.name.prefix}), five tiny TCG domains each. While work runs a sampler reads the backup
 * table every few milliseconds; the admission code's own record is checked as well.
 */
public class LimitsAndDownHostsOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private static final String ONE_PER_VM = "only one backup, restore or delete runs per VM";
    // Unique per run: another run of this class on the same libvirtd must not lend its domains to ours.
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 4);
    private static final String[] PREFIXES = {"kbt-b-h1-" + RUN + "-", "kbt-b-h2-" + RUN + "-"};

    private static LabCloud cloud;
    private static ApiSession admin;
    private static final long[] hostIds = new long[2];
    /** Per host, its VMs. */
    private static final List<List<LabVm>> vms = List.of(new ArrayList<>(), new ArrayList<>());

    @BeforeClass
    public static void startTwoHostsWithFiveVmsEach() throws Exception {
        cloud = LabCloud.builder("kbt-b-limits-", "backup_limits").adminPassword("limits-admin").zone("limits")
                .offering("limits", "limits").hostsOwning(PREFIXES).jobTimeout(JOB_TIMEOUT).start();
        admin = cloud.admin;
        List<List<LabDomain>> domains = List.of(new ArrayList<>(), new ArrayList<>());
        for (int h = 0; h < 2; h++) {
            hostIds[h] = Long
                    .parseLong(cloud.single("SELECT id FROM host WHERE uuid = '" + cloud.hostUuids.get(h) + "'"));
            for (int i = 0; i < 5; i++) {
                // The first VM of the second host holds enough data for its backup to be caught running.
                boolean big = h == 1 && i == 0;
                domains.get(h).add(cloud.startDomain(h, big ? "2G" : "256M", big ? "1G" : "96M"));
            }
        }
        for (int h = 0; h < 2; h++) {
            cloud.syncNow(cloud.hostUuids.get(h));
            for (LabDomain d : domains.get(h)) {
                LabVm vm = cloud.registered(h, d);
                cloud.assignOffering(admin, vm, cloud.offering("limits"));
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
    public void eachHostOwnsOnlyTheDomainsOfItsAgentsNamePrefix() throws Exception {
        for (int h = 0; h < 2; h++) {
            assertEquals("5",
                    cloud.single("SELECT COUNT(*) FROM vm_instance WHERE removed IS NULL AND host_id = " + hostIds[h]
                            + " AND name LIKE '" + PREFIXES[h] + "%'"));
            assertEquals("no VM of another prefix is on host " + h, "0", cloud.single("SELECT COUNT(*) FROM vm_instance"
                    + " WHERE removed IS NULL AND host_id = " + hostIds[h] + " AND name NOT LIKE '" + PREFIXES[h]
                    + "%'"));
        }
    }

    @Test
    public void fiftyBackupRequestsAtOnceOverTwoHostsNeverExceedTheLimitsAndEachEndsBackedUpOrIsRefusedClearly()
            throws Exception {
        setLimits("3", "2");
        AdmissionRecord record = cloud.server().bean(OperationEngine.class).admissionRecord();
        int admissionsBefore = record.admissions();
        Sampler sampler = new Sampler();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        List<String> jobs = new ArrayList<>();
        List<String> backups = new ArrayList<>();
        Map<String, Integer> acceptedPerVm = new HashMap<>();
        int refused = 0;
        try {
            sampler.start();
            List<Future<ApiSession.Answer>> calls = new ArrayList<>();
            List<String> callVm = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (List<LabVm> host : vms) {
                    for (LabVm v : host) {
                        callVm.add(v.uuid);
                        calls.add(callers.submit(() -> admin.call("createBackup", "virtualmachineid", v.uuid)));
                    }
                }
            }
            for (int i = 0; i < calls.size(); i++) {
                ApiSession.Answer a = calls.get(i).get();
                if (a.status() == 200) {
                    jobs.add(a.response().get("jobid").getAsString());
                    backups.add(a.response().get("id").getAsString());
                    acceptedPerVm.merge(callVm.get(i), 1, Integer::sum);
                } else {
                    assertEquals(a.response().toString(), 431, a.status());
                    assertTrue(a.errorText(), a.errorText().contains(ONE_PER_VM));
                    refused++;
                }
            }
            for (String job : jobs) {
                JsonObject r = admin.waitForJob(job, JOB_TIMEOUT);
                assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
            }
        } finally {
            callers.shutdownNow();
            sampler.stop();
            setLimits("0", "0");
        }
        System.out.println("Burst of 50: " + jobs.size() + " accepted, " + refused
                + " refused (one per VM); sampled at "
                + "most " + sampler.mostTotal + " running, per host " + sampler.mostPerHost + ", " + sampler.mostQueued
                + " queued; admission's record: " + record.mostCloudWide() + " cloud-wide, per host "
                + record.mostPerHost());
        assertEquals(50, jobs.size() + refused);
        assertEquals("every VM had a backup accepted: " + acceptedPerVm, 10, acceptedPerVm.size());
        assertEquals("every accepted request ended BackedUp", String.valueOf(backups.size()),
                cloud.single("SELECT COUNT(*) FROM backup WHERE status = 'BackedUp' AND uuid IN ('"
                        + String.join("','", backups) + "')"));
        assertTrue("at most 3 ran at once cloud-wide, sampled: " + sampler.mostTotal, sampler.mostTotal.get() <= 3);
        for (long host : hostIds) {
            assertTrue("at most 2 ran at once on host " + host + ": " + sampler.mostPerHost,
                    sampler.mostPerHost.getOrDefault(host, 0) <= 2);
        }
        assertTrue("the limits made requests wait: most queued " + sampler.mostQueued, sampler.mostQueued.get() >= 5);
        assertTrue("work ran on both hosts: " + sampler.mostPerHost, sampler.mostPerHost.size() == 2);
        // The admission code's own count, taken under its lock at every admission.
        assertEquals(jobs.size(), record.admissions() - admissionsBefore);
        assertTrue("admission's record, cloud-wide: " + record.mostCloudWide(), record.mostCloudWide() <= 3);
        assertTrue("admission's record, per host: " + record.mostPerHost(),
                record.mostPerHost().values().stream().allMatch(n -> n <= 2));
    }

    @Test
    public void aRestoreWaitsInTheQueueBehindBackupsWhileItsHostIsAtItsLimit() throws Exception {
        LabVm restored = vms.get(0).get(4);
        String backup = backUp(restored);
        restored.domain.write(0xab, "0", "1M");
        cloud.stop(restored);
        setLimits("0", "1");
        Sampler sampler = new Sampler();
        try {
            sampler.start();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(admin.ok("createBackup", "virtualmachineid", vms.get(0).get(i).uuid).get("jobid")
                        .getAsString());
            }
            String restore = admin.ok("restoreBackup", "id", backup).get("jobid").getAsString();
            ApiSession.Answer second = admin.call("restoreBackup", "id", backup);
            assertEquals(second.response().toString(), 431, second.status());
            assertTrue(second.errorText(), second.errorText().contains(ONE_PER_VM));
            jobs.add(restore);
            for (String job : jobs) {
                JsonObject r = admin.waitForJob(job, JOB_TIMEOUT);
                assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
            }
        } finally {
            sampler.stop();
            setLimits("0", "0");
            cloud.start(restored);
        }
        assertEquals("one operation at a time on the host, restores included: " + sampler.mostPerHost,
                Integer.valueOf(1), sampler.mostPerHost.get(hostIds[0]));
        assertTrue("the restore was seen queued while a backup ran", sampler.restoreQueuedWhileBackingUp.get());
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("0", cloud.single(
                "SELECT COUNT(*) FROM operation WHERE kind IN ('RESTORE', 'VOLUME_RESTORE') AND state IN ('QUEUED', 'RUNNING')"));
    }

    @Test
    public void aDownHostsRunningBackupEndsErrorAfterKbossTimeoutAndItsQueuedBackupWaitsThenFailsSayingWhy()
            throws Exception {
        LabVm running = vms.get(1).get(0);
        LabVm queued = vms.get(1).get(1);
        setLimits("0", "0");
        admin.ok("updateConfiguration", "name", "kboss.timeout", "value", "20", "zoneid", cloud.zone);
        admin.ok("updateConfiguration", "name", "host.ping.interval", "value", "1");
        admin.ok("updateConfiguration", "name", "host.ping.timeout", "value", "2");
        try {
            // Isolated: a full backup of the 1 GiB VM even after earlier tests took its chain's full.
            String first = admin.ok("createBackup", "virtualmachineid", running.uuid, "isolated", "true").get("id")
                    .getAsString();
            Waiting.until(() -> !cloud
                    .single("SELECT COALESCE(progress_bytes_total, 0) FROM backup WHERE uuid = '" + first + "'")
                    .equals("0"), Duration.ofSeconds(60));
            cloud.agents.get(1).kill();
            Waiting.until(() -> cloud.single("SELECT status FROM host WHERE id = " + hostIds[1]).equals("Down"),
                    Duration.ofSeconds(60));

            String second = admin.ok("createBackup", "virtualmachineid", queued.uuid).get("id").getAsString();
            AtomicBoolean everStarted = new AtomicBoolean();
            Waiting.until(() -> {
                String s = cloud.single("SELECT status FROM backup WHERE uuid = '" + second + "'");
                everStarted.compareAndSet(false, !s.equals("Queued") && !s.equals("Failed"));
                return s.equals("Failed");
            }, Duration.ofSeconds(90));
            assertFalse("a Down host's queued backup is not started", everStarted.get());
            String why = cloud.single("SELECT error FROM backup WHERE uuid = '" + second + "'");
            assertTrue(why, why.contains("kboss.timeout") && why.contains("is Down"));
            assertEquals("the refused VM is free again", "1",
                    cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '"
                            + queued.uuid
                            + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));

            Waiting.until(
                    () -> !cloud.single("SELECT status FROM backup WHERE uuid = '" + first + "'").equals("BackingUp"),
                    Duration.ofSeconds(90));
            assertEquals("Error", cloud.single("SELECT status FROM backup WHERE uuid = '" + first + "'"));
            String error = cloud.single("SELECT error FROM backup WHERE uuid = '" + first + "'");
            assertTrue(error, error.contains("kboss.timeout"));
            assertEquals("BackupError",
                    cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + running.uuid + "'"));
        } finally {
            admin.ok("updateConfiguration", "name", "kboss.timeout", "value", "43200", "zoneid", cloud.zone);
            cloud.agents.get(1).restart();
            try {
                Waiting.until(() -> cloud.single("SELECT status FROM host WHERE id = " + hostIds[1]).equals("Up"),
                        Duration.ofSeconds(60));
            } finally {
                admin.ok("updateConfiguration", "name", "host.ping.interval", "value", "60");
                admin.ok("updateConfiguration", "name", "host.ping.timeout", "value", "3");
            }
        }
        // Back Up: finishBackupChain normalizes the VM and both VMs take backups again.
        admin.ok("finishBackupChain", "virtualmachineid", running.uuid);
        assertFalse("finishBackupChain normalized the VM", cloud.single("SELECT state FROM vm_instance WHERE uuid = '"
                + running.uuid + "'").equals("BackupError"));
        backUp(running);
        backUp(queued);
    }

    /** Reads the backup table every few milliseconds while work runs. */
    private static final class Sampler {
        final AtomicInteger mostTotal = new AtomicInteger();
        final AtomicInteger mostQueued = new AtomicInteger();
        final Map<Long, Integer> mostPerHost = new ConcurrentHashMap<>();
        final AtomicBoolean restoreQueuedWhileBackingUp = new AtomicBoolean();
        private final AtomicBoolean sampling = new AtomicBoolean(true);
        private final AtomicBoolean failed = new AtomicBoolean();
        private Thread thread;

        void start() {
            thread = new Thread(() -> {
                try (Connection c = cloud.db.connect(); Statement st = c.createStatement()) {
                    while (sampling.get()) {
                        int total = 0;
                        int backingUp = 0;
                        try (ResultSet rs = st.executeQuery("SELECT host_id, SUM(status IN ('BackingUp', 'Restoring')),"
                                + " SUM(status = 'BackingUp') FROM backup GROUP BY host_id")) {
                            while (rs.next()) {
                                total += rs.getInt(2);
                                backingUp += rs.getInt(3);
                                if (rs.getInt(2) > 0) {
                                    mostPerHost.merge(rs.getLong(1), rs.getInt(2), Math::max);
                                }
                            }
                        }
                        mostTotal.accumulateAndGet(total, Math::max);
                        try (ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM backup WHERE status ="
                                + " 'Queued'), (SELECT COUNT(*) FROM operation WHERE kind = 'RESTORE' AND state = 'QUEUED')")) {
                            rs.next();
                            mostQueued.accumulateAndGet(rs.getInt(1), Math::max);
                            if (rs.getInt(2) > 0 && backingUp > 0) {
                                restoreQueuedWhileBackingUp.set(true);
                            }
                        }
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    failed.set(true);
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            sampling.set(false);
            thread.join();
            assertFalse("the sampler failed", failed.get());
        }
    }

    private static void setLimits(String cloudWide, String perHost) throws Exception {
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations", "value", cloudWide);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", perHost);
    }

    private static String backUp(LabVm vm) throws Exception {
        return cloud.takeBackup(admin, vm.uuid);
    }
}
