package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Validation limits under a burst, end to end: the in-process server on real MariaDB, two real agents on the
 * machine's libvirtd (each owning the domains of its name prefix, as in {@link LimitsAndDownHostsOverHttpTest}),
 * and six validations queued at once with {@code backup.validation.max.concurrent.operations} 3 in the zone and
 * {@code .per.host} 2. While they run, a sampler reads three records that do not depend on each other: the
 * operation rows, each agent's job list, and the validation VMs libvirt runs; none may ever show more than the
 * limits allow, and every backup still ends Valid.
 *
 * <p>What is validated does not matter here, only how many validations run at once, so the VMs need no guest
 * OS (no tiny guest to boot): they sit in SeaBIOS, the offering's only step is the screenshot, and each VM's
 * {@code backupValidationScreenshotWait} keeps its validation VM running long enough for the three to overlap.
 * What validation checks inside a guest is {@link ValidationOverHttpTest}'s.
 */
public class ValidationBurstOverHttpTest {
    private static final Duration BURST_TIMEOUT = Duration.ofMinutes(6);
    private static final int ZONE_LIMIT = 3;
    private static final int HOST_LIMIT = 2;
    private static final int VMS_PER_HOST = 3;
    /** Seconds each validation VM runs before its screenshot: long enough to overlap, short enough for CI. */
    private static final String SCREENSHOT_WAIT = "6";
    // Unique per run: another run of this class on the same libvirtd must not lend its domains to ours.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 4);
    private static final String[] PREFIXES = {"kbt-vb-h1-" + RUN + "-", "kbt-vb-h2-" + RUN + "-"};

    private static LabCloud cloud;
    private static ApiSession admin;
    /** Per host, its VMs. */
    private static final List<List<LabVm>> vms = List.of(new ArrayList<>(), new ArrayList<>());

