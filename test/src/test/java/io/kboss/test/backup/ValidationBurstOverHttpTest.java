package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Validation limits under a burst, end to end: the in-process server on real MariaDB, two real agents on the
 * machine's libvirtd (each owning the domains of its name prefix, as in {@link LimitsAndDownHostsOverHttpTest}),
 * and six validations queued at once with {@code backup.validation.max.concurrent.operations} 3 in the zone and
 * {@code .per.host} 2. While they run, a {@link TwoHostBurst} reads three records that do not depend on each
 * other: the operation rows, the agents' jobs, and the validation VMs libvirt runs; none may ever show more than
 * the limits allow, and every backup still ends Valid.
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

        TwoHostBurst burst = new TwoHostBurst(cloud, "VALIDATION", Set.of(JobType.VALIDATE_BACKUP,
                JobType.HASH_BACKUP), ZONE_LIMIT, HOST_LIMIT);
        // Until every validation operation ended: a Valid backup's operation still runs its hash job.
        burst.follow(BURST_TIMEOUT, probe -> validationVms(hostOfBackup.keySet(), probe), hostOfBackup.keySet());
        System.out.printf("validation burst: %d backups on 2 hosts validated in %d s; most at once: %s (traces:"
                + " validation VMs in libvirt)%n", hostOfBackup.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), burst);

        for (String backup : hostOfBackup.keySet()) {
            JsonObject b = cloud.listed(admin, backup);
            assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        }
        assertEquals("every validation succeeded at its first attempt", String.valueOf(hostOfBackup.size()),
                cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND state = 'SUCCEEDED' AND"
                        + " attempts = 1"));
        assertEquals("one validation job per backup: none validated twice", Integer.valueOf(hostOfBackup.size()),
                burst.journalled.get(JobType.VALIDATE_BACKUP));
        // The limits held in all three records...
        burst.assertWithinLimits("validation VMs in libvirt");
        // ...and they were what held the burst back: six waited, the zone's three ran at once (so one host ran
        // its two). The claim admits them together, so this does not depend on timing; the agents' and libvirt's
        // counts do (a VM may end before the next starts on a slow machine), so they are only shown to be seen.
        assertEquals("the burst reached the zone limit: " + burst, ZONE_LIMIT, burst.rows.zone);
        assertTrue("validation VMs were seen running: " + burst, burst.traces.zone >= 1 && burst.agentJobs.zone >= 1);
        assertEquals("no validation VM is left", List.of(), validationDomains(hostOfBackup.keySet()));
    }

    /** The burst's probe: the backup of each running validation VM, as libvirt's listing is walked. */
    private static void validationVms(Set<String> backups, Consumer<String> backupSeen) throws Exception {
        eachValidationDomain(backups, name -> backups.stream().filter(b -> name.startsWith(
                ValidationRequest.DOMAIN_PREFIX + b)).findFirst().ifPresent(backupSeen));
    }

    /** The running validation VMs of these backups. */
    private static List<String> validationDomains(Set<String> backups) throws Exception {
        List<String> names = new ArrayList<>();
        eachValidationDomain(backups, names::add);
        return names;
    }

    /** Hands each running validation VM of these backups (the agent names one after its backup) to {@code seen}. */
    private static void eachValidationDomain(Set<String> backups, Consumer<String> seen) throws Exception {
        cloud.libvirt.withConnection(c -> {
            for (int id : c.listDomains()) {
                try {
                    Domain d = c.domainLookupByID(id);
                    try {
                        String name = d.getName();
                        if (backups.stream().anyMatch(b -> name.startsWith(ValidationRequest.DOMAIN_PREFIX + b))) {
                            seen.accept(name);
                        }
                    } finally {
                        d.free();
                    }
                } catch (LibvirtException e) {
                    // it ended between the listing and the lookup
                }
            }
            return null;
        });
    }
}
