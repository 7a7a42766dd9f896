package io.kboss.plugin.backup.kboss.validation;

import io.kboss.server.event.AlertType;
import io.kboss.server.event.AlertLog;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationDisk;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.ChainRepository;
import io.kboss.plugin.backup.kboss.domain.backup.BackupPaths;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.plugin.backup.kboss.domain.offering.ValidationStep;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationEvent;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationStatus;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.plugin.backup.kboss.validation.ValidationRepository.ValidationRow;
import io.kboss.server.event.EventTypes;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.ValidationVmLimits;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.Placement;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs a VALIDATION operation, one of two purposes (its payload's {@link #PURPOSE}):
 *
 * <ul>
 * <li>{@link #VALIDATE}: the backup is booted in a throwaway VM on the agent of the host where its VM is
 * defined ({@code validate-backup}: each disk's chain of files, the offering's steps in its order, the VM's
 * {@code backupValidation*} details or the account's defaults, the screenshot beside the backup), then,
 * when it is Valid, its files are hashed ({@code hash-backup}) for the periodic check. The status goes
 * NotValidated → Validating → Valid, NotValid (a step failed) or UnableToValidate (a step could not check,
 * or every attempt ended without a verdict).</li>
 * <li>{@link #RECHECK}: a Valid backup's files are hashed again and compared with the hash taken after its
 * first Valid; a difference makes it NotValid with both hashes. A backup without a hash yet gets its
 * first one.</li>
 * </ul>
 *
 * An attempt that ends without a verdict (agent unreachable, its job failed, or it ran past
 * {@code backup.validation.timeout}: the agent's job is then cancelled, which destroys the throwaway VM and
 * its overlays) is retried up to {@code backup.validation.max.job.retries} times,
 * {@code backup.validation.retry.interval} minutes apart, each bounded by {@code backup.validation.timeout}
 * from its own start; between attempts the backup is NotValidated with the reason it waits (its job shows
 * WaitingForRetry in listBackupServiceJobs), and Validating again when the next attempt starts. A queued validation waits as long as the
 * task switch and the limits keep it. A NotValid
 * verdict ends the backup's chain when {@code backup.validation.end.chain.on.fail} is true for the account,
 * so the VM's next backup is full. Adoption runs the same steps: the agent answers a repeated start with
 * the job it has for the request id, and each status change is conditional.
 */
public class ValidationOperation implements OperationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationOperation.class);

    /** Validation jobs run under their own limits: per zone and per host (cluster), none cloud-wide. */
    public static final LimitGroup LIMITS = new LimitGroup("validation", null, KbossSettings.VALIDATION_MAX_PER_ZONE,
            KbossSettings.VALIDATION_MAX_PER_HOST);
    public static final OperationKind VALIDATION = new OperationKind("VALIDATION", "validation", Exclusivity.BACKUP,
            LIMITS, KindPolicy.timeout(KbossSettings.VALIDATION_TIMEOUT)
                    .switchedBy(KbossSettings.VALIDATION_TASK_ENABLED)
                    .retried(KbossSettings.VALIDATION_MAX_RETRIES, KbossSettings.VALIDATION_RETRY_INTERVAL)
                    .timeoutPerAttempt(),
            EventTypes.BACKUP_VALIDATE);

    /** The payload field that says what the operation does. */
    public static final String PURPOSE = "purpose";
    public static final String VALIDATE = "validate";
    public static final String RECHECK = "recheck";
    /** Origins: after a backup ended (or its compression), and the periodic hash check. */
    public static final String ORIGIN_BACKUP = "BACKUP_ENDED";
    public static final String ORIGIN_RECHECK = "RECHECK";
    /** A root admin asked for it again (validateBackup). */
    public static final String ORIGIN_API = "API";

    /** The agent jobs of one attempt: validate-backup (or a recheck's hash-backup), then a Valid backup's hash. */
    private static final String FIRST_JOB = "first";
    private static final String HASH_JOB = "hash";

    /** How long a cancelled agent job may take to confirm its end (the throwaway VM destroyed). */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private final BackupRepository backups;
    private final ValidationRepository validations;
    private final ChainRepository chains;
    private final JdbcTemplate jdbc;
    private final Settings settings;
    private final VmInventory vms;
    private final ImageStores stores;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final TransactionOperations tx;
    private final Clock clock;
    private final ValidationVmLimits limits;
    private final AlertLog alerts;

    public ValidationOperation(BackupRepository backups, ValidationRepository validations, ChainRepository chains,
            JdbcTemplate jdbc, Settings settings, Ports ports, ValidationVmLimits limits, AlertLog alerts) {
        this.alerts = alerts;
        this.limits = limits;
        this.backups = backups;
        this.validations = validations;
        this.chains = chains;
        this.jdbc = jdbc;
        this.settings = settings;
        this.vms = ports.vms();
        this.stores = ports.stores();
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.tx = ports.tx();
        this.clock = ports.clock();
    }

    /**
     * The throwaway VM copies the definition of the backup's VM, which only the host it is defined on has: a
     * queued validation waits on the VM's host as it is now (the backup's host when the VM has none), so a
     * retry follows a VM that moved between attempts.
     */
    @Override
    public Optional<Placement> placement() {
        return Optional.of(queued -> {
            Long vmHost = queued.vmId() == null ? null : vms.byId(queued.vmId()).hostId();
            Long where = vmHost != null ? vmHost : backups.byId(queued.requireBackup()).hostId();
            return Optional.ofNullable(where).filter(h -> !h.equals(queued.hostId()));
        });
    }

    @Override
    public OperationKind kind() {
        return VALIDATION;
    }

    /**
     * A delete merges a parent's file into its child, or removes files, which a validation's overlays read: a
     * delete of the VM's backups and a validation of one of them never run at once.
     */
    @Override
    public Set<String> conflictsOnVm() {
        return Set.of(BackupOperations.DELETE.name());
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        BackupRecord b = backups.byId(op.requireBackup());
        if (b.status() != BackupStatus.BACKED_UP && b.status() != BackupStatus.RESTORING) {
            // Deleted (Removed, Expunged) since it was queued: nothing to validate, nothing to report.
            return Ending.with(() -> answer(b, b.status().apiName() + " now: nothing to validate"));
        }
        boolean recheck = RECHECK.equals(op.payload().string(PURPOSE).orElse(VALIDATE));
        return recheck ? recheck(op, b, ctx) : validate(op, b, ctx);
    }

    @Override
    public boolean cancellable() {
        return true;
    }

    @Override
    public Ending cancelQueued(Operation op, String why) {
        return unable(op, "The validation " + why);
    }

    @Override
    public Ending expire(Operation op, String why) {
        // Not called for this kind (its timeout bounds each attempt, not the wait in the queue); kept whole for
        // the contract.
        return unable(op, "The validation " + why);
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        return unable(op, "The validation failed on the management server: " + failure);
    }

    // ---- validate

    private Ending validate(Operation op, BackupRecord b, OperationContext ctx) throws InterruptedException {
        ValidationStatus now = tx.execute(s -> {
            ValidationRow row = validations.rowForUpdate(b.id());
            if (row.status() == ValidationStatus.NOT_VALIDATED) {
                return validations.transition(b.id(), row.status(), ValidationEvent.STARTED, null, clock.instant());
            }
            return row.status(); // Validating: a retry or an adoption; a verdict: another server ended it
        });
        if (now != ValidationStatus.VALIDATING) {
            return Ending.with(() -> answer(b, "the validation had already ended " + now));
        }
        ValidateBackupCommand command;
        try {
            command = command(op, b);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // What the VM's details or the backup's files say cannot be validated: no attempt would do better.
            return Ending.with(() -> verdict(b, ValidationEvent.UNABLE, "The validation could not start: "
                    + e.getMessage()));
        }
        Optional<String> overLimit = overLimit(op, b);
        if (overLimit.isPresent()) {
            return retryOrUnable(b, overLimit.get());
        }
        AgentChannel agent;
        try {
            agent = agents.forHost(op.hostId());
        } catch (RuntimeException e) {
            return retryOrUnable(b, "No channel to the host's agent: " + e.getMessage());
        }
        // The agent counts the steps done of the offering's steps, and names what it does now.
        AgentJobs.Outcome o = jobs.run(agent, command, ctx, job -> ctx.progress(job.bytesDone, job.bytesTotal,
                job.phase));
        if (o.timedOut()) {
            return timedOut(op, agent, b, o.job().jobId, ctx);
        }
        if (o.cancelled()) {
            return unable(op, "The validation " + o.failure());
        }
        if (!o.succeeded() || o.job().validationResult == null) {
            return retryOrUnable(b, "The validation job did not run to its end: " + o.failure());
        }
        return verdictOf(op, b, agent, o.job().validationResult, ctx);
    }

    /**
     * When {@code enforce.resource.limit.on.backup.validation.vm} is true for the account, whether the
     * validation VM (the VM's vCPUs and memory as discovery reported them) would exceed the account's or a
     * domain's user_vm, cpu or memory limit, counting its running VMs and the other running validations;
     * the reason when it would. The check holds the account's row lock like createBackup's, and this
     * operation stays Running while its VM boots, so validations checked after it count it.
     */
    private Optional<String> overLimit(Operation op, BackupRecord b) {
        if (!settings.value(KbossSettings.VALIDATION_ENFORCE_RESOURCE_LIMIT, new ScopeChain(b.accountId(), null,
                null))) {
            return Optional.empty();
        }
        try {
            limits.reserveValidationVm(b.accountId(), b.vmId(), op.id());
            return Optional.empty();
        } catch (ApiException e) {
            return Optional.of("The validation VM would exceed a resource limit "
                    + "(enforce.resource.limit.on.backup.validation.vm is true): " + e.getMessage());
        }
    }

    private ValidateBackupCommand command(Operation op, BackupRecord b) {
        ValidateBackupCommand c = new ValidateBackupCommand();
        c.requestId = requestId(op, FIRST_JOB);
        c.backupUuid = b.uuid();
        c.vmUuid = vms.byId(b.vmId()).libvirtUuid();
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        for (BackupRepository.VolumeFile f : backups.volumeFiles(b.id())) {
            ValidationDisk d = new ValidationDisk();
            d.targetDevice = f.device();
            d.chainPaths = chainPaths(b, f.volumeId());
            c.disks.add(d);
        }
        if (c.disks.isEmpty()) {
            throw new IllegalStateException("backup " + b.uuid() + " has no files");
        }
        c.steps = steps(b);
        VmValidationSettings.apply(c, vms.details(b.vmId()), settings, b.accountId());
        c.screenshotPath = BackupPaths.validationScreenshot(c.disks.get(0).chainPaths.get(c.disks.get(0).chainPaths
                .size() - 1));
        c.timeoutSeconds = settings.value(KbossSettings.VALIDATION_TIMEOUT, ScopeChain.zone(b.zoneId()));
        return c;
    }

    /** The volume's files from the chain's full backup to this one. */
    private List<String> chainPaths(BackupRecord b, long volumeId) {
        List<String> newestFirst = new ArrayList<>();
        for (BackupRecord at = b; at != null; at = at.parentId() == null ? null : backups.byId(at.parentId())) {
            String path = backups.volumePath(at.id(), volumeId).orElseThrow(() -> new IllegalStateException(
                    "backup " + b.uuid() + "'s chain has no file for one of its volumes"));
            newestFirst.add(0, path);
        }
        return newestFirst;
    }

    /** The offering's steps, in the order the offering lists them. */
    private List<io.kboss.agent.contract.ValidationStep> steps(BackupRecord b) {
        String text = jdbc.query("SELECT value FROM backup_offering_details WHERE backup_offering_id = ? AND name = ?",
                (rs, i) -> rs.getString(1), b.offeringId(), OfferingParameter.VALIDATION_STEPS).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("the backup's offering lists no validation steps"));
        List<io.kboss.agent.contract.ValidationStep> steps = new ArrayList<>();
        for (String name : text.split(",")) {
            ValidationStep step = ValidationStep.fromApiName(name).orElseThrow(() -> new IllegalStateException(
                    "the backup's offering lists an unknown validation step '" + name + "'"));
            steps.add(io.kboss.agent.contract.ValidationStep.valueOf(step.name()));
        }
        return steps;
    }

    private Ending verdictOf(Operation op, BackupRecord b, AgentChannel agent, ValidationResult r,
            OperationContext ctx) throws InterruptedException {
        if (r.screenshotPath != null) {
            validations.recordScreenshot(b.id(), r.screenshotPath);
        }
        if (!r.valid) {
            boolean bad = r.failedOutcome == ValidationResult.StepOutcome.FAILED;
            String reason = stepName(r) + (bad ? " failed: " : " could not check the backup: ") + r.failureReason;
            return Ending.with(() -> verdict(b, bad ? ValidationEvent.FAILED : ValidationEvent.UNABLE, reason));
        }
        // Valid: the files' hash, for the periodic check. A hash that cannot be taken now is taken by that
        // check (a Valid backup without a hash is due at once); the verdict stands.
        int steps = r.steps == null ? 0 : r.steps.size();
        ctx.progress(steps, steps, "hashing the backup's files");
        AgentJobs.Outcome h = jobs.run(agent, hashCommand(requestId(op, HASH_JOB), b), ctx, job -> {
        });
        HashResult hash = h.succeeded() ? h.job().hashResult : null;
        if (hash == null) {
            LOG.warn("Backup {} is Valid but its files could not be hashed now ({}); the periodic check will",
                    b.uuid(), h.failure());
        }
        return Ending.with(() -> {
            Object answer = verdict(b, ValidationEvent.PASSED, null);
            if (hash != null) {
                validations.recordHash(b.id(), hash.hash, clock.instant());
            }
            return answer;
        });
    }

    private static String stepName(ValidationResult r) {
        return r.failedStep == null ? "a step" : ValidationStep.valueOf(r.failedStep.name()).apiName();
    }

    private Ending timedOut(Operation op, AgentChannel agent, BackupRecord b, String jobId, OperationContext ctx)
            throws InterruptedException {
        String why = "The validation did not finish within " + ctx.timeoutSetting() + " (" + ctx.timeout().toSeconds()
                + " s)";
        JobInfo ended = jobs.cancel(agent, jobId, CANCEL_GRACE).ended();
        if (ended != null && ended.validationResult != null) {
            return verdictOf(op, b, agent, ended.validationResult, ctx); // it ended before the cancel reached it
        }
        return retryOrUnable(b, why + "; its agent job was cancelled" + (ended == null
                ? ", though the agent did not confirm it (its next start removes the throwaway VM)"
                : " and the throwaway VM removed"));
    }

    // ---- recheck

    private Ending recheck(Operation op, BackupRecord b, OperationContext ctx) throws InterruptedException {
        ValidationRow before = validations.row(b.id());
        if (before.status() != ValidationStatus.VALID) {
            return Ending.with(() -> answer(b, "the backup is " + before.status() + ": nothing to check"));
        }
        AgentChannel agent = agents.forHost(op.hostId());
        AgentJobs.Outcome h = jobs.run(agent, hashCommand(requestId(op, FIRST_JOB), b), ctx, job -> {
        });
        if (h.cancelled()) {
            return Ending.with(() -> {
                throw ApiException.internal("The check of backup " + b.uuid() + "'s files " + h.failure() + "; it "
                        + "stays Valid and the next check tries again", null);
            });
        }
        if (!h.succeeded() || h.job().hashResult == null) {
            return Ending.retryOrElse("the hash check did not run to its end: " + h.failure(), () -> {
                throw ApiException.internal("Backup " + b.uuid() + "'s files could not be hashed (" + h.failure()
                        + "); it stays Valid and the next check tries again", null);
            });
        }
        String hash = h.job().hashResult.hash;
        return Ending.with(() -> {
            ValidationRow row = validations.rowForUpdate(b.id());
            if (row.status() != ValidationStatus.VALID) {
                return answer(b, "the backup is " + row.status() + " now");
            }
            if (row.hash() == null || row.hash().equals(hash)) {
                validations.recordHash(b.id(), hash, clock.instant());
                return answer(b, row.hash() == null ? "hash taken" : "hash unchanged");
            }
            validations.recordHash(b.id(), row.hash(), clock.instant());
            return verdict(b, ValidationEvent.HASH_DIFFERED, "The backup's files changed after it was validated: "
                    + "their SHA-256 was " + row.hash() + " and is now " + hash);
        });
    }

    private HashBackupCommand hashCommand(String requestId, BackupRecord b) {
        HashBackupCommand c = new HashBackupCommand();
        c.requestId = requestId;
        c.backupUuid = b.uuid();
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        for (BackupRepository.VolumeFile f : backups.volumeFiles(b.id())) {
            c.paths.add(f.path());
        }
        return c;
    }

    /**
     * The request id of one agent job of one attempt: the same on every server that runs or adopts the
     * attempt (the agent answers its repeated start with the job it has), and new for each attempt (the
     * agent would answer a retry with the failed job of the attempt before). The first job of the first
     * attempt uses the operation's uuid, as every other kind does.
     */
    static String requestId(Operation op, String job) {
        if (op.attempts() <= 1 && FIRST_JOB.equals(job)) {
            return op.uuid();
        }
        return UUID.nameUUIDFromBytes((op.uuid() + "/" + job + "/" + op.attempts()).getBytes(
                StandardCharsets.UTF_8)).toString();
    }

    // ---- endings

    /**
     * An attempt without a verdict: while another attempt remains the backup waits NotValidated (not
     * Validating: nothing validates it until the retry interval ends) with the reason; after the last it is
     * UnableToValidate.
     */
    private Ending retryOrUnable(BackupRecord b, String reason) {
        return Ending.retryOrElse(reason, () -> {
            ValidationRow row = validations.rowForUpdate(b.id());
            if (row.status() == ValidationStatus.VALIDATING) {
                validations.transition(b.id(), row.status(), ValidationEvent.RETRYING, "Waiting for the next "
                        + "attempt (backup.validation.retry.interval): " + reason, clock.instant());
            }
        }, () -> verdict(b, ValidationEvent.UNABLE, reason
                + "; no attempts are left (backup.validation.max.job.retries)"));
    }

    /** The operation will never run, or failed on the server: the backup is UnableToValidate. */
    private Ending unable(Operation op, String reason) {
        BackupRecord b = backups.byId(op.requireBackup());
        return Ending.with(() -> {
            ValidationRow row = validations.rowForUpdate(b.id());
            if (RECHECK.equals(op.payload().string(PURPOSE).orElse(VALIDATE))
                    || (row.status() != ValidationStatus.NOT_VALIDATED
                            && row.status() != ValidationStatus.VALIDATING)) {
                throw ApiException.internal(reason, null);
            }
            validations.transition(b.id(), row.status(), ValidationEvent.UNABLE, reason, clock.instant());
            throw ApiException.internal("Backup " + b.uuid() + " is UnableToValidate: " + reason, null);
        });
    }

    /**
     * Records a verdict reached while Validating (or, for a hash that differs, while Valid), ends the chain
     * of a NotValid backup when the account wants it, and answers the operation: a success for a verdict on
     * the backup (Valid, NotValid), a failure saying why for UnableToValidate.
     */
    private Object verdict(BackupRecord b, ValidationEvent event, String reason) throws ApiException {
        // UnableToValidate may also end a validation that was waiting NotValidated for its retry.
        ValidationStatus from = event == ValidationEvent.HASH_DIFFERED
                ? ValidationStatus.VALID
                : event == ValidationEvent.UNABLE
                        ? validations.rowForUpdate(b.id()).status()
                        : ValidationStatus.VALIDATING;
        ValidationStatus to = validations.transition(b.id(), from, event, reason, clock.instant());
        if (to == ValidationStatus.VALID) {
            return answer(b, "Valid");
        }
        String chainEnded = "";
        if (to == ValidationStatus.NOT_VALID && b.chainId() != null && settings.value(
                KbossSettings.VALIDATION_END_CHAIN_ON_FAIL, new ScopeChain(b.accountId(), null, null))) {
            chains.close(b.chainId(), ChainEnd.VALIDATION_FAILED.name(), clock.instant());
            chainEnded = "; its chain was ended, so the VM's next backup is full";
        }
        LOG.warn("Backup {} is {}: {}{}", b.uuid(), to, reason, chainEnded);
        if (to == ValidationStatus.NOT_VALID) {
            // The job did its work: its verdict is the backup's status, not a failure of the job; the operation
            // succeeds, so the alert a bad backup deserves is raised here (a job that could not validate fails,
            // and the queue raises that one).
            alerts.raise(AlertType.VALIDATION_FAILED, "Backup " + b.uuid() + " is NotValid: " + reason + chainEnded,
                    b.zoneId());
            return answer(b, "NotValid: " + reason + chainEnded);
        }
        throw ApiException.internal("Backup " + b.uuid() + " is " + to + ": " + reason + chainEnded, null);
    }

    private static Object answer(BackupRecord b, String what) {
        return new SuccessResponse(true, "backup " + b.uuid() + ": " + what);
    }
}
