package io.kboss.test.backup;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.AgentJvm;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import io.kboss.test.support.TinyGuestImage;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Validation jobs end to end: the in-process server on real MariaDB, a real kboss-agent, and the tiny
 * guest booting from its own disk on the machine's libvirt (TCG), so a backup is Valid only if its copy
 * of the disk boots and holds the file whose checksum the guest prints. One cloud, one agent and two
 * tiny guests serve every case (TCG boots are slow):
 *
 * <ul>
 * <li>a good backup is Valid with all three steps and its screenshot downloads as a PNG;</li>
 * <li>a backup whose file was damaged after it was taken is NotValid at the step that catches it;</li>
 * <li>an incremental in the middle of a chain is Valid (booted from its chain, the files unwritten), and
 * one byte flipped in it afterwards is caught by the periodic hash check;</li>
 * <li>a VM without a guest agent is UnableToValidate at wait_for_boot, after its boot timeout when it has
 * the channel (as every CloudStack VM) and at once when it has none, and still gets its screenshot;</li>
 * <li>the agent killed while the validation VM boots: the restarted agent removes that VM and its
 * overlays, the retry is Valid, and the VM itself is untouched;</li>
 * <li>a chain of an offering that compresses and validates is validated after each backup's compression,
 * on the compressed files.</li>
 * </ul>
 */
public class ValidationOverHttpTest {
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration COMPRESSION_TIMEOUT = Duration.ofMinutes(3);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String STEPS = "wait_for_boot,execute_command,screenshot";

    private static LabCloud cloud;
    private static ApiSession admin;
    private static Path guest;
    private static LabVm vm;
    private static String expectedChecksum;

