package io.kboss.test.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.backup.BrowserLab;
import io.kboss.test.support.TinyGuestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Compression, validation and the service jobs in the web UI, in Debian's headless Chromium against a
 * real kboss-server, kboss-agent and the tiny guest (TCG) booting from its own disk, so a backup is
 * Valid only if its copy boots and prints what the user typed as the expected output. The scenario
 * {@code ui-resources/browser-test/service-jobs.mjs} checks each step through the API as it goes; the
 * test then checks the end state itself, also of the admin's second VM, whose backup's compression and
 * validation the page cancels. A lab of its own: the validation boots take minutes, and
 * WebUiBrowserTest's lab has no guest that boots.
 */
public class ServiceJobsBrowserTest {
    private static final String PREFIX = "kbt-uisj-";
    private static final String OFFERING = "ui-checked";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(26);
    private static final Path SCREENSHOTS = Path.of("target", "ui-browser-test").toAbsolutePath();

    private static BrowserLab lab;
    private static String adminPassword;
    private static BrowserLab.Vm vm;
    /** The admin's VM whose compression and validation the page cancels. */
    private static BrowserLab.Vm slowVm;

    @BeforeClass
    public static void startTheLab() throws Exception {
        adminPassword = "ui-admin-" + Long.toHexString(System.nanoTime());
        lab = BrowserLab.start(PREFIX, "ui_service_jobs", adminPassword, List.of("alice"), List.<String[]>of(
                new String[]{OFFERING, "compressed, then booted and checked", "compress", "true", "validate", "true",
                        "validationsteps", "wait_for_boot,execute_command,screenshot"}));
        vm = lab.newTinyGuestVm("alice");
        ApiSession admin = lab.admin();
        admin.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", vm.uuid(), "backupofferingid",
                lab.offering(OFFERING));
        // The timeouts are the admin's (user.vm.readonly.details): a short screenshot wait keeps the run short.
        admin.ok("updateVirtualMachine", "id", vm.uuid(), "details[0].key", "backupValidationScreenshotWait",
                "details[0].value", "2", "details[1].key", "backupValidationBootTimeout", "details[1].value", "180");
        // 256 MiB of data, which the scenario's 1 MB/s rate limit compresses for minutes; no guest OS, so its
        // validation waits the 15-minute boot timeout for an agent: both still run when Cancel is clicked.
        slowVm = lab.newSilentAgentVm("admin", "512M", "256M");
        admin.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", slowVm.uuid(), "backupofferingid",
                lab.offering(OFFERING));
        admin.ok("updateVirtualMachine", "id", slowVm.uuid(), "details[0].key", "backupValidationBootTimeout",
                "details[0].value", "900");
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterClass
    public static void stopTheLab() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    public void aUserSetsTheCheckCommandAndSeesHerBackupCompressedAndValidWithItsScreenshotAndTheAdminSeesAndCancelsJobs()
            throws Exception {
        String expected = Files.readString(TinyGuestImage.build().resolve("check.sha256"));
        BrowserScript browser = BrowserScript.named("browser-test/service-jobs.mjs");
        Map<String, String> env = new HashMap<>(Map.of("KBOSS_UI_URL", lab.baseUrl() + "/client/",
                "KBOSS_UI_OUTPUT_DIR", SCREENSHOTS.toString(), "KBOSS_UI_VIEWPORT", "1366x768", "KBOSS_UI_USERNAME",
                "alice", "KBOSS_UI_PASSWORD", BrowserLab.passwordOf("alice"), "KBOSS_UI_VM", vm.uuid(),
                "KBOSS_UI_VM_NAME", vm.name(), "KBOSS_UI_EXPECTED", expected, "KBOSS_UI_ADMIN", "admin",
                "KBOSS_UI_ADMIN_PASSWORD", adminPassword));
        env.put("KBOSS_UI_SLOW_VM", slowVm.uuid());
        env.put("KBOSS_UI_SLOW_VM_NAME", slowVm.name());
        BrowserScript.Result result = browser.run(env, SCRIPT_TIMEOUT);
        System.out.println(result.output()); // kept in the Surefire report, pass or fail
        assertTrue(result.describe("service-jobs.mjs", SCRIPT_TIMEOUT), result.passed());
        assertTrue("The script exited 0 without reporting PASSED:\n" + result.output(),
                result.output().contains("PASSED"));
        assertFalse(result.output().contains("FAILED"));

        JsonObject backup = lab.session("alice").ok("listBackups", "virtualmachineid", vm.uuid())
                .getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(backup.toString(), "Compressed", backup.get("compressionstatus").getAsString());
        assertEquals(backup.toString(), "Valid", backup.get("validationstatus").getAsString());
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("backup-compressed-and-validated.png")));
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("service-jobs.png")));

        JsonObject cancelled = lab.admin().ok("listBackups", "listall", "true", "virtualmachineid", slowVm.uuid())
                .getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(cancelled.toString(), "BackedUp", cancelled.get("status").getAsString());
        assertEquals("the compression queued again from the page after the cancel compressed it: " + cancelled,
                "Compressed", cancelled.get("compressionstatus").getAsString());
        assertEquals(cancelled.toString(), "UnableToValidate", cancelled.get("validationstatus").getAsString());
        assertEquals("no compression or validation is left queued or running", "0", lab.single("SELECT COUNT(*) FROM"
                + " operation o JOIN backup b ON b.id = o.backup_id WHERE b.uuid = '" + cancelled.get("id")
                        .getAsString()
                + "' AND o.state IN ('QUEUED', 'RUNNING')"));
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("events-filtered.png")));
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("events-after-archive.png")));
    }
}
