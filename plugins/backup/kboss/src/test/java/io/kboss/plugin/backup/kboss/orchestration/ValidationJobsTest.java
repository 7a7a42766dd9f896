package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.contract.ValidationStep;
import io.kboss.plugin.backup.kboss.validation.ValidationScheduler;
import io.kboss.server.api.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Validation jobs on the queue: queued after a backup of a validating offering ends BackedUp (and only
 * then), run on the VM's host with the chain, the offering's steps and the VM's settings, their verdict in
 * listBackups, a failed step ending the chain, the task switch, the per-host limit under a burst, retries
 * and the timeout, two servers never validating one backup twice, the periodic hash check with a settable
 * clock, and downloadValidationScreenshot. Real MariaDB, the real server configuration with its loops off,
 * the fake agent at the channel boundary.
 */
public class ValidationJobsTest extends OneServerLab {
    private static final String ALL_STEPS = "wait_for_boot,execute_command,screenshot";
    private static long validating;
    private static long plain;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_validation", "valid", 4, "val");
        validating = cloud.offering("validating", Map.of("validate", "true", "validationsteps", ALL_STEPS));
        plain = cloud.offering("plain", Map.of("validate", "false"));
    }

    @After
    public void endHeldJobsAndResetSettings() {
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        cloud.sql.update("DELETE FROM configuration_value WHERE name LIKE 'backup.validation.%'");
    }

    /** A VM of its own host on the validating offering, so no test's operations count against another's. */
    private static OrchestrationCloud.Vm validatedVm() {
        return newVm(validating);
    }

    /** createBackup, then passes until the queue is empty: the backup and what follows it ran. */
    private static String backUp(OrchestrationCloud.Vm vm) {
        String backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        return backup;
    }

    private static JsonObject listed(String backup) {
        return server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
    }

    private static String status(String backup) {
        return listed(backup).get("validationstatus").getAsString();
    }

    private static ValidateBackupCommand lastValidation() {
        List<ValidateBackupCommand> all = cloud.agents.commands(ValidateBackupCommand.class);
        return all.get(all.size() - 1);
    }

    private static String validationOp(String backup) {
        return cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id WHERE b.uuid = ?"
                + " AND o.kind = 'VALIDATION' ORDER BY o.id DESC LIMIT 1", backup);
    }

    private static ValidationResult found(ValidationStep step, ValidationResult.StepOutcome outcome, String why) {
        ValidationResult r = new ValidationResult();
        r.valid = false;
        r.failedStep = step;
        r.failedOutcome = outcome;
        r.failureReason = why;
        return r;
    }

    @Test
    public void aBackupOfAValidatingOfferingIsValidOnceBackedUpWithItsChainStepsDefaultsAndScreenshotAndIsHashed() {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);

        JsonObject b = listed(backup);
        assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        assertNotNull("when it was validated", b.get("validated"));
        assertNotNull("its files were hashed", b.get("validationchecked"));
        assertFalse("no reason for a Valid backup", b.has("validationreason"));
        assertTrue(b.get("validationscreenshot").getAsBoolean());
        ValidateBackupCommand c = lastValidation();
        assertEquals(backup, c.backupUuid);
        assertEquals("the offering's steps in its order",
                List.of(ValidationStep.WAIT_FOR_BOOT, ValidationStep.EXECUTE_COMMAND, ValidationStep.SCREENSHOT),
                c.steps);
        assertEquals(1, c.disks.size());
        assertEquals("vda", c.disks.get(0).targetDevice);
        String file = cloud.single("SELECT v.relative_path FROM backup_volume v JOIN backup b ON b.id = v.backup_id"
                + " WHERE b.uuid = ?", backup);
        assertEquals(List.of(file), c.disks.get(0).chainPaths);
        assertEquals("the screenshot goes beside the backup", file.replace(".qcow2", ".validation.png"),
                c.screenshotPath);
        assertEquals("backup.validation.boot.default.timeout", 240, c.bootTimeoutSeconds);
        assertEquals("backup.validation.script.default.timeout", 60, c.commandTimeoutSeconds);
        assertEquals("backup.validation.screenshot.default.wait", 60, c.screenshotWaitSeconds);
        assertEquals("backup.validation.timeout", 3600, c.timeoutSeconds);
        assertNull("no backupValidationCommand: execute_command is skipped by the agent", c.command);
        assertEquals("the VM's host", cloud.count("SELECT host_id FROM vm_instance WHERE uuid = ?", vm.uuid()),
                cloud.count("SELECT host_id FROM operation WHERE uuid = ?", validationOp(backup)));
        HashBackupCommand hash = cloud.agents.commands(HashBackupCommand.class).stream()
                .filter(h -> h.backupUuid.equals(backup)).findFirst().orElseThrow();
        assertEquals(List.of(file), hash.paths);
        assertNotNull(cloud.single("SELECT validation_hash FROM backup WHERE uuid = ?", backup));
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE uuid = ?", validationOp(backup)));
    }

    @Test
    public void anIncrementIsValidatedOnItsWholeChainFullFirst() {
        OrchestrationCloud.Vm vm = validatedVm();
        String full = backUp(vm);
        String increment = backUp(vm);
        assertEquals("Incremental", listed(increment).get("type").getAsString());
        List<String> chain = lastValidation().disks.get(0).chainPaths;
        assertEquals(2, chain.size());
        assertTrue(chain.toString(), chain.get(0).contains(full) && chain.get(1).contains(increment));
        assertEquals("Valid", status(increment));
    }

    @Test
    public void whenTheOfferingAlsoCompressesTheBackupIsValidatedOnceItsCompressionEndedAndListedAsAServiceJob()
            throws Exception {
        long both = cloud.offering("compressed-validated", Map.of("validate", "true", "validationsteps", ALL_STEPS,
                "compress", "true", "compressionlibrary", "zstd"));
        vms++;
        OrchestrationCloud.Vm vm = cloud.vm("val-cz-" + vms, cloud.host("val-h" + vms), both);
        String backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        cloud.agents.hold();
        Thread compressing = new Thread(server::drain);
        compressing.start();
        String backupOp = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id"
                + " WHERE b.uuid = ? AND o.kind = 'BACKUP'", backup);
        cloud.agents.awaitStarts(backupOp, 1);
        cloud.agents.finish(backupOp); // the backup ends BackedUp and queues its compression, which is held
        awaitKind(backup, "COMPRESSION");
        String compression = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id"
                + " WHERE b.uuid = ? AND o.kind = 'COMPRESSION'", backup);
        cloud.agents.awaitStarts(compression + "-1", 1);
        cloud.clock.advance(Duration.ofSeconds(31));
        server.bean(ValidationScheduler.class).check();
        assertEquals("no validation while the compression runs", 0, cloud.count("SELECT COUNT(*) FROM operation o"
                + " JOIN backup b ON b.id = o.backup_id WHERE b.uuid = ? AND o.kind = 'VALIDATION'", backup));
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        compressing.join();
        server.drain();

        JsonObject b = listed(backup);
        assertEquals(b.toString(), "Compressed", b.get("compressionstatus").getAsString());
        assertEquals(b.toString(), "Valid", b.get("validationstatus").getAsString());
        JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", backup, "type", "Validation")
                .getAsJsonArray("backupservicejob").get(0).getAsJsonObject();
        assertEquals(job.toString(), "Validation", job.get("type").getAsString());
        assertEquals(validationOp(backup), job.get("id").getAsString());
        assertEquals(job.toString(), "Succeeded", job.get("state").getAsString());
    }

    @Test
    public void aBackupOfAnOfferingThatDoesNotValidateIsNeverQueuedAndStaysNotValidated() {
        vms++;
        OrchestrationCloud.Vm vm = cloud.vm("val-plain-" + vms, cloud.host("val-h" + vms), plain);
        String backup = backUp(vm);
        cloud.clock.advance(Duration.ofMinutes(1));
        server.drain();
        assertEquals("NotValidated", status(backup));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b ON b.id = o.backup_id"
                + " WHERE b.uuid = ? AND o.kind = 'VALIDATION'", backup));
    }

    @Test
    public void theVmsValidationDetailsSetWithUpdateVirtualMachineOverTheDefaultsReachTheAgent() {
        OrchestrationCloud.Vm vm = validatedVm();
        String expected = Base64.getEncoder().encodeToString("4f2a  root.raw\n".getBytes());
        JsonObject updated = server.ok(admin, "updateVirtualMachine", "id", vm.uuid(),
                "details[0].key", "backupValidationCommand", "details[0].value", "/bin/sha256sum",
                "details[1].key", "backupValidationCommandArguments", "details[1].value",
                "-b  '/check/my root.raw' \"a \\\"b\\\"\" c\\ d",
                "details[2].key", "backupValidationCommandExpectedResult", "details[2].value", expected,
                "details[3].key", "backupValidationCommandTimeout", "details[3].value", "15",
                "details[4].key", "backupValidationScreenshotWait", "details[4].value", "0",
                "details[5].key", "backupValidationBootTimeout", "details[5].value", "90")
                .getAsJsonObject("virtualmachine");
        assertEquals(6, updated.getAsJsonObject("details").size());
        JsonObject listed = server.ok(admin, "listVirtualMachines", "id", vm.uuid()).getAsJsonArray("virtualmachine")
                .get(0).getAsJsonObject();
        assertEquals("15", listed.getAsJsonObject("details").get("backupValidationCommandTimeout").getAsString());

        backUp(vm);
        ValidateBackupCommand c = lastValidation();
        assertEquals("/bin/sha256sum", c.command);
        assertEquals("split as CommandArguments says, never a shell string", List.of("-b", "/check/my root.raw",
                "a \"b\"", "c d"), c.commandArguments);
        assertEquals(expected, c.expectedOutputBase64);
        assertEquals(15, c.commandTimeoutSeconds);
        assertEquals(0, c.screenshotWaitSeconds);
        assertEquals(90, c.bootTimeoutSeconds);
    }

    @Test
    public void updateVirtualMachineRefusesBadValidationDetailsAndUsersTimeoutsAndChangesNothing() {
        OrchestrationCloud.Vm vm = validatedVm();
        JsonObject bad = server.refused(431, admin, "updateVirtualMachine", "id", vm.uuid(), "details[0].key",
                "backupValidationBootTimeout", "details[0].value", "soon");
        assertTrue(bad.toString(), bad.get("errortext").getAsString().contains(
                "backupValidationBootTimeout is 'soon', not a whole number of seconds of at least 1"));
        server.refused(431, admin, "updateVirtualMachine", "id", vm.uuid(), "details[0].key",
                "backupValidationCommandExpectedResult", "details[0].value", "not base64!");
        JsonObject unclosed = server.refused(431, admin, "updateVirtualMachine", "id", vm.uuid(), "details[0].key",
                "backupValidationCommandArguments", "details[0].value", "-c 'echo hi");
        assertTrue(unclosed.toString(), unclosed.get("errortext").getAsString().contains(
                "backupValidationCommandArguments cannot be split into arguments: the single quote at character 4"));

        Caller user = stranger();
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", user.accountId(), vm.id());
        server.ok(admin, "updateVirtualMachine", "id", vm.uuid(), "details[0].key", "backupValidationBootTimeout",
                "details[0].value", "90");
        JsonObject refused = server.refused(432, user, "updateVirtualMachine", "id", vm.uuid(), "details[0].key",
                "backupValidationBootTimeout", "details[0].value", "9000");
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains("user.vm.readonly.details"));
        JsonObject mine = server.ok(user, "updateVirtualMachine", "id", vm.uuid(), "details[0].key",
                "backupValidationCommand", "details[0].value", "/bin/true").getAsJsonObject("virtualmachine")
                .getAsJsonObject("details");
        assertEquals("the admin's timeout stays; the user's command is set", "90",
                mine.get("backupValidationBootTimeout").getAsString());
        assertEquals("/bin/true", mine.get("backupValidationCommand").getAsString());
        JsonObject cleaned = server.ok(user, "updateVirtualMachine", "id", vm.uuid(), "cleanupdetails", "true")
                .getAsJsonObject("virtualmachine").getAsJsonObject("details");
        assertEquals("a user's cleanup keeps what only admins may change", Map.of("backupValidationBootTimeout", "90")
                .keySet(), cleaned.keySet());
    }

    @Test
    public void aFailedStepMakesTheBackupNotValidWithTheStepAndWhyAndEndsItsChainSoTheNextBackupIsFull() {
        OrchestrationCloud.Vm vm = validatedVm();
        String full = backUp(vm);
        String bad = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        cloud.agents.validationFinds(bad, found(ValidationStep.EXECUTE_COMMAND, ValidationResult.StepOutcome.FAILED,
                "the output differed: expected 'ok' but got 'corrupt'"));
        server.drain();

        JsonObject b = listed(bad);
        assertEquals(b.toString(), "NotValid", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.startsWith("execute_command failed: the output differed: expected 'ok' but got"));
        assertEquals("VALIDATION_FAILED", cloud.single("SELECT c.end_reason FROM backup_chain c JOIN backup b"
                + " ON b.chain_id = c.id WHERE b.uuid = ?", bad));
        assertEquals("the full before it is still Valid", "Valid", status(full));
        com.google.gson.JsonArray alerts = server.ok(admin, "listAlerts", "keyword", bad).getAsJsonArray("alert");
        assertEquals("a NotValid backup raises an alert (issue 12 item 9)", 1, alerts.size());
        assertEquals("ALERT.BACKUP.VALIDATION", alerts.get(0).getAsJsonObject().get("name").getAsString());
        assertTrue(alerts.toString(), alerts.toString().contains("the output differed"));
        String validations = server.ok(admin, "listEvents", "listall", "true", "type", "BACKUP.VALIDATE", "keyword",
                vm.name()).toString();
        assertTrue(validations, validations.contains("\"state\":\"Completed\""));
        String next = backUp(vm);
        assertEquals("the chain ended: the next backup is full", "Full", listed(next).get("type").getAsString());
    }

    @Test
    public void withEndChainOnFailOffANotValidBackupLeavesItsChainOpen() {
        cloud.setting("backup.validation.end.chain.on.fail", "false");
        OrchestrationCloud.Vm vm = validatedVm();
        String bad = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        cloud.agents.validationFinds(bad, found(ValidationStep.WAIT_FOR_BOOT, ValidationResult.StepOutcome.FAILED,
                "the guest agent did not answer within 240 s"));
        server.drain();
        assertEquals("NotValid", status(bad));
        assertEquals("Incremental", listed(backUp(vm)).get("type").getAsString());
    }

    @Test
    public void aStepThatCouldNotCheckMakesTheBackupUnableToValidateAndKeepsTheChain() {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        cloud.agents.validationFinds(backup, found(ValidationStep.WAIT_FOR_BOOT,
                ValidationResult.StepOutcome.UNABLE, "the VM has no guest agent channel"));
        server.drain();
        JsonObject b = listed(backup);
        assertEquals("UnableToValidate", b.get("validationstatus").getAsString());
        assertTrue(b.toString(), b.get("validationreason").getAsString().startsWith(
                "wait_for_boot could not check the backup: the VM has no guest agent channel"));
        assertEquals("Incremental", listed(backUp(vm)).get("type").getAsString());
    }

    @Test
    public void whileTheTaskIsSwitchedOffNothingIsValidatedAndOnceOnTheWaitingBackupsAre() {
        cloud.setting("backup.validation.task.enabled", "false");
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        assertEquals("NotValidated", status(backup));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND state = 'QUEUED'"));

        cloud.setting("backup.validation.task.enabled", "true");
        cloud.clock.advance(Duration.ofSeconds(31));
        server.drain();
        assertEquals("the task's next pass queued and ran it", "Valid", status(backup));
    }

    @Test
    public void theAccountsSwitchKeepsItsBackupsFromBeingValidated() {
        cloud.sql.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) SELECT"
                + " 'backup.validation.task.enabled', 'ACCOUNT', id, 'false', '2026-03-01 08:00:00.000' FROM account"
                + " WHERE name = 'admin'");
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        cloud.clock.advance(Duration.ofSeconds(31));
        server.drain();
        assertEquals("NotValidated", status(backup));
    }

    @Test
    public void aBurstOfBackupsOnOneHostIsValidatedOneAtATimeUnderThePerHostLimit() throws Exception {
        vms++;
        long host = cloud.host("val-burst-" + vms);
        List<OrchestrationCloud.Vm> burst = List.of(cloud.vm("val-b1-" + vms, host, validating),
                cloud.vm("val-b2-" + vms, host, validating), cloud.vm("val-b3-" + vms, host, validating));
        quietOtherBackups();
        cloud.setting("backup.validation.task.enabled", "false");
        for (OrchestrationCloud.Vm vm : burst) {
            server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        }
        server.drain(); // the backups (backup.max.concurrent.operations.per.host is 0: unlimited)
        cloud.setting("backup.validation.task.enabled", "true");
        cloud.clock.advance(Duration.ofSeconds(31));
        cloud.agents.hold();
        Thread pass = new Thread(server::drain);
        pass.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND host_id = ? AND state ="
                + " 'RUNNING'", host) < 1) {
            assertTrue("a validation started", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        assertEquals("one passes the per-host limit of 1 at a time", 0, server.pass());
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND host_id = ? AND"
                + " state = 'RUNNING'", host));
        assertEquals(2, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND host_id = ? AND"
                + " state = 'QUEUED'", host));
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        pass.join();
        server.drain();
        assertEquals(3, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VALIDATION' AND host_id = ? AND"
                + " state = 'SUCCEEDED'", host));
    }

    @Test
    public void aRunningValidationShowsWhichStepOfHowManyInListBackupServiceJobs() throws Exception {
        String backup = backedUpUnvalidated(validatedVm());
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        String op = awaitStarted(backup);
        cloud.agents.progress(op, "running the validation command", 1, 3);
        JsonObject job = null;
        for (int i = 0; i < 500; i++) {
            job = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray("backupservicejob")
                    .get(0).getAsJsonObject();
            if (job.has("progressdone") && job.get("progressdone").getAsLong() == 1) {
                break;
            }
            cloud.agents.poke();
            Thread.sleep(10);
        }
        assertEquals(job.toString(), "Running", job.get("state").getAsString());
        assertEquals(job.toString(), 1, job.get("progressdone").getAsLong());
        assertEquals("the offering's three steps", 3, job.get("progresstotal").getAsLong());
        assertEquals(33, job.get("progress").getAsInt());
        assertEquals("running the validation command", job.get("phase").getAsString());
        cloud.agents.finishAtOnce(); // the hash job that follows a Valid verdict
        cloud.agents.finish(op);
        pass.join();
        server.drain();
        JsonObject ended = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray(
                "backupservicejob").get(0).getAsJsonObject();
        assertEquals("Succeeded", ended.get("state").getAsString());
        assertFalse("an ended job shows no progress", ended.has("progress"));
    }

    @Test
    public void anAttemptWhoseAgentJobFailsIsRetriedAfterTheIntervalThenTheBackupIsUnableToValidate()
            throws Exception {
        String backup = backedUpUnvalidated(validatedVm());
        cloud.agents.hold();
        Thread first = server.passInBackground();
        String op = awaitOp(backup);
        String firstJob = op;
        cloud.agents.awaitStarts(firstJob, 1);
        cloud.agents.fail(firstJob, true, "the store is not mounted");
        first.join();
        assertEquals("QUEUED", cloud.single("SELECT state FROM operation WHERE uuid = ?", op));
        JsonObject waiting = listed(backup);
        assertEquals("nothing validates it while it waits for the retry", "NotValidated",
                waiting.get("validationstatus").getAsString());
        assertTrue(waiting.toString(), waiting.get("validationreason").getAsString().contains(
                "Waiting for the next attempt (backup.validation.retry.interval)"));
        JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray(
                "backupservicejob").get(0).getAsJsonObject();
        assertEquals(job.toString(), "WaitingForRetry", job.get("state").getAsString());
        assertTrue("when the next attempt may start", job.has("scheduleddate"));
        assertFalse("no progress while it waits", job.has("progress"));
        assertEquals("not before backup.validation.retry.interval", 0, server.pass());

        cloud.clock.advance(Duration.ofMinutes(61));
        int jobs = cloud.agents.jobs();
        Thread second = server.passInBackground();
        cloud.agents.awaitJobs(jobs + 1);
        String secondJob = cloud.agents.runningRequests().get(0);
        assertFalse("a new agent job for the new attempt", secondJob.equals(firstJob));
        cloud.agents.fail(secondJob, true, "the store is still not mounted");
        second.join();

        JsonObject b = listed(backup);
        assertEquals(b.toString(), "UnableToValidate", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.contains("the store is still not mounted") && reason.contains(
                "backup.validation.max.job.retries"));
        assertEquals("FAILED", cloud.single("SELECT state FROM operation WHERE uuid = ?", op));
        assertEquals(2, cloud.count("SELECT attempts FROM operation WHERE uuid = ?", op));
    }

    @Test
    public void aRetryWaitsOnTheHostItsVmMovedToAndRunsThere() throws Exception {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backedUpUnvalidated(vm);
        cloud.agents.hold();
        Thread first = server.passInBackground();
        String op = awaitStarted(backup);
        vms++;
        long moved = cloud.host("val-h" + vms);
        cloud.sql.update("UPDATE vm_instance SET host_id = ? WHERE uuid = ?", moved, vm.uuid());
        cloud.agents.fail(op, true, "domain " + vm.uuid() + " is not defined on this host");
        first.join();

        assertEquals("QUEUED", cloud.single("SELECT state FROM operation WHERE uuid = ?", op));
        assertEquals("the retry waits on the VM's host as it is now", moved, cloud.count("SELECT host_id FROM"
                + " operation WHERE uuid = ?", op));
        JsonObject job = server.ok(admin, "listBackupServiceJobs", "backupid", backup).getAsJsonArray(
                "backupservicejob").get(0).getAsJsonObject();
        assertEquals(job.toString(), cloud.single("SELECT uuid FROM host WHERE id = ?", moved),
                job.get("hostid").getAsString());

        cloud.agents.finishAtOnce();
        cloud.clock.advance(Duration.ofMinutes(61));
        server.drain();
        assertEquals("Valid", status(backup));
        List<String> attempts = cloud.agents.requestsOf(ValidateBackupCommand.class).stream().filter(r -> backup
                .equals(((ValidateBackupCommand) cloud.agents.command(r)).backupUuid)).toList();
        assertEquals(2, attempts.size());
        assertEquals("the first attempt on the VM's host then", vm.hostId(), cloud.agents.hostOf(attempts.get(0)));
        assertEquals("the second on its host now", moved, cloud.agents.hostOf(attempts.get(1)));
    }

    @Test
    public void validateBackupQueuesAValidationThatEndedWithoutAVerdictAgainAndRefusesAVerdict() throws Exception {
        cloud.setting("backup.validation.max.job.retries", "1");
        String backup = backedUpUnvalidated(validatedVm());
        cloud.agents.hold();
        Thread first = server.passInBackground();
        String op = awaitStarted(backup);
        cloud.agents.fail(op, true, "the store is not mounted");
        first.join();
        assertEquals("UnableToValidate", status(backup));
        cloud.agents.finishAtOnce();

        JsonObject job = server.ok(admin, "validateBackup", "id", backup).getAsJsonObject("backupservicejob");
        String again = job.get("id").getAsString();
        assertFalse("a new job", again.equals(op));
        assertEquals(job.toString(), "Queued", job.get("state").getAsString());
        assertEquals("Validation", job.get("type").getAsString());
        assertEquals(backup, job.get("backupid").getAsString());
        assertEquals("NotValidated", status(backup));
        JsonObject twice = server.refused(431, admin, "validateBackup", "id", backup);
        assertTrue(twice.toString(), twice.get("errortext").getAsString().contains(again));
        server.drain();
        assertEquals("Valid", status(backup));
        JsonObject valid = server.refused(431, admin, "validateBackup", "id", backup);
        assertTrue(valid.toString(), valid.get("errortext").getAsString().contains("is Valid"));

        vms++;
        String plainBackup = backUp(cloud.vm("val-plain-again-" + vms, cloud.host("val-h" + vms), plain));
        JsonObject refused = server.refused(431, admin, "validateBackup", "id", plainBackup);
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains("does not validate"));
        server.refused(432, stranger(), "validateBackup", "id", backup);
        assertEquals("refusals queued nothing", 1, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b ON"
                + " b.id = o.backup_id WHERE b.uuid = ? AND o.kind = 'VALIDATION' AND o.origin = 'API'", backup));
    }

    @Test
    public void aValidBackupCompressedAfterwardsIsHashedAnewAndStaysValid() throws Exception {
        long both = cloud.offering("validated-compressed-later", Map.of("validate", "true", "validationsteps",
                ALL_STEPS, "compress", "true", "compressionlibrary", "zstd"));
        vms++;
        OrchestrationCloud.Vm vm = cloud.vm("val-later-" + vms, cloud.host("val-h" + vms), both);
        cloud.setting("backup.compression.task.enabled", "false");
        try {
            String backup = backUp(vm);
            String compression = cloud.single("SELECT o.uuid FROM operation o JOIN backup b ON b.id = o.backup_id"
                    + " WHERE b.uuid = ? AND o.kind = 'COMPRESSION'", backup);
            server.ok(admin, "cancelBackupOperation", "id", compression);
            cloud.clock.advance(Duration.ofSeconds(31));
            server.drain();
            assertEquals("validated on its uncompressed files", "Valid", status(backup));
            assertNotNull(cloud.single("SELECT validation_hash FROM backup WHERE uuid = ?", backup));

            cloud.setting("backup.compression.task.enabled", "true");
            server.ok(admin, "compressBackup", "id", backup);
            String compressedBytes = "c0ffee".repeat(10) + "abcd";
            cloud.agents.hashOf(backup, compressedBytes);
            server.drain();
            assertEquals("Compressed", listed(backup).get("compressionstatus").getAsString());
            assertNull("the hash of the old bytes is forgotten", cloud.single("SELECT validation_hash FROM backup"
                    + " WHERE uuid = ?", backup));

            cloud.clock.advance(Duration.ofSeconds(31));
            server.drain();
            assertEquals("the compressed files are not taken for changed ones", "Valid", status(backup));
            assertEquals(compressedBytes, cloud.single("SELECT validation_hash FROM backup WHERE uuid = ?", backup));
        } finally {
            cloud.setting("backup.compression.task.enabled", "true");
        }
    }

    @Test
    public void anAttemptPastTheTimeoutIsCancelledOnTheAgentAndWithoutRetriesTheBackupIsUnableToValidate()
            throws Exception {
        cloud.setting("backup.validation.max.job.retries", "1");
        String backup = backedUpUnvalidated(validatedVm());
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        String op = awaitStarted(backup);
        cloud.clock.advance(Duration.ofSeconds(3601));
        cloud.agents.poke();
        pass.join();
        assertEquals("the agent was told to cancel it (it destroys the throwaway VM)", "CANCELLED",
                cloud.agents.state(op).name());
        JsonObject b = listed(backup);
        assertEquals(b.toString(), "UnableToValidate", b.get("validationstatus").getAsString());
        assertTrue(b.toString(), b.get("validationreason").getAsString().contains(
                "did not finish within backup.validation.timeout (3600 s)"));
    }

    @Test
    public void twoServersQueuingAndRunningTheSameBackupValidateItOnce() throws Exception {
        OrchestrationServer other = cloud.server("ms-2", 4);
        quietOtherBackups();
        cloud.setting("backup.validation.task.enabled", "false");
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        cloud.setting("backup.validation.task.enabled", "true");
        assertEquals(1, server.bean(ValidationScheduler.class).check());
        assertEquals("the backup's one live validation is the first server's", 0,
                other.bean(ValidationScheduler.class).check());
        other.drain();
        server.drain();
        assertEquals("Valid", status(backup));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM operation o JOIN backup b ON b.id = o.backup_id"
                + " WHERE b.uuid = ? AND o.kind = 'VALIDATION'", backup));
        assertEquals(1, cloud.agents.commands(ValidateBackupCommand.class).stream()
                .filter(c -> c.backupUuid.equals(backup)).count());
    }

    @Test
    public void theFilesAreHashedAgainEveryIntervalAndAChangedHashMakesTheBackupNotValidAndEndsItsChain() {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        String first = cloud.single("SELECT validation_hash FROM backup WHERE uuid = ?", backup);
        String checked = listed(backup).get("validationchecked").getAsString();

        cloud.clock.advance(Duration.ofHours(23));
        server.drain();
        assertEquals("not due before backup.validation.interval (24 h)", checked,
                listed(backup).get("validationchecked").getAsString());

        cloud.clock.advance(Duration.ofHours(1));
        server.drain();
        JsonObject same = listed(backup);
        assertEquals("Valid", same.get("validationstatus").getAsString());
        assertFalse("checked again", checked.equals(same.get("validationchecked").getAsString()));
        assertEquals(first, cloud.single("SELECT validation_hash FROM backup WHERE uuid = ?", backup));

        // One hex digit changed, whatever it was: the fake's default hash is derived from the backup's random
        // uuid, so a fixed replacement digit was the digit already there for one backup in sixteen.
        String flipped = Character.forDigit(Character.digit(first.charAt(0), 16) ^ 1, 16) + first.substring(1);
        assertNotEquals(first, flipped);
        cloud.agents.hashOf(backup, flipped);
        cloud.clock.advance(Duration.ofHours(24));
        server.drain();
        JsonObject b = listed(backup);
        assertEquals(b.toString(), "NotValid", b.get("validationstatus").getAsString());
        String reason = b.get("validationreason").getAsString();
        assertTrue(reason, reason.contains(first) && reason.contains(flipped));
        assertEquals("VALIDATION_FAILED", cloud.single("SELECT c.end_reason FROM backup_chain c JOIN backup b"
                + " ON b.chain_id = c.id WHERE b.uuid = ?", backup));
        assertEquals("Full", listed(backUp(vm)).get("type").getAsString());
    }

    @Test
    public void theScreenshotDownloadsAsAPngDataUrlForItsOwnerAndIsRefusedToOthersAndBeforeOneExists()
            throws Exception {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        String path = cloud.single("SELECT validation_screenshot FROM backup WHERE uuid = ?", backup);
        Path store = Path.of(cloud.single("SELECT path FROM image_store WHERE id = ?", cloud.storeId()));
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                + "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        Files.createDirectories(store.resolve(path).getParent());
        Files.write(store.resolve(path), png);

        JsonObject s = server.ok(admin, "downloadValidationScreenshot", "backupid", backup)
                .getAsJsonObject("validationscreenshot");
        assertEquals(backup, s.get("backupid").getAsString());
        assertEquals("image/png", s.get("mimetype").getAsString());
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png), s.get("url").getAsString());

        Caller stranger = stranger();
        JsonObject refused = server.refused(432, stranger, "downloadValidationScreenshot", "backupid", backup);
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains("another account"));

        cloud.setting("backup.validation.task.enabled", "false");
        String none = backUp(validatedVm());
        JsonObject missing = server.refused(431, admin, "downloadValidationScreenshot", "backupid", none);
        assertTrue(missing.toString(), missing.get("errortext").getAsString().contains("has no validation screenshot"));
    }

    @Test
    public void aScreenshotOnAnNfsStoreIsReadByTheAgentOfTheBackupsHost() throws Exception {
        OrchestrationCloud.Vm vm = validatedVm();
        String backup = backUp(vm);
        String path = cloud.single("SELECT validation_screenshot FROM backup WHERE uuid = ?", backup);
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                + "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        cloud.sql.update("UPDATE image_store SET protocol = 'nfs', url = 'nfs://nfs.example/export' WHERE id = ?",
                cloud.storeId());
        try {
            JsonObject gone = server.refused(530, admin, "downloadValidationScreenshot", "backupid", backup);
            assertTrue(gone.toString(), gone.get("errortext").getAsString().contains("could not read the screenshot"));

            cloud.agents.screenshotOnStore(path, png);
            JsonObject s = server.ok(admin, "downloadValidationScreenshot", "backupid", backup)
                    .getAsJsonObject("validationscreenshot");
            assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                    s.get("url").getAsString());
        } finally {
            cloud.sql.update("UPDATE image_store SET protocol = 'file', url = CONCAT('file://', path) WHERE id = ?",
                    cloud.storeId());
        }
    }

    /**
     * A backup taken while the task was off, the task on again and its next pass due: the next pass queues
     * the backup's validation and claims it.
     */
    private static String backedUpUnvalidated(OrchestrationCloud.Vm vm) {
        cloud.setting("backup.validation.task.enabled", "false");
        String backup = backUp(vm);
        cloud.setting("backup.validation.task.enabled", "true");
        cloud.clock.advance(Duration.ofSeconds(31));
        return backup;
    }

    /** The queued or running validation of the backup, once the backup's end queued it. */
    private static String awaitOp(String backup) throws InterruptedException {
        return awaitKind(backup, "VALIDATION");
    }

    /** The backup's validation, once its agent job started. */
    private static String awaitStarted(String backup) throws InterruptedException {
        String op = awaitOp(backup);
        cloud.agents.awaitStarts(op, 1);
        return op;
    }

    /** The queued or running operation of {@code kind} on the backup, once it is queued. */
    private static String awaitKind(String backup, String kind) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<String> ops = cloud.sql.queryForList("SELECT o.uuid FROM operation o JOIN backup b ON b.id ="
                    + " o.backup_id WHERE b.uuid = ? AND o.kind = ? AND o.state IN ('QUEUED', 'RUNNING')",
                    String.class, backup, kind);
            if (!ops.isEmpty()) {
                return ops.get(0);
            }
            assertTrue("the " + kind + " of " + backup + " was queued", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Keeps the backups earlier tests left from being queued by the next passes: their hash checks are not
     * due for a long time (the settings are reset after each test), and the ones never validated are
     * UnableToValidate.
     */
    private static void quietOtherBackups() {
        cloud.setting("backup.validation.interval", "1000000");
        cloud.sql.update("UPDATE backup SET validation_status = 'UnableToValidate' WHERE validation_status ="
                + " 'NotValidated'");
    }
}