    @BeforeClass
    public static void startTwoHostsWithThreeVmsEach() throws Exception {
        cloud = LabCloud.builder("kbt-val-burst-", "validation_burst").adminPassword("burst-admin").zone("burst")
                .offering("screenshot", "every backup booted and screenshotted", "validate", "true",
                        "validationsteps", "screenshot")
                .setting("vm.sync.interval", "86400").hostsOwning(PREFIXES).start();
        admin = cloud.admin;
        // The zone limit at its own scope (the zone), the host limit globally (its scope is the cluster, read at
        // the host's cluster, then zone, then global).
        admin.ok("updateConfiguration", "name", "backup.validation.max.concurrent.operations", "value",
                String.valueOf(ZONE_LIMIT), "zoneid", cloud.zone);
        admin.ok("updateConfiguration", "name", "backup.validation.max.concurrent.operations.per.host", "value",
                String.valueOf(HOST_LIMIT));
        for (int h = 0; h < 2; h++) {
            List<LabDomain> domains = new ArrayList<>();
            for (int i = 0; i < VMS_PER_HOST; i++) {
                domains.add(cloud.startDomain(h, "16M", null));
            }
            cloud.syncNow(cloud.hostUuids.get(h));
            for (LabDomain d : domains) {
                LabVm vm = cloud.registered(h, d);
                cloud.assignOffering(admin, vm, cloud.offering("screenshot"));
                admin.ok("updateVirtualMachine", "id", vm.uuid, "details[0].key", "backupValidationScreenshotWait",
                        "details[0].value", SCREENSHOT_WAIT);
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
    public void aBurstOfValidationsNeverRunsMoreThanTheZoneAndHostLimitsAndEveryBackupEndsValid() throws Exception {
        long start = System.nanoTime();
        // The backups first, with the task off, so that all six validations wait at once (a burst), rather than
        // each queued as its backup ends while the others are still backing up.
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "false");
        List<String> jobs = new ArrayList<>();
        Map<String, String> hostOfBackup = new LinkedHashMap<>();
        for (int h = 0; h < 2; h++) {
            for (LabVm vm : vms.get(h)) {
                JsonObject started = admin.ok("createBackup", "virtualmachineid", vm.uuid);
                jobs.add(started.get("jobid").getAsString());
                hostOfBackup.put(started.get("id").getAsString(), vm.hostUuid);
            }
        }
        for (String job : jobs) {
            JsonObject r = admin.waitForJob(job, Duration.ofMinutes(3));
            assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        }
        for (String backup : hostOfBackup.keySet()) {
            assertEquals("NotValidated", cloud.listed(admin, backup).get("validationstatus").getAsString());
        }
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "true");
        // The task's next pass, without its 30 s wait: every backup is due at once (the server's own pass may
        // have queued some first; either way each backup has its one validation).
        cloud.server().bean(ValidationScheduler.class).check();
        assertEquals(String.valueOf(hostOfBackup.size()), cloud.single("SELECT COUNT(*) FROM operation WHERE kind ="
                + " 'VALIDATION'"));

        Peaks peaks = new Peaks();
        long end = System.nanoTime() + BURST_TIMEOUT.toNanos();
        // Until every validation operation ended: a Valid backup's operation still runs its hash job.
        while (!"0".equals(cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND state IN"
                + " ('QUEUED', 'RUNNING')"))) {
            assertTrue("the burst did not end within " + BURST_TIMEOUT + "; most at once: " + peaks,
                    System.nanoTime() < end);
            peaks.sample(hostOfBackup);
            Thread.sleep(100);
        }
        System.out.printf("validation burst: %d backups on 2 hosts validated in %d s; most at once: %s%n",
                hostOfBackup.size(), Duration.ofNanos(System.nanoTime() - start).toSeconds(), peaks);

        for (String backup : hostOfBackup.keySet()) {
            JsonObject b = cloud.listed(admin, backup);
            assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        }
        assertEquals("every validation succeeded at its first attempt", String.valueOf(hostOfBackup.size()),
                cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND state = 'SUCCEEDED' AND"
                        + " attempts = 1"));
        // The limits held in all three records...
        assertTrue("operation rows: " + peaks, peaks.zoneOperations <= ZONE_LIMIT);
        assertTrue("agent jobs: " + peaks, peaks.zoneAgentJobs <= ZONE_LIMIT);
        assertTrue("libvirt domains: " + peaks, peaks.zoneDomains <= ZONE_LIMIT);
        for (int h = 0; h < 2; h++) {
            assertTrue("operation rows: " + peaks, peaks.hostOperations[h] <= HOST_LIMIT);
            assertTrue("agent jobs: " + peaks, peaks.hostAgentJobs[h] <= HOST_LIMIT);
            assertTrue("libvirt domains: " + peaks, peaks.hostDomains[h] <= HOST_LIMIT);
        }
        // ...and they were what held the burst back: six waited, the zone's three ran at once (so one host ran
        // its two). The claim admits them together, so this does not depend on timing; the agents' and libvirt's
        // counts do (a VM may end before the next starts on a slow machine), so they are only shown to be seen.
        assertEquals("the burst reached the zone limit: " + peaks, ZONE_LIMIT, peaks.zoneOperations);
        assertTrue("validation VMs were seen running: " + peaks, peaks.zoneDomains >= 1 && peaks.zoneAgentJobs >= 1);
        assertEquals("no validation VM is left", List.of(), validationDomains(hostOfBackup.keySet()));
    }

    /** The most validations seen running at once, per record, in the zone and per host (index of hostUuids). */
    private static final class Peaks {
        int zoneOperations;
        int zoneAgentJobs;
        int zoneDomains;
        final int[] hostOperations = new int[2];
        final int[] hostAgentJobs = new int[2];
        final int[] hostDomains = new int[2];

        /** The ids of the validation jobs (validate-backup, then hash-backup) host h's agent runs now. */
        private Set<String> validationJobs(int h) throws Exception {
            Set<String> ids = new HashSet<>();
            for (JobInfo j : cloud.activeAgentJobs(cloud.hostUuids.get(h))) {
                if (j.type == JobType.VALIDATE_BACKUP || j.type == JobType.HASH_BACKUP) {
                    ids.add(j.jobId);
                }
            }
            return ids;
        }

        void sample(Map<String, String> hostOfBackup) throws Exception {
            // Zone figures add up the two hosts, so each must come from one moment: the rows in one query; the
            // agents, asked one after the other, as a lower bound (below).
            int[] operations = new int[2];
            String both = cloud.single("SELECT CONCAT(COALESCE(SUM(h.uuid = '" + cloud.hostUuids.get(0) + "'), 0), ',',"
                    + " COALESCE(SUM(h.uuid = '" + cloud.hostUuids.get(1) + "'), 0)) FROM operation o JOIN host h ON"
                    + " h.id = o.host_id WHERE o.kind = 'VALIDATION' AND o.state = 'RUNNING'");
            String[] counts = both.split(",");
            operations[0] = Integer.parseInt(counts[0]);
            operations[1] = Integer.parseInt(counts[1]);
            // Host 0, host 1, host 0 again: a job of host 0 listed both times ran all along, so also while host 1
            // was listed. Those plus host 1's are surely running at one moment; summing two lists taken at
            // different moments could count a job that ended on one host and its successor started on the other.
            Set<String> first = validationJobs(0);
            Set<String> other = validationJobs(1);
            Set<String> again = validationJobs(0);
            int[] agentJobs = {Math.max(first.size(), again.size()), other.size()};
            Set<String> throughout = new HashSet<>(first);
            throughout.retainAll(again);
            zoneAgentJobs = Math.max(zoneAgentJobs, throughout.size() + other.size());
            int[] domains = new int[2];
            for (String name : validationDomains(hostOfBackup.keySet())) {
                // The agent names a validation VM after its backup; the backup's VM's host runs it.
                for (Map.Entry<String, String> e : hostOfBackup.entrySet()) {
                    if (name.startsWith(ValidationRequest.DOMAIN_PREFIX + e.getKey())) {
                        domains[cloud.hostUuids.indexOf(e.getValue())]++;
                    }
                }
            }
            zoneOperations = Math.max(zoneOperations, operations[0] + operations[1]);
            zoneDomains = Math.max(zoneDomains, domains[0] + domains[1]);
            for (int h = 0; h < 2; h++) {
                hostOperations[h] = Math.max(hostOperations[h], operations[h]);
                hostAgentJobs[h] = Math.max(hostAgentJobs[h], agentJobs[h]);
                hostDomains[h] = Math.max(hostDomains[h], domains[h]);
            }
        }

        @Override
        public String toString() {
            return String.format("operation rows %d (hosts %d, %d), agent jobs %d (%d, %d), libvirt domains %d"
                    + " (%d, %d)", zoneOperations, hostOperations[0], hostOperations[1], zoneAgentJobs,
                    hostAgentJobs[0], hostAgentJobs[1], zoneDomains, hostDomains[0], hostDomains[1]);
        }
    }

    /** The running validation VMs of these backups. */
    private static List<String> validationDomains(Set<String> backups) throws Exception {
        return cloud.libvirt.withConnection(c -> {
            List<String> names = new ArrayList<>();
            for (int id : c.listDomains()) {
                try {
                    Domain d = c.domainLookupByID(id);
                    try {
                        String name = d.getName();
                        if (backups.stream().anyMatch(b -> name.startsWith(ValidationRequest.DOMAIN_PREFIX + b))) {
                            names.add(name);
                        }
                    } finally {
                        d.free();
                    }
                } catch (LibvirtException e) {
                    // it ended between the listing and the lookup
                }
            }
            return names;
        });
    }
}
