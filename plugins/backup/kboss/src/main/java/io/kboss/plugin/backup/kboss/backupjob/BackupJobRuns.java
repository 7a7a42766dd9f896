package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.server.backup.BackupLimits;

import io.kboss.server.api.CallerContext;
import io.kboss.server.event.NewEvent;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.EventState;
import io.kboss.server.event.EventLevel;
import io.kboss.server.event.EventLog;
import io.kboss.plugin.backup.kboss.backup.BackupEndListener;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.BackupRequestService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Job;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Run;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.RunVmRow;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunPlan;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunState;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunVm;
import io.kboss.plugin.backup.kboss.domain.backupjob.VmRunState;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.BackupQueued;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A backup job's runs. runBackupJob marks every VM of the job OUTDATED and queues BACKUP operations for
 * them, ordinary ones at the job's priority (PARALLEL: all at once, the queue's limits decide; SEQUENTIAL:
 * the first). Each backup's end reaches {@link #ended} inside its operation's ending transaction: the VM
 * becomes UPDATED or ERROR and, under SEQUENTIAL, the next OUTDATED VM's backup is queued in that same
 * transaction; so whichever management server ends the backup (after a restart or an adoption too),
 * the run moves on exactly once, with no loop of its own. The run ends FINISHED when no VM is OUTDATED or
 * ONGOING.
 *
 * <p>A VM whose backup cannot be asked for (the VM is busy with another operation, has no host...) goes to
 * ERROR with the refusal; a VM deleted or taken out of its backup offering leaves the job and the run, and
 * the job keeps a note of it. retryBackupJob runs the last run's ERROR set again; cancelBackupJob drops the
 * run's queued backups (their VMs stay OUTDATED) and leaves running ones to end, which still update their
 * VMs' states.
 */
public class BackupJobRuns implements BackupEndListener {
    private static final Logger LOG = LoggerFactory.getLogger(BackupJobRuns.class);
    /** What the operation listings show as the origin of a job's backups. */
    public static final String ORIGIN = "BACKUP_JOB";

    private final BackupJobRepository jobs;
    private final BackupJobService service;
    private final BackupRequestService requests;
    private final BackupRepository backups;
    private final VmInventory vms;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Supplier<String> uuids;
    private final BackupLimits limits;
    private final EventLog events;

    public BackupJobRuns(BackupJobRepository jobs, BackupJobService service, BackupRequestService requests,
            BackupRepository backups, VmInventory vms, OperationQueue queue, TransactionTemplate tx, Clock clock,
            Supplier<String> uuids, BackupLimits limits, EventLog events) {
        this.limits = limits;
        this.events = events;
        this.jobs = jobs;
        this.service = service;
        this.requests = requests;
        this.backups = backups;
        this.vms = vms;
        this.queue = queue;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.uuids = uuids;
    }

    /** runBackupJob: a new run of the job; refused while one is in progress. */
    public Run run(Caller caller, String jobUuid) throws ApiException {
        return Transactions.run(tx, () -> {
            Job j = service.require(caller, jobs.lockByUuid(jobUuid), jobUuid);
            Optional<Run> last = jobs.latestRun(j.id());
            if (last.isPresent() && last.get().state() == RunState.RUNNING) {
                throw inProgress(j, last.get());
            }
            return start(j);
        });
    }

    /**
     * One firing of the job's schedule, claimed in one transaction: the firing row (whose unique key lets
     * only one management server insert it: the others' inserts fail as duplicates, which the caller
     * takes as a lost claim), the job's next firing, and a new run of the job as runBackupJob starts it.
     * A firing that cannot start a run (a run of the job is still in progress, or no VMs are left) is
     * still claimed, with why on its row, so it is neither retried nor silent.
     *
     * @return why the firing was skipped; empty when it started a run
     * @throws org.springframework.dao.DuplicateKeyException when another server claimed this firing
     */
    public Optional<String> fire(long jobId, Instant scheduled, Instant next, long managementServerId,
            Instant now) {
        return tx.execute(status -> {
            long firingId = jobs.insertFiring(jobId, scheduled, managementServerId, now);
            jobs.setNextFire(jobId, next);
            Optional<Job> job = jobs.lockById(jobId);
            String why;
            if (job.isEmpty()) {
                why = "the backup job was deleted";
            } else {
                Job j = job.get();
                Optional<Run> last = jobs.latestRun(j.id()).filter(r -> r.state() == RunState.RUNNING);
                if (last.isPresent()) {
                    why = "a run of backup job " + j.name() + " (run " + last.get().uuid() + ", started "
                            + last.get().started() + ") is still in progress; this firing is skipped and the job "
                            + "fires again at " + next;
                } else {
                    try {
                        Run run = start(j);
                        jobs.firingRan(firingId, run.id());
                        LOG.info("Backup job {} ({}) fired for {}: run {}", j.name(), j.uuid(), scheduled,
                                run.uuid());
                        return Optional.<String>empty();
                    } catch (ApiException e) {
                        why = e.getMessage() + "; this firing is skipped and the job fires again at " + next;
                    }
                }
            }
            jobs.firingSkipped(firingId, why);
            LOG.warn("Backup job {} skipped its firing at {}: {}", job.map(Job::uuid).orElse("#" + jobId), scheduled,
                    why);
            return Optional.of(why);
        });
    }

