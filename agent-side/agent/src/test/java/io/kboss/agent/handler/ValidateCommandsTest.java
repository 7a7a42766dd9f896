package io.kboss.agent.handler;

import static org.junit.Assert.assertArrayEquals;
import java.util.Base64;
import io.kboss.agent.contract.ScreenshotAnswer;
import io.kboss.agent.contract.ReadScreenshotCommand;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationDisk;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.contract.ValidationStep;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.TestAgent;
import io.kboss.test.support.LabDomain;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * validate-backup and hash-backup over the agent's endpoint: the wire's result (which step failed,
 * how, where the screenshot is), refusals before a job starts, and a hash that sees one changed byte.
 */
public class ValidateCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private LabDomain vm;
    private TestAgent agent;
    private AgentClient client;
    private Path store;
    private Path scratch;
    private StoreRef storeRef;

    @Before
    public void vmAndItsBackup() throws Exception {
        // A BIOS VM with nothing to boot: its guest-agent channel exists and nobody answers on it.
        vm = LabDomain.named("kbt-agent-valwire-" + UUID.randomUUID().toString().substring(0, 8)).guestAgentChannel()
                .qcow2Disks(1, "64M").define();
        store = Files.createDirectories(vm.dir.resolve("store"));
        Path backup = Files.createDirectories(store.resolve("backups/acc/vol")).resolve("b1.qcow2");
        Files.copy(vm.disk, backup);
        storeRef = StoreRef.local("local-1", store.toString());
        scratch = Files.createTempDirectory("kbt-agent-scratch-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Properties p = new Properties();
        p.setProperty("validation.scratch.dir", scratch.toString());
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"), p);
        client = agent.pairedClient();
    }

    @After
    public void remove() throws Exception {
        agent.close();
        vm.close();
        Files.deleteIfExists(scratch);
    }

    private ValidateBackupCommand validate() {
        ValidateBackupCommand c = new ValidateBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b1";
        c.vmUuid = vm.libvirtUuid;
        c.store = storeRef;
        ValidationDisk d = new ValidationDisk();
        d.targetDevice = "vda";
        d.chainPaths.add("backups/acc/vol/b1.qcow2");
        c.disks.add(d);
        c.steps.addAll(List.of(ValidationStep.WAIT_FOR_BOOT, ValidationStep.EXECUTE_COMMAND,
                ValidationStep.SCREENSHOT));
        c.bootTimeoutSeconds = 3;
        c.command = "/bin/true";
        c.screenshotWaitSeconds = 1;
        return c;
    }

    @Test
    public void aValidationThatRanEndsSucceededAndItsResultNamesTheFailedStepAndTheScreenshot() throws Exception {
        JobInfo job = waitFor(start(validate()), j -> j.state.isFinal());

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertEquals(JobType.VALIDATE_BACKUP, job.type);
        ValidationResult r = job.validationResult;
        assertFalse(r.valid);
        assertEquals(ValidationStep.WAIT_FOR_BOOT, r.failedStep);
        assertEquals(ValidationResult.StepOutcome.FAILED, r.failedOutcome);
        assertTrue(r.failureReason, r.failureReason.contains("did not answer within 3 s"));
        assertEquals(3, r.steps.size());
        assertEquals(ValidationResult.StepOutcome.SKIPPED, r.steps.get(1).outcome);
        assertEquals(ValidationResult.StepOutcome.PASSED, r.steps.get(2).outcome);
        assertEquals("beside the backup", "backups/acc/vol/b1.validation.png", r.screenshotPath);
        assertEquals(Files.size(store.resolve(r.screenshotPath)), r.screenshotBytes);
        assertTrue(r.domainName, r.domainName.startsWith("kboss-validation-b1-"));
        assertEquals(3, job.bytesTotal);
        assertEquals(3, job.bytesDone);
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals("no overlay left", List.of(), left.toList());
        }
    }

    @Test
    public void readScreenshotAnswersOnlyPngFilesInsideTheStore() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        Files.write(store.resolve("backups/acc/vol/b1.validation.png"), png);
        Files.writeString(store.resolve("backups/acc/vol/fake.png"), "not a picture");

        ScreenshotAnswer read = client.execute(readScreenshot("backups/acc/vol/b1.validation.png"));
        assertTrue(read.errorText, read.success);
        assertArrayEquals(png, Base64.getDecoder().decode(read.pngBase64));

        ScreenshotAnswer fake = client.execute(readScreenshot("backups/acc/vol/fake.png"));
        assertFalse(fake.success);
        assertTrue(fake.errorText, fake.errorText.contains("is not a PNG"));
        assertEquals(ErrorCode.NOT_FOUND, client.execute(readScreenshot("backups/acc/vol/gone.png")).errorCode);
        assertEquals(ErrorCode.BAD_REQUEST, client.execute(readScreenshot("../outside.png")).errorCode);
        assertEquals(ErrorCode.BAD_REQUEST, client.execute(readScreenshot("backups/acc/vol/b1.qcow2")).errorCode);
    }

    private ReadScreenshotCommand readScreenshot(String path) {
        ReadScreenshotCommand c = new ReadScreenshotCommand();
        c.store = storeRef;
        c.path = path;
        return c;
    }

    @Test
    public void theValidationVmIsNeverListedAsOneOfTheHostsVms() throws Exception {
        ValidateBackupCommand c = validate();
        c.bootTimeoutSeconds = 60;
        c.steps.retainAll(List.of(ValidationStep.WAIT_FOR_BOOT));
        String jobId = start(c);
        waitFor(jobId, j -> "waiting for the guest agent".equals(j.phase));

        assertTrue(client.execute(new ListVmsCommand()).vms.stream()
                .noneMatch(v -> v.name.startsWith("kboss-validation-")));
        io.kboss.agent.contract.CancelJobCommand cancel = new io.kboss.agent.contract.CancelJobCommand();
        cancel.jobId = jobId;
        client.execute(cancel);
        assertEquals(JobState.CANCELLED, waitFor(jobId, j -> j.state.isFinal()).state);
    }

    @Test
    public void badValidationParametersAreRefusedBeforeAJobStarts() throws Exception {
        ValidateBackupCommand noSteps = validate();
        noSteps.steps.clear();
        assertRefused(noSteps, ErrorCode.BAD_REQUEST, "needs its steps");

        ValidateBackupCommand notBase64 = validate();
        notBase64.expectedOutputBase64 = "not base64!";
        assertRefused(notBase64, ErrorCode.BAD_REQUEST, "must be Base64");

        ValidateBackupCommand unknownVm = validate();
        unknownVm.vmUuid = UUID.randomUUID().toString();
        assertRefused(unknownVm, ErrorCode.NOT_FOUND, "No VM " + unknownVm.vmUuid);
    }

    @Test
    public void aBackupsHashChangesWhenOneByteOfItsFileChanges() throws Exception {
        HashBackupCommand c = new HashBackupCommand();
        c.requestId = "hash-1";
        c.backupUuid = "b1";
        c.store = storeRef;
        c.paths.add("backups/acc/vol/b1.qcow2");
        Path file = store.resolve("backups/acc/vol/b1.qcow2");

        JobInfo first = waitFor(start(c), j -> j.state.isFinal());
        c.requestId = "hash-2";
        HashResult same = waitFor(start(c), j -> j.state.isFinal()).hashResult;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x01); // one flipped bit
        }
        c.requestId = "hash-3";
        HashResult flipped = waitFor(start(c), j -> j.state.isFinal()).hashResult;

        assertEquals(first.errorText, JobState.SUCCEEDED, first.state);
        HashResult r = first.hashResult;
        assertEquals("SHA-256", r.algorithm);
        assertEquals(64, r.files.get(0).hash.length());
        assertEquals(Files.size(file), r.files.get(0).sizeBytes);
        assertEquals("backups/acc/vol/b1.qcow2", r.files.get(0).path);
        assertEquals(r.hash, same.hash);
        assertNotEquals(r.hash, flipped.hash);
        assertNotEquals(r.files.get(0).hash, flipped.files.get(0).hash);
    }

    private void assertRefused(ValidateBackupCommand c, ErrorCode code, String text) throws Exception {
        JobAnswer a = client.execute(c);
        assertFalse(a.success);
        assertEquals(a.errorText, code, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains(text));
    }

    private String start(io.kboss.agent.contract.JobCommand c) throws Exception {
        return AgentJobs.start(client, c);
    }

    private JobInfo waitFor(String jobId, Predicate<JobInfo> condition) throws Exception {
        return AgentJobs.waitFor(client, jobId, condition);
    }
}