    @BeforeClass
    public static void startEverything() throws Exception {
        guest = TinyGuestImage.build();
        cloud = LabCloud.builder("kbt-validation-", "backup_validation").adminPassword("validation-admin")
                .zone("validation")
                .offering("validated", "every backup booted and checked", "validate", "true", "validationsteps", STEPS)
                .offering("checked", "compressed, then booted and checked", "compress", "true", "compressionlibrary",
                        "zstd", "validate", "true", "validationsteps", STEPS)
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-val-").start();
        admin = cloud.admin;
        // The guest prints `sha256sum /kboss-check.bin`; the expected line is the build's check.sha256.
        expectedChecksum = Base64.getEncoder().encodeToString(Files.readString(guest.resolve("check.sha256"))
                .getBytes(StandardCharsets.UTF_8));
        vm = tinyGuest("validated");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A running tiny guest booted from its disk, discovered, on {@code offering}, its check command set. */
    private static LabVm tinyGuest(String offering) throws Exception {
        // With ACPI, as cloud VMs have: a copy whose disk cannot be mounted powers off at once (the guest's
        // poweroff -f), instead of halting until the boot timeout.
        String name = "kbt-val-" + UUID.randomUUID().toString().substring(0, 8);
        // A folder of its own: its console.log is its alone. QEMU (another user) reads the disk in it.
        Path folder = Files.createDirectories(cloud.folder.resolve(name));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Tracked once defined, so a start that fails leaves no definition behind.
        LabDomain d = cloud.track(LabDomain.named(name).inFolder(folder).bootingTinyGuestFromItsDisk(guest).acpi()
                .define());
        d.start();
        TinyGuestImage.waitForAgent(d);
        LabVm v = cloud.discover(0, d);
        cloud.assignOffering(admin, v, cloud.offering(offering));
        admin.ok("updateVirtualMachine", "id", v.uuid, "details[0].key", "backupValidationCommand",
                "details[0].value", "/bin/sha256sum", "details[1].key", "backupValidationCommandArguments",
                "details[1].value", "/kboss-check.bin", "details[2].key", "backupValidationCommandExpectedResult",
                "details[2].value", expectedChecksum, "details[3].key", "backupValidationScreenshotWait",
                "details[3].value", "2", "details[4].key", "backupValidationBootTimeout", "details[4].value", "180");
        return v;
    }

    private static JsonObject awaitVerdict(String backup) throws Exception {
        Waiting.until(() -> {
            String s = cloud.listed(admin, backup).get("validationstatus").getAsString();
            return !s.equals("NotValidated") && !s.equals("Validating");
        }, VALIDATION_TIMEOUT);
        return cloud.listed(admin, backup);
    }

    private static JsonObject awaitValid(String backup) throws Exception {
        JsonObject b = awaitVerdict(backup);
        assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        return b;
    }

    private static void assertScreenshotDownloadsAsPng(String backup) throws Exception {
        JsonObject shot = admin.ok("downloadValidationScreenshot", "backupid", backup)
                .getAsJsonObject("validationscreenshot");
        String url = shot.get("url").getAsString();
        assertTrue(url.startsWith("data:image/png;base64,"));
        byte[] png = Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()));
        assertArrayEquals("a PNG", PNG, Arrays.copyOf(png, PNG.length));
        assertEquals(shot.get("size").getAsLong(), png.length);
    }

    /** The backup's (first) file in the store. */
    private static Path fileOf(String backup) throws Exception {
        return cloud.store.resolve(cloud.single("SELECT v.relative_path FROM backup_volume v JOIN backup b"
                + " ON b.id = v.backup_id WHERE b.uuid = '" + backup + "'"));
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String backingOf(Path file) throws Exception {
        JsonObject info = JsonParser.parseString(Programs.run(List.of("qemu-img", "info", "-U", "--output=json",
                file.toString()), Duration.ofSeconds(60))).getAsJsonObject();
        return info.has("backing-filename") ? info.get("backing-filename").getAsString() : null;
    }

    /** Runs a shell line in the guest through its agent and waits for it to exit 0 (a real guest write). */
    private static void inGuest(LabDomain d, String script) throws Exception {
        String started = d.agent("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\""
                + script + "\"]}}", 10);
        long pid = JsonParser.parseString(started).getAsJsonObject().getAsJsonObject("return").get("pid").getAsLong();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            JsonObject s = JsonParser.parseString(d.agent("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":"
                    + pid + "}}", 10)).getAsJsonObject().getAsJsonObject("return");
            if (s.get("exited").getAsBoolean()) {
                assertEquals(s.toString(), 0, s.get("exitcode").getAsInt());
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + script + "' did not end in the guest within 60 s");
    }

    /** The running validation VMs of {@code backup} (the agent names them after it). */
    private static List<String> validationVmsOf(String backup) throws Exception {
        return cloud.libvirt.withConnection(c -> {
            List<String> names = new ArrayList<>();
            for (int id : c.listDomains()) {
                try {
                    Domain d = c.domainLookupByID(id);
                    try {
                        if (d.getName().startsWith(ValidationRequest.DOMAIN_PREFIX + backup)) {
                            names.add(d.getName());
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

    /** What the agent's validation scratch folder holds (each validation's overlays in a folder of its own). */
    private static List<String> scratch() throws Exception {
        Path root = cloud.folder.resolve("validation-scratch");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    public void aGoodBackupIsValidWithAllThreeStepsAndItsScreenshotDownloadsAsAPng() throws Exception {
        String backup = cloud.takeBackup(admin, vm.uuid);

        JsonObject b = awaitValid(backup);
        assertTrue(b.toString(), b.has("validated") && b.has("validationchecked"));
        assertTrue(b.get("validationscreenshot").getAsBoolean());
        String op = cloud.single("SELECT o.error FROM operation o JOIN backup b ON b.id = o.backup_id WHERE"
                + " b.uuid = '" + backup + "' AND o.kind = 'VALIDATION'");
        assertEquals("the operation ended without an error", null, op);
        assertScreenshotDownloadsAsPng(backup);
    }

    @Test
    public void aBackupDamagedAfterItWasTakenIsNotValidAtTheCommandThatChecksItsData() throws Exception {
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "false");
        String backup = cloud.takeBackup(admin, vm.uuid, "isolated", "true");
        Path file = fileOf(backup);
        byte[] noise = new byte[4 << 20];
        new Random(11).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2 - noise.length / 2);
            f.write(noise); // a few MiB overwritten in the middle of the file
        }
        admin.ok("updateConfiguration", "name", "backup.validation.task.enabled", "value", "true");
        cloud.server().bean(ValidationScheduler.class).check(); // the task's next pass, without its 30 s wait

        JsonObject b = awaitVerdict(backup);
        assertEquals(b.toString(), "NotValid", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.startsWith("execute_command failed") || reason.startsWith("wait_for_boot failed"));
    }

    @Test
    public void anIncrementalInTheMiddleOfAChainIsValidAndOneByteFlippedInItLaterIsCaughtByTheHashCheck()
            throws Exception {
        long start = System.nanoTime();
        admin.ok("finishBackupChain", "virtualmachineid", vm.uuid);
        String full = cloud.takeBackup(admin, vm.uuid);
        inGuest(vm.domain, "head -c 2097152 /dev/urandom > /kboss-increment-1.bin && sync");
        String middle = cloud.takeBackup(admin, vm.uuid);
        inGuest(vm.domain, "head -c 1048576 /dev/urandom > /kboss-increment-2.bin && sync");
        String last = cloud.takeBackup(admin, vm.uuid);
        JsonObject listed = cloud.listed(admin, middle);
        assertEquals(listed.toString(), "Incremental", listed.get("type").getAsString());
        assertEquals(full, listed.get("parentid").getAsString());
        assertEquals(middle, cloud.listed(admin, last).get("parentid").getAsString());
        String backing = backingOf(fileOf(middle));
        assertTrue("the incremental backs onto its parent's file, not the live disk: " + backing,
                backing != null && backing.endsWith(full + ".qcow2"));
        String fullHash = sha256(fileOf(full));
        String middleHash = sha256(fileOf(middle));

        awaitValid(full);
        JsonObject valid = awaitValid(middle);
        awaitValid(last);
        assertTrue(valid.get("validationscreenshot").getAsBoolean());
        assertEquals("validation never writes the backup's files", fullHash, sha256(fileOf(full)));
        assertEquals("validation never writes the backup's files", middleHash, sha256(fileOf(middle)));
        String hash = cloud.single("SELECT validation_hash FROM backup WHERE uuid = '" + middle + "'");
        assertTrue("the Valid incremental's files were hashed: " + hash, hash != null && !hash.isEmpty());
        System.out.printf("validation case: incremental chain of three Valid in %d s%n", seconds(start));

        // One byte flipped in the middle of the Valid incremental's file, then its periodic check comes due.
        long flipStart = System.nanoTime();
        Path file = fileOf(middle);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        cloud.sql.execute("UPDATE backup SET validation_checked = validation_checked - INTERVAL 25 HOUR WHERE uuid = '"
                + middle + "'"); // backup.validation.interval (24 h) has passed since the last check
        assertTrue(cloud.server().bean(ValidationScheduler.class).check() >= 1);

        Waiting.until(() -> "1".equals(cloud.single("SELECT COUNT(*) FROM operation o JOIN backup b ON b.id ="
                + " o.backup_id WHERE b.uuid = '" + middle + "' AND o.kind = 'VALIDATION' AND o.origin = 'RECHECK'"
                + " AND o.state IN ('SUCCEEDED', 'FAILED')")), VALIDATION_TIMEOUT);
        JsonObject caught = cloud.listed(admin, middle);
        assertEquals(caught.toString(), "NotValid", caught.get("validationstatus").getAsString());
        String reason = caught.get("validationreason").getAsString();
        assertTrue(reason, reason.contains("changed after it was validated") && reason.contains("SHA-256 was "
                + hash + " and is now "));
        assertEquals("its parent is still Valid", "Valid", cloud.listed(admin, full).get("validationstatus")
                .getAsString());
        System.out.printf("validation case: one flipped byte caught by the hash check in %d s%n", seconds(flipStart));
    }

    @Test
    public void aVmWithoutAGuestAgentIsUnableToValidateAtWaitForBootAndStillGetsItsScreenshot() throws Exception {
        long start = System.nanoTime();
        // As a cloud VM without qemu-ga: it runs, it has the agent channel (CloudStack gives every VM one), and
        // nobody answers on it. Nothing to boot either: it stays in its BIOS, so the backup is small.
        LabDomain silent = cloud.track(LabDomain.named("kbt-val-silent-" + UUID.randomUUID().toString().substring(0, 8))
                .inFolder(cloud.folder).guestAgentChannel().qcow2Disk("16M").start());
        LabVm silentVm = cloud.discover(0, silent);
        cloud.assignOffering(admin, silentVm, cloud.offering("validated"));
        admin.ok("updateVirtualMachine", "id", silentVm.uuid, "details[0].key", "backupValidationBootTimeout",
                "details[0].value", "8", "details[1].key", "backupValidationScreenshotWait", "details[1].value", "1");
        // And one without the channel at all.
        LabDomain channelless = cloud.track(LabDomain.named("kbt-val-nochan-" + UUID.randomUUID().toString()
                .substring(0, 8)).inFolder(cloud.folder).qcow2Disk("16M").start());
        LabVm channellessVm = cloud.discover(0, channelless);
        cloud.assignOffering(admin, channellessVm, cloud.offering("validated"));
        admin.ok("updateVirtualMachine", "id", channellessVm.uuid, "details[0].key", "backupValidationScreenshotWait",
                "details[0].value", "1");

        String silentBackup = cloud.takeBackup(admin, silentVm.uuid);
        String channellessBackup = cloud.takeBackup(admin, channellessVm.uuid);

        JsonObject b = awaitVerdict(silentBackup);
        assertEquals(b.toString(), "UnableToValidate", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.startsWith("wait_for_boot could not check the backup: the guest agent did not"
                + " answer within 8 s") && reason.contains("own guest agent does not answer either"));
        assertTrue(b.get("validationscreenshot").getAsBoolean());
        assertScreenshotDownloadsAsPng(silentBackup);
        assertEquals("an UnableToValidate backup's chain goes on", null, cloud.single("SELECT c.end_reason FROM"
                + " backup_chain c JOIN backup b ON b.chain_id = c.id WHERE b.uuid = '" + silentBackup + "'"));

        JsonObject c = awaitVerdict(channellessBackup);
        assertEquals(c.toString(), "UnableToValidate", c.get("validationstatus").getAsString());
        String why = c.get("validationreason").getAsString();
        assertTrue(why, why.startsWith("wait_for_boot could not check the backup: VM " + channelless.name
                + " has no guest-agent channel"));
        assertScreenshotDownloadsAsPng(channellessBackup);
        assertTrue("the VMs themselves still run", silent.running() && channelless.running());
        System.out.printf("validation case: no guest agent (two VMs) in %d s%n", seconds(start));
    }

    @Test
    public void theAgentKilledWhileTheValidationVmBootsLeavesNoVmNorOverlayOnceItIsBackAndTheRetryIsValid()
            throws Exception {
        long start = System.nanoTime();
        AgentJvm agent = cloud.agents.get(0);
        String disk = vm.domain.currentSource(0);
        String definition = vm.domain.on(d -> d.getXMLDesc(2));
        admin.ok("updateConfiguration", "name", "backup.validation.retry.interval", "value", "1");
        try {
            String backup = cloud.takeBackup(admin, vm.uuid);
            String fileHash = sha256(fileOf(backup));
            Waiting.until(() -> !validationVmsOf(backup).isEmpty(), VALIDATION_TIMEOUT);
            List<String> throwaway = validationVmsOf(backup);
            List<String> overlays = scratch();
            assertEquals(throwaway, overlays);

            agent.kill();
            assertEquals("QEMU outlives the agent: its validation VM still runs", throwaway, validationVmsOf(backup));
            agent.restart();

            // The restarted agent removes what its interrupted job left: the VM and its overlays.
            Waiting.until(() -> !validationVmsOf(backup).equals(throwaway), Duration.ofSeconds(60));
            Waiting.until(() -> !scratch().containsAll(overlays), Duration.ofSeconds(60));
            // The server sees the job failed and queues the next attempt after backup.validation.retry.interval
            // (1 minute, its least); the test does not wait that minute.
            Waiting.until(() -> "QUEUED".equals(cloud.single("SELECT o.state FROM operation o JOIN backup b ON b.id ="
                    + " o.backup_id WHERE b.uuid = '" + backup + "' AND o.kind = 'VALIDATION'")), VALIDATION_TIMEOUT);
            // A retry waiting its interval is not shown as Validating (issue 10): NotValidated, and why.
            JsonObject waiting = cloud.listed(admin, backup);
            assertEquals(waiting.toString(), "NotValidated", waiting.get("validationstatus").getAsString());
            assertTrue(waiting.toString(), waiting.get("validationreason").getAsString()
                    .startsWith("Waiting for the next attempt"));
            cloud.sql.execute("UPDATE operation o JOIN backup b ON b.id = o.backup_id SET o.next_attempt ="
                    + " UTC_TIMESTAMP(3) WHERE b.uuid = '" + backup + "' AND o.kind = 'VALIDATION' AND o.state ="
                    + " 'QUEUED'");

            awaitValid(backup);
            assertEquals("2", cloud.single("SELECT o.attempts FROM operation o JOIN backup b ON b.id = o.backup_id"
                    + " WHERE b.uuid = '" + backup + "' AND o.kind = 'VALIDATION'"));
            assertEquals(List.of(), validationVmsOf(backup));
            assertEquals(List.of(), scratch());
            assertEquals("validation never writes the backup's files", fileHash, sha256(fileOf(backup)));
            // Nothing of the VM itself was touched: it runs on its disk, with its definition, its agent answers.
            assertTrue(vm.domain.running());
            assertEquals(disk, vm.domain.currentSource(0));
            assertEquals(definition, vm.domain.on(d -> d.getXMLDesc(2)));
            vm.domain.agent("{\"execute\":\"guest-ping\"}", 10);
        } finally {
            admin.ok("resetConfiguration", "name", "backup.validation.retry.interval");
        }
        System.out.printf("validation case: agent killed mid-validation, retry Valid in %d s%n", seconds(start));
    }

    @Test
    public void aChainThatIsCompressedIsValidatedAfterEachCompressionOnTheCompressedFiles() throws Exception {
        long start = System.nanoTime();
        LabVm compressed = tinyGuest("checked");
        String full = cloud.takeBackup(admin, compressed.uuid);
        JsonObject f = awaitValid(full);
        inGuest(compressed.domain, "head -c 2097152 /dev/urandom > /kboss-increment.bin && sync");
        String increment = cloud.takeBackup(admin, compressed.uuid);
        JsonObject i = awaitValid(increment);

        for (JsonObject b : List.of(f, i)) {
            String id = b.get("id").getAsString();
            assertEquals(b.toString(), "Compressed", b.get("compressionstatus").getAsString());
            assertTrue(b.toString(), b.get("size").getAsLong() < b.get("uncompressedsize").getAsLong());
            assertEquals("validated after its compression ended", "1", cloud.single("SELECT v.started >= c.ended FROM"
                    + " operation v JOIN operation c ON c.backup_id = v.backup_id JOIN backup b ON b.id = v.backup_id"
                    + " WHERE b.uuid = '" + id + "' AND v.kind = 'VALIDATION' AND c.kind = 'COMPRESSION'"));
            String hash = cloud.single("SELECT validation_hash FROM backup WHERE uuid = '" + id + "'");
            // hash-backup's hash: the SHA-256 of each file's hex SHA-256 and a newline (one file here).
            assertEquals("the hash is the compressed file's", sha256((sha256(fileOf(id)) + "\n").getBytes(
                    StandardCharsets.US_ASCII)), hash);
            assertScreenshotDownloadsAsPng(id);
        }
        assertEquals("Incremental", i.get("type").getAsString());
        String backing = backingOf(fileOf(increment));
        assertTrue("the compressed incremental backs onto its compressed parent: " + backing,
                backing != null && backing.endsWith(full + ".qcow2"));
        System.out.printf("validation case: compressed full and incremental Valid in %d s%n", seconds(start));
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
