package io.kboss.agent.handler;

import java.util.Base64;
import java.util.Arrays;
import java.nio.file.NoSuchFileException;
import java.io.IOException;
import io.kboss.agent.contract.ScreenshotAnswer;
import io.kboss.agent.contract.ReadScreenshotCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationDisk;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.contract.ValidationStep;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.domain.ValidationOutcome;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.agent.disk.domain.ValidationRequest.GuestCommand;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.vm.VmInventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * validate-backup as a job on the disk engine: the store's paths are resolved, the throwaway VM's
 * name, its scratch folder and the screenshot's partial file are journaled before anything is
 * made (so a crash leaves nothing after the next start), and the engine's outcome becomes the
 * wire's {@link ValidationResult}. The throwaway VM is named after the backup and the job,
 * {@code kboss-validation-<backupUuid>-<job>}: it says what it is, and two validations of one
 * backup never clash.
 */
public final class ValidationHandlers {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final VmInventory vms;
    private final JobHandlers jobs;
    private final Path scratchRoot;

    public ValidationHandlers(DiskEngine engine, SecondaryStores stores, VmInventory vms, JobHandlers jobs,
            Path scratchRoot) {
        this.engine = engine;
        this.stores = stores;
        this.vms = vms;
        this.jobs = jobs;
        this.scratchRoot = scratchRoot;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(Handlers.of(ValidateBackupCommand.NAME, ValidateBackupCommand.class, this::validate),
                Handlers.of(ReadScreenshotCommand.NAME, ReadScreenshotCommand.class, this::readScreenshot));
    }

