package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.domain.BackupType;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupEvent;
import io.kboss.server.api.JobProgress;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Takes an admitted (BackingUp) backup with the VM's agent: sends TakeBackupCommand with the
 * backup's uuid as request id (a repeated start after a lost answer finds the same agent job),
 * follows the agent job with progress into the backup row and the API job, and ends the backup in
 * one transaction: BackedUp with its files, sizes and checkpoint and the store's used bytes, or
 * Failed (the agent says the disks are untouched) or Error (they may not be, and the VM goes to
 * BackupError). The VM is released in the same transaction.
 */
public class BackupExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BackupExecutor.class);
    /** How long a cancelled agent job may take to confirm its end (cleanup of a partial file). */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(60);

    private final BackupRepository backups;
    private final VmRepository vms;
    private final ChainRepository chains;
    private final AgentChannels agents;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AgentJobCalls jobCalls;
    private final Duration pollInterval;

    public BackupExecutor(BackupRepository backups, VmRepository vms, ChainRepository chains, AgentChannels agents,
            Settings settings, TransactionOperations tx, Clock clock, Sleeper sleeper, Duration pollInterval) {
        this.backups = backups;
        this.vms = vms;
        this.chains = chains;
        this.agents = agents;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jobCalls = new AgentJobCalls(sleeper);
        this.pollInterval = pollInterval;
    }

    /** Runs the backup to its end; returns its final status. */
    public BackupStatus execute(long backupId, JobProgress progress) throws InterruptedException {
        BackupRecord b = backups.byId(backupId);
        if (b.status() != BackupStatus.BACKING_UP) {
            throw new IllegalStateException("backup " + b.uuid() + " is " + b.status() + ", not BackingUp");
        }
        VmRecord vm = vms.byId(b.vmId());
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        Instant deadline = clock.instant().plus(timeout);
        AgentClient agent;
        try {
            agent = agents.forHost(b.hostId());
        } catch (RuntimeException e) {
            return fail(b, vm, true, "No channel to the VM's host: " + e.getMessage());
        }
        TakeBackupCommand command = command(b, vm);
        JobInfo job;
        try {
            job = start(agent, command);
        } catch (AgentCallException e) {
            // The request id makes starts idempotent and the agent repairs its own leftovers when it
            // restarts, so a start we never saw answered left the disks as they were.
            return fail(b, vm, true, "The agent of host " + b.hostId() + " could not be asked to take the backup: "
                    + e.getMessage());
        }
        if (job == null) {
            return BackupStatus.FAILED;
        }
        backups.recordAgentJob(b.id(), job.jobId);
        while (!job.state.isFinal()) {
            if (clock.instant().isAfter(deadline)) {
                return timedOut(agent, b, vm, job.jobId, timeout);
            }
            sleeper.sleep(pollInterval);
            JobInfo next = poll(agent, job.jobId);
            if (next != null) {
                job = next;
                backups.recordProgress(b.id(), job.bytesDone, job.bytesTotal, clock.instant());
                if (job.bytesTotal > 0) {
                    progress.report((int) Math.min(99, job.bytesDone * 100 / job.bytesTotal));
                }
            }
        }
        if (job.state == JobState.SUCCEEDED && job.backupResult != null) {
            return succeed(b, job.backupResult);
        }
        return fail(b, vm, job.disksConsistent, "The agent's backup job " + job.jobId + " ended " + job.state
                + (job.errorCode == null ? "" : " (" + job.errorCode + ")") + ": " + job.errorText);
    }

    private TakeBackupCommand command(BackupRecord b, VmRecord vm) {
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = b.uuid();
        c.backupUuid = b.uuid();
        c.vmUuid = vm.libvirtUuid();
        c.newCheckpoint = b.uuid();
        c.quiesce = b.quiesceRequested();
        c.allowCrashConsistent = false;
        c.store = backups.store(b.imageStoreId()).asStoreRef();
        boolean incremental = BackupType.INCREMENTAL.name().equals(b.type());
        c.mode = incremental ? BackupMode.INCREMENTAL : BackupMode.FULL;
        if (incremental) {
            BackupRepository.Checkpoint parent = backups.checkpointOf(b.parentId());
            c.fromCheckpoint = parent.name();
            c.fromCheckpointXml = parent.xml();
        }
        for (BackupRepository.VolumeFile f : backups.volumeFiles(b.id())) {
            BackupDiskTarget d = new BackupDiskTarget();
            d.targetDevice = f.device();
            d.volumeId = Long.toString(f.volumeId());
            d.path = f.path();
            d.parentPath = incremental ? f.parentPath() : null;
            c.disks.add(d);
        }
        return c;
    }

    /** @return the started job, or null when the agent refused it (the backup is then Failed) */
    private JobInfo start(AgentClient agent, TakeBackupCommand command) throws AgentCallException,
            InterruptedException {
        JobAnswer answer = jobCalls.start(agent, command);
        if (!answer.success || answer.job == null) {
            BackupRecord b = backups.byUuid(command.backupUuid).orElseThrow();
            fail(b, vms.byId(b.vmId()), answer.disksConsistent, "The agent refused the backup"
                    + (answer.errorCode == null ? "" : " (" + answer.errorCode + ")") + ": " + answer.errorText);
            return null;
        }
        return answer.job;
    }

    private JobInfo poll(AgentClient agent, String jobId) {
        return jobCalls.poll(agent, jobId);
    }

    /**
     * Cancels the agent job and ends the backup by what the agent says of it. The VM is released
     * only once the agent confirmed the job's end: releasing it earlier would let the next backup
     * reach an agent still busy with this one. Without that confirmation the disks may hold
     * leftovers, so the backup is Error and the VM goes to BackupError.
     */
    private BackupStatus timedOut(AgentClient agent, BackupRecord b, VmRecord vm, String jobId, Duration timeout)
            throws InterruptedException {
        String why = "The backup did not finish within kboss.timeout (" + timeout.toSeconds() + " s)";
        if (!cancel(agent, jobId)) {
            JobInfo ended = poll(agent, jobId); // a job that ended on its own cannot be cancelled
            if (ended != null && ended.state.isFinal()) {
                return ended.state == JobState.SUCCEEDED && ended.backupResult != null
                        ? succeed(b, ended.backupResult)
                        : fail(b, vm, ended.disksConsistent, why + "; the agent's job ended " + ended.state + ": "
                                + ended.errorText);
            }
            return fail(b, vm, false, why + " and the agent could not be reached to cancel it: the VM's disks may "
                    + "hold leftovers of the backup. When the host answers again, run finishBackupChain for the VM, "
                    + "then retry");
        }
        Instant graceEnd = clock.instant().plus(CANCEL_GRACE);
        while (clock.instant().isBefore(graceEnd)) {
            sleeper.sleep(pollInterval);
            JobInfo j = poll(agent, jobId);
            if (j != null && j.state.isFinal()) {
                if (j.state == JobState.SUCCEEDED && j.backupResult != null) {
                    return succeed(b, j.backupResult); // it finished before the cancel reached it
                }
                return fail(b, vm, j.disksConsistent, why + "; it was cancelled on the agent (" + j.errorText
                        + "). Raise kboss.timeout for disks this large, then retry");
            }
        }
        return fail(b, vm, false, why + "; it was cancelled, but the agent did not confirm the end within "
                + CANCEL_GRACE.toSeconds() + " s: the VM's disks may hold leftovers. Run finishBackupChain for the VM "
                + "once the agent's job has ended, then retry");
    }

    /** @return whether the agent accepted the cancel */
    private boolean cancel(AgentClient agent, String jobId) {
        CancelJobCommand c = new CancelJobCommand();
        c.jobId = jobId;
        try {
            JobAnswer a = agent.execute(c);
            if (!a.success) {
                LOG.warn("The agent refused to cancel job {}: {}", jobId, a.errorText);
            }
            return a.success;
        } catch (AgentCallException e) {
            LOG.warn("Cancelling agent job {} after the timeout failed: {}", jobId, e.getMessage());
            return false;
        }
    }

    private BackupStatus succeed(BackupRecord b, BackupResult r) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            if (r.fullInsteadOfIncremental) {
                // The agent found the parent's bitmap gone and took a full: the backup starts a new
                // chain instead of extending the one it was planned on.
                long chainId = chains.start(b.vmId(), b.chainKey(), ChainRepository.diskSetOf(
                        vms.liveVolumes(b.vmId())), "BITMAP_LOST", now);
                backups.recordPlan(b.id(), BackupType.FULL, chainId, null, 0,
                        "the agent took a full backup: " + r.reason);
            }
            long written = backups.recordResult(b.id(), r);
            backups.addStoreUsage(b.imageStoreId(), written);
            BackupStatus to = backups.transition(b.id(), BackupStatus.BACKING_UP, BackupEvent.SUCCEEDED, null, now);
            vms.releaseBusy(b.vmId(), BackupRequestService.BUSY_BACKUP);
            return to;
        });
    }

    private BackupStatus fail(BackupRecord b, VmRecord vm, boolean disksConsistent, String error) {
        LOG.warn("Backup {} of VM {} failed: {}", b.uuid(), vm.name(), error);
        return tx.execute(status -> {
            BackupEvent event = disksConsistent
                    ? BackupEvent.FAILED_DISKS_CONSISTENT
                    : BackupEvent.FAILED_DISKS_MAYBE_INCONSISTENT;
            BackupStatus to = backups.transition(b.id(), BackupStatus.BACKING_UP, event, error, clock.instant());
            if (to == BackupStatus.ERROR) {
                VmRecord locked = vms.byIdForUpdate(b.vmId());
                vms.setState(b.vmId(), locked.backupState().next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT)
                        .apiName());
            }
            vms.releaseBusy(b.vmId(), BackupRequestService.BUSY_BACKUP);
            return to;
        });
    }
}