    /** A new run of the job, whose row the caller has locked and which has no run in progress. */
    private Run start(Job j) throws ApiException {
        List<VmRef> members = service.dropGoneVms(j);
        if (members.isEmpty()) {
            throw ApiException.invalidParameter("Backup job " + j.name() + " has no VMs left to back up (the "
                    + "VMs it named were deleted or removed from their backup offerings; see its "
                    + "droppedvirtualmachines); add VMs with updateBackupJob");
        }
        Instant now = clock.instant();
        long runId;
        try {
            runId = jobs.insertRun(uuids.get(), j.id(), now);
        } catch (DuplicateKeyException e) {
            throw inProgress(j, jobs.latestRun(j.id()).orElseThrow());
        }
        for (int i = 0; i < members.size(); i++) {
            jobs.insertRunVm(runId, members.get(i).id(), i, now);
        }
        Run run = jobs.lockRun(runId);
        runEvent(j, run, EventState.Started, EventLevel.INFO, "started over " + members.size() + " VMs ("
                + j.execution() + ")");
        advance(run, j);
        LOG.info("Backup job {} ({}) run {} started over {} VMs ({})", j.name(), j.uuid(), run.uuid(),
                members.size(), j.execution());
        return jobs.lockRun(runId);
    }

    /**
     * A BACKUP.JOB.RUN event of the run, in the caller's transaction; the user is the API caller (none when
     * the job's schedule fired it).
     */
    private void runEvent(Job j, Run run, EventState state, EventLevel level, String how) {
        Caller caller = CallerContext.current();
        events.record(new NewEvent(EventTypes.BACKUP_JOB_RUN, state, level, "Backup job " + j.name() + " run "
                + run.uuid() + " " + how, j.accountId(), caller == null ? null : caller.userId(), "BackupJob",
                j.uuid()));
    }

    /** retryBackupJob: the last run's ERROR set runs again, in the same run. */
    public Run retry(Caller caller, String jobUuid) throws ApiException {
        return Transactions.run(tx, () -> {
            Job j = service.require(caller, jobs.lockByUuid(jobUuid), jobUuid);
            Run last = jobs.latestRun(j.id()).orElseThrow(() -> ApiException.invalidParameter("Backup job " + j
                    .name() + " has not run yet; start it with runBackupJob"));
            if (last.state() == RunState.RUNNING) {
                throw inProgress(j, last);
            }
            if (last.state() == RunState.CANCELLED) {
                throw ApiException.invalidParameter("The last run of backup job " + j.name() + " was cancelled; "
                        + "start a new one with runBackupJob");
            }
            Run run = jobs.lockRun(last.id());
            List<RunVmRow> errors = jobs.runVms(run.id()).stream().filter(v -> v.state() == VmRunState.ERROR)
                    .toList();
            if (errors.isEmpty()) {
                throw ApiException.invalidParameter("The last run of backup job " + j.name() + " has no VM in its "
                        + "ERROR set; there is nothing to retry");
            }
            Instant now = clock.instant();
            for (RunVmRow v : errors) {
                jobs.setRunVm(v.id(), VmRunState.OUTDATED, null, null, now);
            }
            jobs.reopenRun(run.id());
            advance(jobs.lockRun(run.id()), j);
            return jobs.lockRun(run.id());
        });
    }

    /**
     * cancelBackupJob: the run in progress is cancelled. Its queued backups are dropped (their operations
     * cancelled, the backups Failed, their VMs back to OUTDATED); backups already running are cancelled on
     * their agents like any cancelBackupOperation (the VM keeps running, nothing partial is left, the backup
     * ends Failed and its VM goes to ERROR); no further VM is queued.
     *
     * @return the run and how many queued backups were dropped
     */
    public Run cancel(Caller caller, String jobUuid) throws ApiException {
        return Transactions.run(tx, () -> {
            Job j = service.require(caller, jobs.lockByUuid(jobUuid), jobUuid);
            Run last = jobs.latestRun(j.id()).filter(r -> r.state() == RunState.RUNNING).orElseThrow(
                    () -> ApiException.invalidParameter("Backup job " + j.name() + " has no run in progress to "
                            + "cancel"));
            Run run = jobs.lockRun(last.id());
            Instant now = clock.instant();
            String why = "The backup was dropped from the queue: its backup job run was cancelled";
            int dropped = 0;
            int stopping = 0;
            for (RunVmRow v : jobs.runVms(run.id())) {
                if (v.state() != VmRunState.ONGOING || v.backupId() == null) {
                    continue;
                }
                Optional<Operation> op = queue.liveOnVm(v.vmId()).filter(o -> v.backupId().equals(o.backupId()));
                if (op.isPresent() && op.get().state() == OperationState.RUNNING) {
                    // Stopped on the agent by the server that runs it; the backup ends Failed (the chain's next
                    // backup is a full) and its VM goes to ERROR with the cancel as the reason.
                    queue.cancel(op.get(), caller.accountName());
                    stopping++;
                    continue;
                }
                if (op.isPresent() && queue.cancelQueued(op.get(), why)) {
                    backups.transition(v.backupId(), BackupStatus.QUEUED, BackupEvent.FAILED_DISKS_CONSISTENT, why,
                            now);
                    jobs.setRunVm(v.id(), VmRunState.OUTDATED, null, "its queued backup was dropped: the run was "
                            + "cancelled", now);
                    dropped++;
                }
            }
            jobs.endRun(run.id(), RunState.CANCELLED, now);
            runEvent(j, run, EventState.Completed, EventLevel.ERROR, "cancelled by " + caller.accountName() + ": "
                    + dropped + " queued backups dropped, " + stopping + " running ones being stopped");
            LOG.info("Backup job {} ({}) run {} cancelled: {} queued backups dropped, {} running ones being stopped",
                    j.name(), j.uuid(), run.uuid(), dropped, stopping);
            return jobs.lockRun(run.id());
        });
    }

