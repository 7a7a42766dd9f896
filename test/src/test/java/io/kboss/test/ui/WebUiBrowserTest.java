package io.kboss.test.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.backup.BrowserLab;
import io.kboss.test.support.TinyGuestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The web UI in Debian's headless Chromium against a real kboss-server, kboss-agent and tiny TCG
 * VMs, one lab for the whole class: each test runs one scenario of {@code ui-resources/browser-test/}
 * (playwright-core), which drives the pages and checks each effect through the API as it goes;
 * the test then checks the end state through the API itself. Whatever the page cannot do (write
 * into a guest's disk, power a VM off, read a disk back) the scenario asks of the lab's fixture.
 *
 * <p>Screenshots of every page land in {@code test/target/ui-browser-test/}.
 */
public class WebUiBrowserTest {
    /** Unique per run: two runs at once (two checkouts) own distinct domains and folders. */
    private static final String PREFIX = "kbt-ui-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private static final String OFFERING = "ui-quick";
    private static final String FILES_OFFERING = "ui-files";
    /** The VM the files scenario makes from a backup: named so the lab's agent owns it; removed at the end. */
    private static final String NEW_VM = PREFIX + "made";
    /** Backups seeded in the database for the paging checks: making thousands for real would take an hour. */
    private static final int SEEDED_BACKUPS = 2500;
    private static final Path SCREENSHOTS = Path.of("target", "ui-browser-test").toAbsolutePath();

    private static BrowserLab lab;
    private static String adminPassword;
    private static final Map<String, BrowserLab.Vm> VMS = new HashMap<>();
    private static BrowserLab.Vm aliceVm;
    private static BrowserLab.Vm aliceBig;
    private static BrowserLab.Vm aliceScheduled;
    private static BrowserLab.Vm aliceJobbed;
    private static BrowserLab.Vm bobVm;
    private static BrowserLab.Vm manyVm;

    @BeforeClass
    public static void startTheLab() throws Exception {
        adminPassword = "ui-admin-" + Long.toHexString(System.nanoTime());
        lab = BrowserLab.start(PREFIX, "ui_browser", adminPassword, List.of("alice", "bob"), List.<String[]>of(
                new String[]{OFFERING, "quick restore, chains of 4", "allowquickrestore", "true", "backupchainsize",
                        "4"},
                new String[]{FILES_OFFERING, "files can be extracted", "allowextractfile", "true"}));
        String domain = lab.single("SELECT uuid FROM domain WHERE path = '/'");
        lab.admin().ok("createAccount", "username", "dora", "password", BrowserLab.passwordOf("dora"), "accounttype",
                "2",
                "domainid", domain);
        aliceVm = vm("alice", "64M", null);
        // Enough data that its full backup runs for seconds: the progress bar has time to move.
        aliceBig = vm("alice", "3G", "2047M");
        aliceScheduled = vm("alice", "64M", null);
        lab.admin().okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", aliceScheduled.uuid(),
                "backupofferingid", lab.offering(OFFERING));
        aliceJobbed = vm("alice", "64M", null);
        lab.admin().okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", aliceJobbed.uuid(),
                "backupofferingid", lab.offering(OFFERING));
        bobVm = vm("bob", "64M", null);
        manyVm = vm("admin", "64M", null);
        seedThousandsOfBackups(manyVm);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterClass
    public static void stopTheLab() throws Exception {
        if (lab != null) {
            try {
                lab.removeDomain(NEW_VM);
            } finally {
                lab.close();
            }
        }
    }

    @Test
    public void aUserAssignsBacksUpRestoresQuickRestoresAndDeletesByClickingOnlyAndThePagesFollow() throws Exception {
        run("vm-backups.mjs", Duration.ofMinutes(8), userEnv("alice", aliceVm));
        ApiSession alice = lab.session("alice");
        JsonArray backups = items(alice.ok("listBackups", "virtualmachineid", aliceVm.uuid()), "backup");
        assertEquals("the incremental, the isolated and the new full are left after the delete: " + backups, 3,
                backups.size());
        JsonObject vm = items(alice.ok("listVirtualMachines", "id", aliceVm.uuid()), "virtualmachine").get(0)
                .getAsJsonObject();
        assertEquals(lab.offering(OFFERING), vm.get("backupofferingid").getAsString());
        assertTrue("the volume restored through the page is attached",
                items(alice.ok("listVolumes", "virtualmachineid", aliceVm.uuid()), "volume").size() == 2);
    }

    @Test
    public void aRunningBackupShowsItsProgressMovingWithBytesAndTheResultWithItsDurationAndIsCancelledFromThePage()
            throws Exception {
        run("progress.mjs", Duration.ofMinutes(6), userEnv("alice", aliceBig));
        JsonArray backups = items(lab.session("alice").ok("listBackups", "virtualmachineid", aliceBig.uuid()),
                "backup");
        assertEquals("the backup whose progress was watched, and the one cancelled from the page: " + backups, 2,
                backups.size());
        assertEquals("BackedUp", backups.get(0).getAsJsonObject().get("status").getAsString());
        assertEquals("Failed", backups.get(1).getAsJsonObject().get("status").getAsString());
        assertEquals("the cancelled backup left the VM free: nothing queued or running on it", "0", lab.single(
                "SELECT COUNT(*) FROM operation o JOIN vm_instance v ON v.id = o.vm_lock WHERE v.uuid = '"
                        + aliceBig.uuid() + "'"));
    }

    @Test
    public void aUserBrowsesABackupsFilesDownloadsOneAndCreatesAVmFromTheBackupByClicking() throws Exception {
        // Its own VM, set up here: the tiny guest boots from an ext4 disk, which the backup's files are read from.
        BrowserLab.Vm guest = lab.newTinyGuestVm("alice");
        VMS.put(guest.uuid(), guest);
        ApiSession alice = lab.session("alice");
        alice.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", guest.uuid(), "backupofferingid",
                lab.offering(FILES_OFFERING));
        JsonObject started = alice.ok("createBackup", "virtualmachineid", guest.uuid());
        JsonObject done = alice.waitForJob(started.get("jobid").getAsString(), Duration.ofMinutes(3));
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        String sha = Files.readString(TinyGuestImage.build().resolve("check.sha256")).split("\\s+")[0];

        run("files-and-new-vm.mjs", Duration.ofMinutes(8), Map.of("KBOSS_UI_USERNAME", "alice", "KBOSS_UI_PASSWORD",
                BrowserLab.passwordOf("alice"), "KBOSS_UI_VM", guest.uuid(), "KBOSS_UI_VM_NAME", guest.name(),
                "KBOSS_UI_CHECK_SHA256", sha, "KBOSS_UI_NEW_VM_NAME", NEW_VM));
        JsonArray made = items(alice.ok("listVirtualMachines", "name", NEW_VM), "virtualmachine");
        assertEquals("the page made one VM from the backup: " + made, 1, made.size());
        assertEquals("Stopped", made.get(0).getAsJsonObject().get("state").getAsString());
        assertEquals("the backup browsed and copied from is unchanged", "BackedUp", items(alice.ok("listBackups", "id",
                started.get("id").getAsString()), "backup").get(0).getAsJsonObject().get("status").getAsString());
    }

    @Test
    public void schedulesAreAddedEditedAndDeletedFromTheVmPage() throws Exception {
        run("schedules.mjs", Duration.ofMinutes(4), userEnv("alice", aliceScheduled));
        assertEquals(0, items(lab.session("alice").ok("listBackupSchedule", "virtualmachineid", aliceScheduled.uuid()),
                "backupschedule").size());
    }

    @Test
    public void aUserCreatesRunsAndDeletesABackupJobByClickingAndSeesTheRunsSets() throws Exception {
        run("backup-jobs.mjs", Duration.ofMinutes(5), userEnv("alice", aliceJobbed));
        ApiSession alice = lab.session("alice");
        assertEquals(0, items(alice.ok("listBackupJobs"), "backupjob").size());
        JsonArray backups = items(alice.ok("listBackups", "virtualmachineid", aliceJobbed.uuid()), "backup");
        assertEquals("the run's backup stays with its VM after the job is deleted: " + backups, 1, backups.size());
        assertEquals("BackedUp", backups.get(0).getAsJsonObject().get("status").getAsString());
    }

    @Test
    public void aUserSeesNeitherInfrastructurePagesNorOtherAccountsVmsAndAdminsSeeWhatTheirRoleAllows()
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Map.of("KBOSS_UI_USERNAME", "alice", "KBOSS_UI_PASSWORD",
                BrowserLab.passwordOf("alice"), "KBOSS_UI_OTHER_VM", bobVm.uuid(), "KBOSS_UI_OTHER_VM_NAME",
                bobVm.name(), "KBOSS_UI_DOMAIN_ADMIN", "dora", "KBOSS_UI_DOMAIN_ADMIN_PASSWORD",
                BrowserLab.passwordOf("dora"), "KBOSS_UI_ADMIN", "admin", "KBOSS_UI_ADMIN_PASSWORD", adminPassword));
        run("roles.mjs", Duration.ofMinutes(4), env);
        ApiSession.Answer refused = lab.session("alice").call("listHosts");
        assertEquals("the pages the user was not offered are refused to her by the API too", 432, refused.status());
    }

    @Test
    public void anAdminManagesZonesClustersHostsAndSettingsAtEveryScopeAndTheApiAgrees() throws Exception {
        run("admin.mjs", Duration.ofMinutes(5), Map.of("KBOSS_UI_USERNAME", "admin", "KBOSS_UI_PASSWORD", adminPassword,
                "KBOSS_UI_ZONE", lab.zoneName(), "KBOSS_UI_ACCOUNT", "alice"));
        ApiSession admin = lab.admin();
        for (String name : List.of("backup.chain.size", "backup.compression.retry.interval", "host.ping.timeout")) {
            JsonObject c = items(admin.ok("listConfigurations", "name", name), "configuration").get(0)
                    .getAsJsonObject();
            assertEquals("every setting the page changed was reset: " + c, c.get("defaultvalue").getAsString(),
                    c.get("value").getAsString());
        }
    }

    @Test
    public void everyPageFitsAPhoneScreenForEachRole() throws Exception {
        // At 1366x768 every screenshot of the other scenarios checks the width as well.
        for (String[] run : List.of(new String[]{"admin", adminPassword, "390x844", "phone-admin"},
                new String[]{"alice", BrowserLab.passwordOf("alice"), "390x844", "phone-user"})) {
            run("pages.mjs", Duration.ofMinutes(4), Map.of("KBOSS_UI_USERNAME", run[0], "KBOSS_UI_PASSWORD", run[1],
                    "KBOSS_UI_VIEWPORT", run[2], "KBOSS_UI_PREFIX", run[3]));
        }
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("phone-admin-settings.png")));
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("phone-user-vm.png")));
    }

    @Test
    public void theKeyboardAloneReachesAVmAndItsActionsAndListsPageThroughThousandsOfBackups() throws Exception {
        run("keyboard-and-paging.mjs", Duration.ofMinutes(4), Map.of("KBOSS_UI_USERNAME", "admin", "KBOSS_UI_PASSWORD",
                adminPassword, "KBOSS_UI_VM_NAME", manyVm.name(), "KBOSS_UI_MANY_VM", manyVm.uuid(),
                "KBOSS_UI_MANY_VM_NAME", manyVm.name()));
        JsonObject many = lab.admin().ok("listBackups", "listall", "true", "virtualmachineid", manyVm.uuid(), "page",
                "1", "pagesize",
                "1");
        assertEquals("the keyboard run started no backup", SEEDED_BACKUPS + 1, many.get("count").getAsInt());
    }

    // --- the lab -----------------------------------------------------------------------------------

    private static BrowserLab.Vm vm(String owner, String size, String prefill) throws Exception {
        BrowserLab.Vm vm = lab.newVm(owner, size, prefill);
        VMS.put(vm.uuid(), vm);
        return vm;
    }

    /**
     * One real isolated backup of the VM, then {@link #SEEDED_BACKUPS} copies of its row with new
     * uuids, taken one second apart before it: the lists page through them as through any backups
     * (nothing is restored from the copies).
     */
    private static void seedThousandsOfBackups(BrowserLab.Vm vm) throws Exception {
        ApiSession admin = lab.admin();
        admin.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", vm.uuid(), "backupofferingid",
                lab.offering(OFFERING));
        JsonObject started = admin.ok("createBackup", "virtualmachineid", vm.uuid(), "isolated", "true");
        JsonObject done = admin.waitForJob(started.get("jobid").getAsString(), Duration.ofMinutes(2));
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        String real = started.get("id").getAsString();
        lab.execute("INSERT INTO backup (uuid, vm_id, account_id, domain_id, zone_id, backup_offering_id, type,"
                + " isolated, status, size, virtual_size, image_store_id, host_id, date, created, updated)"
                + " SELECT UUID(), b.vm_id, b.account_id, b.domain_id, b.zone_id, b.backup_offering_id, b.type, 1,"
                + " b.status, b.size, b.virtual_size, b.image_store_id, b.host_id,"
                + " b.date - INTERVAL (" + (SEEDED_BACKUPS + 1) + " - s.seq) SECOND, b.created - INTERVAL ("
                + (SEEDED_BACKUPS + 1) + " - s.seq) SECOND, b.updated FROM backup b JOIN seq_1_to_" + SEEDED_BACKUPS
                + " s WHERE b.uuid = '" + real + "'");
    }

    private static Map<String, String> userEnv(String user, BrowserLab.Vm vm) {
        return Map.of("KBOSS_UI_USERNAME", user, "KBOSS_UI_PASSWORD", BrowserLab.passwordOf(user), "KBOSS_UI_VM",
                vm.uuid(), "KBOSS_UI_VM_NAME", vm.name(), "KBOSS_UI_OFFERING", OFFERING);
    }

    private static void run(String script, Duration timeout, Map<String, String> scenario) throws Exception {
        BrowserScript browser = BrowserScript.named("browser-test/" + script);
        Map<String, String> env = new HashMap<>(scenario);
        env.put("KBOSS_UI_URL", lab.baseUrl() + "/client/");
        env.put("KBOSS_UI_OUTPUT_DIR", SCREENSHOTS.toString());
        env.putIfAbsent("KBOSS_UI_VIEWPORT", "1366x768");
        BrowserScript.Result result = browser.run(env, timeout, WebUiBrowserTest::fixture);
        System.out.println(result.output()); // kept in the Surefire report, pass or fail
        assertTrue(result.describe(script, timeout), result.passed());
        assertTrue("The script exited 0 without reporting PASSED:\n" + result.output(),
                result.output().contains("PASSED"));
        assertFalse(result.output().contains("FAILED"));
    }

    /** What the scenarios ask of the lab (see BrowserScript.Lab). */
    private static String fixture(String verb, List<String> args) throws Exception {
        BrowserLab.Vm vm = VMS.get(args.get(0));
        if (vm == null) {
            throw new IllegalArgumentException("no lab VM " + args.get(0));
        }
        switch (verb) {
            case "write" :
                lab.write(vm, Integer.decode(args.get(1)), args.get(2), args.get(3));
                return "written";
            case "stop" :
                lab.stop(vm);
                return "stopped";
            case "start" :
                lab.start(vm);
                return "started";
            case "running" :
                return Boolean.toString(lab.running(vm));
            case "assert-disk" :
                lab.assertDiskPattern(vm, Integer.decode(args.get(1)), Integer.parseInt(args.get(2)));
                return "as expected";
            default :
                throw new IllegalArgumentException("unknown lab request " + verb);
        }
    }

    private static JsonArray items(JsonObject answer, String name) {
        JsonElement items = answer.get(name);
        return items == null ? new JsonArray() : items.getAsJsonArray();
    }
}
