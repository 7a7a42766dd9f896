package io.kboss.plugin.backup.kboss.validation;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.validation.RecheckSchedule;
import io.kboss.plugin.backup.kboss.validation.ValidationRepository.Candidate;
import io.kboss.plugin.backup.kboss.compression.CompressionKind;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationEvent;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationStatus;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.operation.OperationState;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Payload;
import io.kboss.server.operation.Housekeeping;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The task that schedules validation jobs ({@code backup.validation.task.enabled}, read per account): it
 * queues a VALIDATION operation for each BackedUp backup whose offering validates and that was not
 * validated yet, and a hash check for each Valid backup last checked {@code backup.validation.interval}
 * hours ago (read per account). A backup that ends BackedUp is queued at once ({@link #afterBackup});
 * the queue's housekeeping looks for the rest every {@link #CHECK} (backups taken while the task was off,
 * whose queuing failed, or whose compression had to end first), and for due checks.
 *
 * <p>The work runs on the agent of the host where the backup's VM is defined now (the throwaway VM
 * copies that definition), or the backup's host when the VM has none. Safe on several servers at once: a
 * backup has one live validation operation at most (the queue's backup lock), so a second queuing of the
 * same backup is refused and skipped. While the global switch is off, queued validations wait in the queue
 * (the kind is switched by the same setting).
 */
public class ValidationScheduler implements Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationScheduler.class);
    /** How often the housekeeping looks for backups to validate or check. */
    static final Duration CHECK = Duration.ofSeconds(30);
    /** Backups looked at per pass, per purpose; the next pass takes the next ones. */
    private static final int BATCH = 200;
    /** backup.validation.interval is 1 hour or more: nothing checked more recently can be due. */
    private static final Duration SHORTEST_INTERVAL = Duration.ofHours(1);

    private final ValidationRepository validations;
    private final VmInventory vms;
    private final OperationQueue queue;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private volatile Instant lastCheck = Instant.MIN;

    public ValidationScheduler(ValidationRepository validations, VmInventory vms, OperationQueue queue,
            Settings settings, TransactionOperations tx, Clock clock) {
        this.validations = validations;
        this.vms = vms;
        this.queue = queue;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The hook that follows a backup's end (and, once compression runs, its compression's end): queues its
     * validation when its offering validates. Never throws: what is not queued now, a later pass queues.
     */
    public void afterBackup(BackupRecord b) {
        try {
            if (validations.isAwaitingValidation(b.id())) {
                queueValidations(List.of(new Candidate(b.id(), b.vmId(), b.accountId(), b.zoneId(), b.hostId(),
                        null)), ValidationOperation.VALIDATE, ValidationOperation.ORIGIN_BACKUP);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not queue the validation of backup {}; the next pass of the validation task will", b
                    .uuid(), e);
        }
    }

    /**
     * validateBackup: a root admin has the backup validated again after its validation was cancelled or ended
     * UnableToValidate (nothing queues it again by itself then), or while it waits NotValidated with no job (the
     * account's task switched off, say: an operator's explicit request is not the task's). In the caller's
     * transaction, which holds the backup's row lock: UnableToValidate goes back to NotValidated and a new job
     * is queued on the host of the backup's VM. A compressing offering's backup is validated only once its
     * compression ended, as after a backup.
     *
     * @return the queued job
     * @throws ApiException 431 naming the backup when it is not BackedUp, its offering does not validate, it has
     *     a verdict (Valid, NotValid) or a validation or compression of it is queued or running; nothing changed
     */
    public Operation queueAgain(BackupRecord b) throws ApiException {
        String what = "Backup " + b.uuid() + " cannot be validated again: ";
        if (b.status() != BackupStatus.BACKED_UP) {
            throw ApiException.invalidParameter(what + "it is " + b.status().apiName() + "; only a BackedUp backup "
                    + "is validated");
        }
        if (!validations.offeringValidates(b.id())) {
            throw ApiException.invalidParameter(what + "its backup offering does not validate (validate=false)");
        }
        Map<Long, Operation> live = queue.liveOnBackups(List.of(b.id()), List.of(ValidationOperation.VALIDATION,
                CompressionKind.COMPRESSION));
        if (live.containsKey(b.id())) {
            Operation o = live.get(b.id());
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, what + "its "
                    + queue.noun(o) + " job " + o.uuid() + " is " + (o.state() == OperationState.RUNNING
                            ? "running"
                            : "queued")
                    + " (listBackupServiceJobs)" + (ValidationOperation.VALIDATION.name().equals(o
                            .kind())
                                    ? "; cancel it with cancelBackupOperation first if it must start anew"
                                    : "; it is validated once that ends"));
        }
        ValidationStatus now = validations.rowForUpdate(b.id()).status();
        if (now == ValidationStatus.UNABLE_TO_VALIDATE) {
            validations.transition(b.id(), now, ValidationEvent.REQUEUED, null, clock.instant());
        } else if (now != ValidationStatus.NOT_VALIDATED) {
            throw ApiException.invalidParameter(what + "it is " + now.apiName() + (now == ValidationStatus.VALID
                    ? "; its files are hashed again every backup.validation.interval hours"
                    : now == ValidationStatus.NOT_VALID
                            ? ", a verdict on the backup as it is; take a new backup"
                            : "")
                    + "; only a backup that is UnableToValidate (its validation cancelled or without"
                    + " a verdict) or NotValidated without a job is validated again");
        }
        Long vmHost = vms.byId(b.vmId()).hostId();
        Long where = vmHost != null ? vmHost : b.hostId();
        if (where == null) {
            throw ApiException.invalidParameter(what + "neither its VM nor the backup has a host to run it on");
        }
        return queue.enqueue(NewOperation.of(ValidationOperation.VALIDATION, ValidationOperation.ORIGIN_API).on(b
                .vmId(), where, b.zoneId()).backup(b.id()).payload(Payload.EMPTY.with(ValidationOperation.PURPOSE,
                        ValidationOperation.VALIDATE)));
    }

    @Override
    public void housekeep(Instant now) {
        if (!now.isBefore(lastCheck.plus(CHECK))) {
            lastCheck = now;
            check();
        }
    }

    /** One pass: queues what is due; returns how many operations it queued. */
    public int check() {
        Instant now = clock.instant();
        int queued = queueValidations(validations.awaitingValidation(BATCH), ValidationOperation.VALIDATE,
                ValidationOperation.ORIGIN_BACKUP);
        List<Candidate> due = validations.dueForRecheck(now.minus(SHORTEST_INTERVAL), BATCH).stream()
                .filter(c -> RecheckSchedule.due(c.checked(), settings.value(KbossSettings.VALIDATION_INTERVAL,
                        account(c)), now))
                .toList();
        return queued + queueValidations(due, ValidationOperation.RECHECK, ValidationOperation.ORIGIN_RECHECK);
    }

    private int queueValidations(List<Candidate> candidates, String purpose, String origin) {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<Long> live = queue.liveOnBackups(candidates.stream().map(Candidate::backupId).collect(Collectors
                .toSet()), List.of(ValidationOperation.VALIDATION)).keySet();
        Map<Long, Boolean> enabledByAccount = new HashMap<>();
        int queued = 0;
        for (Candidate c : candidates) {
            if (live.contains(c.backupId()) || !enabledByAccount.computeIfAbsent(c.accountId(), a -> settings.value(
                    KbossSettings.VALIDATION_TASK_ENABLED, account(c)))) {
                continue;
            }
            queued += queue(c, purpose, origin) ? 1 : 0;
        }
        if (queued > 0) {
            LOG.info("Queued {} backup {}(s)", queued, ValidationOperation.RECHECK.equals(purpose)
                    ? "hash check"
                    : "validation");
        }
        return queued;
    }

    private boolean queue(Candidate c, String purpose, String origin) {
        Long host = vms.byId(c.vmId()).hostId();
        Long where = host != null ? host : c.hostId();
        if (where == null) {
            LOG.warn("Backup {} cannot be validated: neither its VM nor the backup has a host", c.backupId());
            return false;
        }
        try {
            Operation op = Transactions.run(tx, () -> queue.enqueue(NewOperation.of(ValidationOperation.VALIDATION,
                    origin).on(c.vmId(), where, c.zoneId()).backup(c.backupId()).payload(Payload.EMPTY.with(
                            ValidationOperation.PURPOSE, purpose))));
            return op != null;
        } catch (ApiException e) {
            // Another server queued it first (the backup's one live validation).
            LOG.debug("Validation of backup {} not queued: {}", c.backupId(), e.getMessage());
            return false;
        }
    }

    private static ScopeChain account(Candidate c) {
        return new ScopeChain(c.accountId(), null, null);
    }
}