    /** A job's backup ended (inside its operation's ending transaction): its VM's state, then the run's. */
    @Override
    public void ended(BackupRecord backup, String error) {
        if (backup.jobId() == null) {
            return;
        }
        Optional<RunVmRow> row = jobs.runVmOfBackup(backup.id());
        if (row.isEmpty()) {
            return; // the VM left the run meanwhile
        }
        Run run = jobs.lockRun(row.get().runId());
        RunVmRow v = jobs.runVmOfBackup(backup.id()).orElse(null);
        if (v == null || v.state() != VmRunState.ONGOING) {
            return; // already counted (an end is committed once, but stay idempotent)
        }
        Instant now = clock.instant();
        jobs.setRunVm(v.id(), error == null ? VmRunState.UPDATED : VmRunState.ERROR, backup.id(), error, now);
        if (run.state() == RunState.RUNNING) {
            advance(run, jobs.byId(run.jobId()));
        }
    }

    /**
     * Queues what the run's execution allows now, then ends the run if nothing is left; the run's row is
     * locked by the caller. A VM whose backup is refused goes to ERROR and the next one is tried.
     */
    private void advance(Run run, Job j) {
        while (true) {
            List<RunVmRow> rows = jobs.runVms(run.id());
            List<RunVm> next = RunPlan.toQueue(j.execution(), rows.stream().map(RunVmRow::asDomain).toList());
            if (next.isEmpty()) {
                if (RunPlan.isOver(rows.stream().map(RunVmRow::asDomain).toList())) {
                    jobs.endRun(run.id(), RunState.FINISHED, clock.instant());
                    long failed = rows.stream().filter(r -> r.state() == VmRunState.ERROR).count();
                    runEvent(j, run, EventState.Completed, failed == 0 ? EventLevel.INFO : EventLevel.ERROR,
                            "finished: " + (rows.size() - failed) + " VMs backed up, " + failed + " in error");
                    LOG.info("Backup job {} ({}) run {} finished", j.name(), j.uuid(), run.uuid());
                }
                return;
            }
            for (RunVm vm : next) {
                RunVmRow row = rows.stream().filter(r -> r.vmId() == vm.vmId()).findFirst().orElseThrow();
                queueOne(j, row);
            }
        }
    }

    /** Queues one VM's backup: ONGOING, or ERROR with why not, or out of the job when the VM is gone. */
    private void queueOne(Job j, RunVmRow row) {
        Instant now = clock.instant();
        VmRef vm = vms.lock(row.vmId());
        Optional<String> gone = service.whyGone(vm.id());
        if (gone.isPresent()) {
            jobs.drop(j.id(), vm.id(), gone.get(), now);
            jobs.deleteRunVm(row.id());
            LOG.info("VM {} left backup job {} ({}): {}", vm.label(), j.name(), j.uuid(), gone.get());
            return;
        }
        Object outcome = savepoint.execute(s -> {
            try {
                limits.reserveBackup(vm.accountId(), vm.id());
                return requests.requestForJob(vm, j.id(), j.quiesce(), j.isolated(), j.priority(), ORIGIN);
            } catch (ApiException e) {
                s.setRollbackOnly(); // back to the savepoint: nothing of the refused request stays
                return e;
            }
        });
        if (outcome instanceof BackupQueued q) {
            jobs.setRunVm(row.id(), VmRunState.ONGOING, q.backupId(), null, now);
        } else {
            String why = ((ApiException) outcome).getMessage();
            jobs.setRunVm(row.id(), VmRunState.ERROR, null, why, now);
            LOG.info("Backup job {} ({}): the backup of VM {} could not be queued: {}", j.name(), j.uuid(),
                    vm.label(), why);
        }
    }

    private static ApiException inProgress(Job j, Run run) {
        return new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "A run of backup job "
                + j.name() + " is in progress (run " + run.uuid() + "); cancel it with cancelBackupJob or wait until "
                + "it ends");
    }
}