    /** A screenshot validate-backup wrote, checked to be a PNG before a server hands it to a browser. */
    private ScreenshotAnswer readScreenshot(ReadScreenshotCommand c) throws IOException {
        if (c.store == null || c.path == null || !c.path.endsWith(".png")) {
            throw new IllegalArgumentException("read-screenshot needs a store and the path of a .png file in it");
        }
        ScreenshotAnswer a = new ScreenshotAnswer();
        byte[] png;
        try {
            png = stores.readSmallFile(c.store, c.path, ReadScreenshotCommand.MAX_BYTES);
        } catch (NoSuchFileException e) {
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "There is no screenshot " + c.path + " on store "
                    + c.store.storeId + "; validate the backup again to take a new one");
        }
        if (png.length < PNG_SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length),
                PNG_SIGNATURE)) {
            return AgentAnswer.failure(a, ErrorCode.FAILED, c.path + " on store " + c.store.storeId
                    + " is not a PNG; validate the backup again to take a new one");
        }
        a.pngBase64 = Base64.getEncoder().encodeToString(png);
        return a;
    }

    private JobAnswer validate(ValidateBackupCommand c) throws Exception {
        if (c.store == null || c.disks == null || c.disks.isEmpty() || c.backupUuid == null) {
            throw new IllegalArgumentException("validate-backup needs backupUuid, a store and at least one disk");
        }
        if (c.steps == null || c.steps.isEmpty() || c.steps.contains(null)) {
            throw new IllegalArgumentException("validate-backup needs its steps, each one of WAIT_FOR_BOOT,"
                    + " EXECUTE_COMMAND, SCREENSHOT");
        }
        if (!c.backupUuid.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("backupUuid may hold only letters, digits and '-'");
        }
        if (c.bootTimeoutSeconds < 1 || c.commandTimeoutSeconds < 1) {
            throw new IllegalArgumentException("validate-backup's bootTimeoutSeconds and commandTimeoutSeconds must be"
                    + " 1 or more, not " + c.bootTimeoutSeconds + " and " + c.commandTimeoutSeconds);
        }
        if (c.screenshotWaitSeconds < 0) {
            throw new IllegalArgumentException("validate-backup's screenshotWaitSeconds cannot be negative");
        }
        GuestCommand command = c.command == null || c.command.isBlank()
                ? null
                : new GuestCommand(c.command, c.commandArguments == null ? List.of() : c.commandArguments,
                        GuestCommand.decodeExpected(c.expectedOutputBase64),
                        Duration.ofSeconds(c.commandTimeoutSeconds));
        Optional<VmInfo> vm = vms.find(c.vmUuid);
        if (vm.isEmpty()) {
            return EngineWork.vmNotFound(c.vmUuid);
        }
        String vmName = vm.get().name;
        JobSpec spec = JobSpec.of(JobType.VALIDATE_BACKUP, c.requestId, null, c.backupUuid)
                .withTimeout(c.timeoutSeconds >= 1 ? Duration.ofSeconds(c.timeoutSeconds) : null);
        List<ValidationRequest.Step> steps = c.steps.stream().map(ValidationHandlers::step).toList();
        return jobs.start(spec, job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            Map<String, Path> chains = new LinkedHashMap<>();
            for (ValidationDisk d : c.disks) {
                if (d.chainPaths == null || d.chainPaths.isEmpty()) {
                    throw new IllegalArgumentException("Disk " + d.targetDevice + " needs its chain of backup files");
                }
                chains.put(d.targetDevice, BackupLayout.resolve(root, d.chainPaths.get(d.chainPaths.size() - 1)));
            }
            String newest = c.disks.get(0).chainPaths.get(c.disks.get(0).chainPaths.size() - 1);
            String screenshotPath = c.screenshotPath != null
                    ? c.screenshotPath
                    : newest.replaceFirst("\\.qcow2$", "") + ".validation.png";
            Path screenshot = BackupLayout.resolve(root, screenshotPath);
            String name = ValidationRequest.DOMAIN_PREFIX + c.backupUuid + "-" + job.jobId().substring(0, 8);
            Path scratch = scratchRoot.resolve(name);
            job.willCreate(new Leftover(LeftoverKind.SCRATCH_FOLDER, null, scratch.toString()));
            job.willCreate(new Leftover(LeftoverKind.THROWAWAY_DOMAIN, null, name));
            job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, null, screenshot + ".part"));
            ValidationRequest request = new ValidationRequest(vmName, name, chains, scratch, steps,
                    Duration.ofSeconds(c.bootTimeoutSeconds), command, Duration.ofSeconds(c.screenshotWaitSeconds),
                    screenshot);
            ValidationOutcome outcome = EngineWork.run(true,
                    () -> engine.validations().validate(request, EngineWork.progressOf(job), job.cancelToken()));
            job.validationResult(result(outcome, screenshotPath));
        });
    }

    private static ValidationRequest.Step step(ValidationStep s) {
        return switch (s) {
            case WAIT_FOR_BOOT -> ValidationRequest.Step.WAIT_FOR_BOOT;
            case EXECUTE_COMMAND -> ValidationRequest.Step.EXECUTE_COMMAND;
            case SCREENSHOT -> ValidationRequest.Step.SCREENSHOT;
        };
    }

    private static ValidationStep step(ValidationRequest.Step s) {
        return switch (s) {
            case WAIT_FOR_BOOT -> ValidationStep.WAIT_FOR_BOOT;
            case EXECUTE_COMMAND -> ValidationStep.EXECUTE_COMMAND;
            case SCREENSHOT -> ValidationStep.SCREENSHOT;
        };
    }

    private static ValidationResult result(ValidationOutcome outcome, String screenshotPath) {
        ValidationResult r = new ValidationResult();
        r.valid = outcome.valid();
        r.domainName = outcome.domainName();
        List<ValidationResult.StepResult> steps = new ArrayList<>();
        for (ValidationOutcome.StepResult s : outcome.steps()) {
            ValidationResult.StepResult out = new ValidationResult.StepResult();
            out.step = step(s.step());
            out.outcome = ValidationResult.StepOutcome.valueOf(s.verdict().name());
            out.detail = s.detail();
            out.millis = s.took().toMillis();
            steps.add(out);
        }
        r.steps = steps;
        outcome.firstNotPassed().ifPresent(s -> {
            r.failedStep = step(s.step());
            r.failedOutcome = ValidationResult.StepOutcome.valueOf(s.verdict().name());
            r.failureReason = s.detail();
        });
        if (outcome.screenshot() != null) {
            r.screenshotPath = screenshotPath;
            r.screenshotBytes = outcome.screenshotBytes();
        }
        return r;
    }
}
