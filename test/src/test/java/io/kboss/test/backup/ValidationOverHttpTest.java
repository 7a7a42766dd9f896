package io.kboss.test.backup;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.TinyGuestImage;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Validation jobs end to end: the in-process server on real MariaDB, a real kboss-agent, and the tiny
 * guest booting from its own disk on the machine's libvirt (TCG), so a backup is Valid only if its copy
 * of the disk boots and holds the file whose checksum the guest prints. A good backup is Valid with all
 * three steps and its screenshot downloads as a PNG; a backup whose file was damaged after it was taken
 * is NotValid at the step that catches it. Two validations in all: TCG boots are slow.
 */
public class ValidationOverHttpTest {
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(6);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static LabCloud cloud;
    private static ApiSession admin;
    private static LabVm vm;

    @BeforeClass
    public static void startEverything() throws Exception {
        Path guest = TinyGuestImage.build();
        cloud = LabCloud.builder("kbt-validation-", "backup_validation").adminPassword("validation-admin")
                .zone("validation")
                .offering("validated", "every backup booted and checked", "validate", "true", "validationsteps",
                        "wait_for_boot,execute_command,screenshot")
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-val-").start();
        admin = cloud.admin;
        LabDomain d = cloud.track(LabDomain.named("kbt-val-" + UUID.randomUUID().toString().substring(0, 8))
                .inFolder(cloud.folder).bootingTinyGuestFromItsDisk(guest).start());
        TinyGuestImage.waitForAgent(d);
        vm = cloud.discover(0, d);
        cloud.assignOffering(admin, vm, cloud.offering("validated"));
        // The guest prints `sha256sum /kboss-check.bin`; the expected line is the build's check.sha256.
        String expected = Base64.getEncoder().encodeToString(Files.readString(guest.resolve("check.sha256"))
                .getBytes(StandardCharsets.UTF_8));
        admin.ok("updateVirtualMachine", "id", vm.uuid, "details[0].key", "backupValidationCommand",
                "details[0].value", "/bin/sha256sum", "details[1].key", "backupValidationCommandArguments",
                "details[1].value", "/kboss-check.bin", "details[2].key", "backupValidationCommandExpectedResult",
                "details[2].value", expected, "details[3].key", "backupValidationScreenshotWait",
                "details[3].value", "2", "details[4].key", "backupValidationBootTimeout", "details[4].value", "180");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static JsonObject awaitVerdict(String backup) throws Exception {
        Waiting.until(() -> {
            String s = cloud.listed(admin, backup).get("validationstatus").getAsString();
            return !s.equals("NotValidated") && !s.equals("Validating");
        }, VALIDATION_TIMEOUT);
        return cloud.listed(admin, backup);
    }

    @Test
    public void aGoodBackupIsValidWithAllThreeStepsAndItsScreenshotDownloadsAsAPng() throws Exception {
        String backup = cloud.takeBackup(admin, vm.uuid);

        JsonObject b = awaitVerdict(backup);
        assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        assertTrue(b.toString(), b.has("validated") && b.has("validationchecked"));
        assertTrue(b.get("validationscreenshot").getAsBoolean());
        String op = cloud.single("SELECT o.error FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = '" + backup + "' AND o.kind = 'VALIDATION'");
        assertEquals("the operation ended without an error", null, op);

        JsonObject shot = admin.ok("downloadValidationScreenshot", "backupid", backup)
                .getAsJsonObject("validationscreenshot");
        String url = shot.get("url").getAsString();
        assertTrue(url.startsWith("data:image/png;base64,"));
        byte[] png = Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()));
        assertArrayEquals("a PNG", PNG, Arrays.copyOf(png, PNG.length));
        assertEquals(shot.get("size").getAsLong(), png.length);
    }

    @Test
    public void aBackupDamagedAfterItWasTakenIsNotValidAtTheCommandThatChecksItsData() throws Exception {
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "false");
        String backup = cloud.takeBackup(admin, vm.uuid, "isolated", "true");
        Path file = cloud.store.resolve(cloud.single("SELECT v.relative_path FROM backup_volume v JOIN backup b"
                + " ON b.id = v.backup_id WHERE b.uuid = '" + backup + "'"));
        byte[] noise = new byte[4 << 20];
        new Random(11).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2 - noise.length / 2);
            f.write(noise); // a few MiB overwritten in the middle of the file
        }
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "true");

        JsonObject b = awaitVerdict(backup);
        assertEquals(b.toString(), "NotValid", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.startsWith("execute_command failed") || reason.startsWith("wait_for_boot failed"));
    }
}
