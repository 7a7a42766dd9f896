package io.kboss.agent.disk;

import static io.kboss.agent.disk.RunningVmBackupTest.request;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.ValidationOutcome;
import io.kboss.agent.disk.domain.ValidationOutcome.Verdict;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.agent.disk.domain.ValidationRequest.GuestCommand;
import io.kboss.agent.disk.domain.ValidationRequest.Step;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.support.TinyGuest;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backups validated in a throwaway VM with the real tiny guest, which boots from its own disk: a
 * good backup passes every step and leaves a PNG, a backup damaged after it was taken fails the
 * step that catches it, a VM whose guest agent cannot answer still gets its screenshot, and a
 * cancel leaves no VM and no overlay. The original backup file is never written.
 */
public class ValidationTest {
    private static final DiskEngine ENGINE = DiskEngine.local(Clock.systemUTC());
    private static final Step[] ALL_STEPS = {Step.WAIT_FOR_BOOT, Step.EXECUTE_COMMAND, Step.SCREENSHOT};
    private static Path guest;
    private static LabDomain vm;
    private static Path goodBackup;
    private static Path scratchRoot;

    /** One booted tiny guest, backed up once while it runs; each test validates a copy of that backup. */
    @BeforeClass
    public static void backedUpGuest() throws Exception {
        guest = TinyGuest.build();
        vm = LabDomain.named("kbt-disk-validated").bootingTinyGuestFromItsDisk(guest).start();
        TinyGuest.waitForAgent(vm);
        BackupOutcome full = ENGINE.backups().backup(request(vm, "v0", null, vm.dir.resolve("store")),
                ProgressListener.NONE, new CancelToken());
        goodBackup = full.disks().get(0).file();
        vm.destroy();
        scratchRoot = Files.createTempDirectory("kbt-disk-validation-");
        Files.setPosixFilePermissions(scratchRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterClass
    public static void removeGuest() throws Exception {
        if (vm != null) {
            vm.close();
        }
        if (scratchRoot != null) {
            ThrowawayValidation.deleteScratch(scratchRoot);
        }
    }

    private static Path copyOfGoodBackup(String name) throws Exception {
        Path copy = vm.dir.resolve("store/" + name + ".qcow2");
        Files.copy(goodBackup, copy);
        return copy;
    }

    private static GuestCommand checksumCommand() throws Exception {
        byte[] expected = Files.readString(guest.resolve("check.sha256")).getBytes(StandardCharsets.UTF_8);
        return new GuestCommand("/bin/sha256sum", List.of("/kboss-check.bin"), expected, Duration.ofSeconds(60));
    }

    private static ValidationRequest validationOf(String vmName, Path backup, Duration bootTimeout, Step... steps)
            throws Exception {
        String name = ValidationRequest.DOMAIN_PREFIX + "kbt-" + UUID.randomUUID().toString().substring(0, 8);
        return new ValidationRequest(vmName, name, Map.of("vda", backup), scratchRoot.resolve(name), List.of(steps),
                bootTimeout, checksumCommand(), Duration.ofSeconds(2),
                backup.resolveSibling(backup.getFileName() + ".validation.png"));
    }

    private static ValidationOutcome validate(ValidationRequest request) {
        return ENGINE.validations().validate(request, ProgressListener.NONE, new CancelToken());
    }

    private static void assertNothingLeft(ValidationRequest request) throws Exception {
        assertFalse("no scratch folder", Files.exists(request.scratch()));
        assertFalse("no validation VM", LabDomain.exists(request.domainName()));
    }

    private static void assertPng(Path png) throws Exception {
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertArrayEquals("a PNG", new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
    }

    @Test
    public void aGoodBackupIsValidWithAllThreeStepsAndItsScreenshotIsStoredBesideIt() throws Exception {
        Path backup = copyOfGoodBackup("good");
        byte[] before = Files.readAllBytes(backup);
        ValidationRequest request = validationOf(vm.name, backup, Duration.ofSeconds(180), ALL_STEPS);

        ValidationOutcome outcome = validate(request);

        assertTrue(outcome.steps().toString(), outcome.valid());
        assertEquals(3, outcome.steps().size());
        for (ValidationOutcome.StepResult s : outcome.steps()) {
            assertEquals(s.toString(), Verdict.PASSED, s.verdict());
        }
        assertTrue(outcome.steps().get(1).detail(), outcome.steps().get(1).detail().contains("expected output"));
        assertEquals(request.screenshot(), outcome.screenshot());
        assertPng(request.screenshot());
        assertEquals(Files.size(request.screenshot()), outcome.screenshotBytes());
        assertArrayEquals("the backup file was never written", before, Files.readAllBytes(backup));
        assertNothingLeft(request);
    }

    @Test
    public void aBackupDamagedAfterItWasTakenFailsAtTheStepThatCatchesIt() throws Exception {
        Path backup = copyOfGoodBackup("damaged");
        long size = Files.size(backup);
        byte[] noise = new byte[4 << 20];
        new Random(7).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(backup.toFile(), "rw")) {
            f.seek(size / 2 - noise.length / 2);
            f.write(noise); // a few MiB overwritten in the middle of the file
        }
        ValidationRequest request = validationOf(vm.name, backup, Duration.ofSeconds(120), ALL_STEPS);

        ValidationOutcome outcome = validate(request);

        assertFalse(outcome.steps().toString(), outcome.valid());
        ValidationOutcome.StepResult failed = outcome.firstNotPassed().orElseThrow();
        assertEquals(outcome.steps().toString(), Verdict.FAILED, failed.verdict());
        assertTrue(failed.toString(), failed.step() == Step.WAIT_FOR_BOOT || failed.step() == Step.EXECUTE_COMMAND);
        assertFalse(failed.detail().isBlank());
        System.out.println("damaged backup: " + failed.step() + " failed: " + failed.detail());
        assertNothingLeft(request);
    }

    @Test
    public void aBackupWhoseFileCannotBeOpenedFailsTheFirstStepWithoutStartingAVm() throws Exception {
        Path backup = copyOfGoodBackup("headless");
        try (RandomAccessFile f = new RandomAccessFile(backup.toFile(), "rw")) {
            f.write(new byte[4096]); // the qcow2 header is gone
        }
        ValidationRequest request = validationOf(vm.name, backup, Duration.ofSeconds(60), ALL_STEPS);

        ValidationOutcome outcome = validate(request);

        assertEquals(Verdict.FAILED, outcome.steps().get(0).verdict());
        String reason = outcome.steps().get(0).detail();
        // The reason reaches the backup's owner: what qemu-img reported about the file, no command line, no host path.
        assertEquals(reason, "the backup chain of disk vda cannot be opened: qemu-img reported: Could not open '"
                + backup.getFileName() + "': Image is not in qcow2 format", reason);
        assertEquals(Verdict.SKIPPED, outcome.steps().get(1).verdict());
        assertEquals(Verdict.SKIPPED, outcome.steps().get(2).verdict());
        assertEquals(null, outcome.screenshot());
        assertNothingLeft(request);
    }

    @Test
    public void aVmWithoutAGuestAgentChannelIsUnableToValidateForWaitForBootAndStillGetsItsScreenshot()
            throws Exception {
        try (LabDomain noAgent = LabDomain.named("kbt-disk-noagent").bootingTinyGuestFromItsDisk(guest)
                .withoutGuestAgentChannel().define()) {
            ValidationRequest request = validationOf(noAgent.name, copyOfGoodBackup("noagent"), Duration.ofSeconds(60),
                    ALL_STEPS);

            ValidationOutcome outcome = validate(request);

            assertFalse(outcome.valid());
            assertEquals(Step.WAIT_FOR_BOOT, outcome.firstNotPassed().orElseThrow().step());
            assertEquals(Verdict.UNABLE, outcome.steps().get(0).verdict());
            assertTrue(outcome.steps().get(0).detail(), outcome.steps().get(0).detail().contains("no guest-agent"));
            assertEquals(Verdict.UNABLE, outcome.steps().get(1).verdict());
            assertEquals(outcome.steps().toString(), Verdict.PASSED, outcome.steps().get(2).verdict());
            assertPng(request.screenshot());
            assertNothingLeft(request);
        }
    }

    @Test
    public void aVmWhoseGuestAgentNeverAnswersFailsWaitForBootAtItsTimeoutAndStillGetsItsScreenshot()
            throws Exception {
        // A BIOS VM with nothing to boot: its agent channel exists, nobody ever answers on it.
        try (LabDomain silent = LabDomain.named("kbt-disk-silent").guestAgentChannel().qcow2Disks(1, "64M")
                .define()) {
            Path disk = silent.dir.resolve("silent-backup.qcow2");
            Files.copy(silent.disk, disk);
            ValidationRequest request = validationOf(silent.name, disk, Duration.ofSeconds(5), ALL_STEPS);

            ValidationOutcome outcome = validate(request);

            assertEquals(Verdict.FAILED, outcome.steps().get(0).verdict());
            assertTrue(outcome.steps().get(0).detail(),
                    outcome.steps().get(0).detail().contains("did not answer within 5 s") && outcome.steps().get(0)
                            .detail().contains("is not running, so whether its own guest agent answers is unknown"));
            assertEquals("the command needs the agent that did not answer", Verdict.SKIPPED,
                    outcome.steps().get(1).verdict());
            assertEquals(Verdict.PASSED, outcome.steps().get(2).verdict());
            assertPng(request.screenshot());
            assertNothingLeft(request);
        }
    }

    @Test
    public void aRunningVmWhoseOwnGuestAgentIsSilentTooIsUnableToValidateAtWaitForBootAndStillGetsItsScreenshot()
            throws Exception {
        // As a cloud VM without qemu-ga: it runs, its agent channel exists, nobody ever answers on it,
        // so the throwaway copy's silence says nothing about the backup.
        try (LabDomain silent = LabDomain.named("kbt-disk-silent-running").guestAgentChannel().qcow2Disks(1, "64M")
                .start()) {
            Path disk = silent.dir.resolve("silent-running-backup.qcow2");
            Programs.run(List.of("qemu-img", "convert", "-U", "-O", "qcow2", silent.disk.toString(), disk.toString()),
                    Duration.ofSeconds(60));
            ValidationRequest request = validationOf(silent.name, disk, Duration.ofSeconds(5), ALL_STEPS);

            ValidationOutcome outcome = validate(request);

            assertEquals(outcome.steps().toString(), Verdict.UNABLE, outcome.steps().get(0).verdict());
            String detail = outcome.steps().get(0).detail();
            assertTrue(detail, detail.contains("did not answer within 5 s") && detail.contains(
                    "VM " + silent.name + "'s own guest agent does not answer either"));
            assertEquals(Verdict.SKIPPED, outcome.steps().get(1).verdict());
            assertEquals(Verdict.PASSED, outcome.steps().get(2).verdict());
            assertPng(request.screenshot());
            assertTrue("the VM itself still runs", silent.running());
            assertNothingLeft(request);
        }
    }

    @Test
    public void aCancelledValidationStopsAtOnceAndLeavesNoVmAndNoOverlay() throws Exception {
        try (LabDomain silent = LabDomain.named("kbt-disk-cancelled").guestAgentChannel().qcow2Disks(1, "64M")
                .define()) {
            Path disk = silent.dir.resolve("cancelled-backup.qcow2");
            Files.copy(silent.disk, disk);
            ValidationRequest request = validationOf(silent.name, disk, Duration.ofMinutes(10), Step.WAIT_FOR_BOOT);
            CancelToken cancel = new CancelToken();
            CompletableFuture<ValidationOutcome> running = CompletableFuture
                    .supplyAsync(() -> ENGINE.validations().validate(request, ProgressListener.NONE, cancel));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!LabDomain.exists(request.domainName())) {
                assertTrue("the validation VM never started", System.nanoTime() < end && !running.isDone());
                Thread.sleep(50);
            }

            cancel.cancel();
            try {
                running.get(60, TimeUnit.SECONDS);
                fail("a cancelled validation ended normally");
            } catch (ExecutionException e) {
                assertTrue(e.getCause().toString(),
                        e.getCause() instanceof DiskOperationException d && d.cancelled());
            }
            assertNothingLeft(request);
        }
    }

}
