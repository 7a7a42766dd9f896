package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.plugin.backup.kboss.backup.VmLeftOfferingListener;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Job;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Member;
import io.kboss.plugin.backup.kboss.domain.backupjob.BackupJobRuleViolation;
import io.kboss.plugin.backup.kboss.domain.backupjob.BackupJobRules;
import io.kboss.plugin.backup.kboss.domain.backupjob.Execution;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunState;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmAccess;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.domain.InvalidScheduleException;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * createBackupJob, updateBackupJob, deleteBackupJob and the jobs' access rule: a job is its owner
 * account's (the creator's); users see and act on their account's jobs, domain admins on their domains',
 * root admins on all. The VMs a job names must be ones the caller may act on and assigned to a backup
 * offering. Keeping a job consistent when its VMs go ({@link #dropGoneVms}) happens at each run and at
 * each VM's removal from its offering.
 */
public class BackupJobService implements VmLeftOfferingListener {
    private static final String REMOVED_FROM_OFFERING = "the VM was removed from its backup offering";

    private final BackupJobRepository jobs;
    private final VmInventory vms;
    private final Directory directory;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;

    /**
     * What a create or update asks for; null fields of an update are left as they are. The schedule's
     * three fields go together; an update may give some of them to change only those.
     */
    public record JobFields(String name, List<String> vmUuids, Boolean quiesce, Boolean isolated, Integer keepLast,
            boolean clearKeepLast, Integer priority, String execution, String intervalType, String schedule,
            String timezone, boolean removeSchedule) {
        boolean touchesSchedule() {
            return intervalType != null || schedule != null || timezone != null;
        }
    }

    public BackupJobService(BackupJobRepository jobs, VmInventory vms, Directory directory, TransactionOperations tx,
            Clock clock, Supplier<String> uuids) {
        this.jobs = jobs;
        this.vms = vms;
        this.directory = directory;
        this.tx = tx;
        this.clock = clock;
        this.uuids = uuids;
    }

    public Job create(Caller caller, JobFields f) throws ApiException {
        return Transactions.run(tx, () -> {
            String name = f.name();
            int priority = f.priority() == null ? 0 : f.priority();
            Execution execution = f.execution() == null
                    ? Execution.SEQUENTIAL
                    : rule(() -> BackupJobRules
                            .execution(f.execution()));
            rule(() -> {
                BackupJobRules.checkName(name);
                BackupJobRules.checkPriority(priority, caller.isAdmin());
                BackupJobRules.checkKeepLast(f.keepLast());
                BackupJobRules.checkVms(f.vmUuids());
                return null;
            });
            List<Long> vmIds = resolveVms(caller, f.vmUuids());
            Instant now = clock.instant();
            long id = jobs.insertJob(uuids.get(), name, caller.accountId(), caller.domainId(),
                    Boolean.TRUE.equals(f.quiesce()), Boolean.TRUE.equals(f.isolated()), f.keepLast(), priority,
                    execution, now);
            jobs.setMembers(id, vmIds);
            if (f.touchesSchedule()) {
                jobs.setSchedule(id, schedule(f, null));
            }
            return jobs.byId(id);
        });
    }

    public Job update(Caller caller, String jobUuid, JobFields f) throws ApiException {
        return Transactions.run(tx, () -> {
            Job j = require(caller, jobs.lockByUuid(jobUuid), jobUuid);
            String name = f.name() == null ? j.name() : f.name();
            int priority = f.priority() == null ? j.priority() : f.priority();
            Execution execution = f.execution() == null
                    ? j.execution()
                    : rule(() -> BackupJobRules.execution(f
                            .execution()));
            Integer keepLast = f.clearKeepLast() ? null : f.keepLast() == null ? j.keepLast() : f.keepLast();
            rule(() -> {
                BackupJobRules.checkName(name);
                if (f.priority() != null) {
                    BackupJobRules.checkPriority(priority, caller.isAdmin());
                }
                BackupJobRules.checkKeepLast(keepLast);
                if (f.vmUuids() != null) {
                    BackupJobRules.checkVms(f.vmUuids());
                }
                return null;
            });
            if (f.vmUuids() != null) {
                if (jobs.latestRun(j.id()).filter(r -> r.state() == RunState.RUNNING).isPresent()) {
                    throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "The VMs of "
                            + "backup job " + j.name() + " cannot change while a run of it is in progress; cancel it "
                            + "with cancelBackupJob or wait until it ends (virtualmachineids)");
                }
                jobs.setMembers(j.id(), resolveVms(caller, f.vmUuids()));
            }
            Job updated = new Job(j.id(), j.uuid(), name, j.accountId(), j.domainId(),
                    f.quiesce() == null ? j.quiesce() : f.quiesce(), f.isolated() == null ? j.isolated() : f.isolated(),
                    keepLast, priority, execution, j.created());
            jobs.updateJob(updated, clock.instant());
            if (f.removeSchedule()) {
                if (f.touchesSchedule()) {
                    throw ApiException.invalidParameter("removeschedule cannot be given with intervaltype, schedule "
                            + "or timezone (removeschedule): either remove the job's schedule or change it");
                }
                jobs.setSchedule(j.id(), null);
            } else if (f.touchesSchedule()) {
                jobs.setSchedule(j.id(), schedule(f, jobs.schedule(j.id()).orElse(null)));
            }
            return jobs.byId(j.id());
        });
    }

    /**
     * The job's schedule from what the call gives, the rest from {@code current} (an update's): checked
     * with the VM schedules' rules, stored as the parser read it, with its next firing.
     */
    private StoredSchedule schedule(JobFields f, StoredSchedule current) throws ApiException {
        String type = f.intervalType() != null ? f.intervalType() : current == null ? null : current.intervalType();
        String text = f.schedule() != null ? f.schedule() : current == null ? null : current.schedule();
        String zone = f.timezone() != null ? f.timezone() : current == null ? null : current.timezone();
        List<String> missing = new ArrayList<>();
        if (type == null) {
            missing.add("intervaltype");
        }
        if (text == null) {
            missing.add("schedule");
        }
        if (zone == null) {
            missing.add("timezone");
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalidParameter("A backup job's schedule needs intervaltype, schedule and timezone "
                    + "together; missing: " + String.join(", ", missing) + " (" + String.join(", ", missing) + ")");
        }
        BackupSchedule parsed;
        try {
            parsed = BackupSchedule.parse(0, type, text, zone);
        } catch (InvalidScheduleException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
        return StoredSchedule.of(parsed, text, clock);
    }

    /**
     * Deletes the job and its schedule; its backups stay (they are their VMs'). Refused while a run of it
     * is in progress.
     */
    public void delete(Caller caller, String jobUuid) throws ApiException {
        Transactions.run(tx, () -> {
            Job j = require(caller, jobs.lockByUuid(jobUuid), jobUuid);
            if (jobs.latestRun(j.id()).filter(r -> r.state() == RunState.RUNNING).isPresent()) {
                throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Backup job "
                        + j.name() + " has a run in progress; cancel it with cancelBackupJob or wait until it ends, "
                        + "then delete the job");
            }
            jobs.removeJob(j.id(), clock.instant());
            return null;
        });
    }

    /** The live jobs the caller may see, oldest first. */
    public List<Job> list(Caller caller, String jobUuid) throws ApiException {
        if (jobUuid != null) {
            return List.of(require(caller, jobs.byUuid(jobUuid), jobUuid));
        }
        List<Job> all = jobs.list(caller.isAdmin() ? null : caller.accountId());
        List<Job> visible = new ArrayList<>();
        for (Job j : all) {
            if (mayAccess(caller, j)) {
                visible.add(j);
            }
        }
        return visible;
    }

    /** The live job the caller names, which they may act on. */
    public Job require(Caller caller, Optional<Job> job, String jobUuid) throws ApiException {
        Job j = job.orElseThrow(() -> ApiException.invalidParameter("No backup job with id " + jobUuid
                + " exists (id); list them with listBackupJobs"));
        if (!mayAccess(caller, j)) {
            throw ApiException.permissionDenied("Backup job " + jobUuid + " belongs to another account; you may act "
                    + "only on your own account's backup jobs");
        }
        return j;
    }

    private boolean mayAccess(Caller caller, Job j) {
        DomainRef d = directory.domains(Set.of(j.domainId())).get(j.domainId());
        return caller.mayAccess(j.accountId(), d == null ? null : d.path());
    }

    /**
     * Drops from the job the VMs that were deleted or taken out of their backup offering (with why, which
     * listBackupJobs shows); the job's lock is held by the caller.
     *
     * @return the VMs still in the job, in order
     */
    public List<VmRef> dropGoneVms(Job j) {
        List<VmRef> live = new ArrayList<>();
        for (Member m : jobs.members(j.id())) {
            if (m.dropped() != null) {
                continue;
            }
            Optional<String> gone = whyGone(m.vmId());
            if (gone.isPresent()) {
                jobs.drop(j.id(), m.vmId(), gone.get(), clock.instant());
            } else {
                live.add(vms.byId(m.vmId()));
            }
        }
        return live;
    }

    /**
     * removeVirtualMachineFromBackupOffering: the VM leaves every job it is in, at once (in the transaction
     * of the removal's async job). A run in progress meets it as gone when it reaches it.
     */
    @Override
    public void leftOffering(long vmId) {
        Instant now = clock.instant();
        for (Long jobId : jobs.jobsOfVm(vmId)) {
            jobs.drop(jobId, vmId, REMOVED_FROM_OFFERING, now);
        }
    }

    /** Why the VM can no longer be in a backup job; empty while it can. */
    public Optional<String> whyGone(long vmId) {
        VmRef vm = vms.byId(vmId);
        if (vms.findLive(vm.uuid()).isEmpty()) {
            return Optional.of("the VM was deleted");
        }
        if (vm.offeringId() == null) {
            return Optional.of(REMOVED_FROM_OFFERING);
        }
        return Optional.empty();
    }

    private List<Long> resolveVms(Caller caller, List<String> uuids) throws ApiException {
        List<Long> ids = new ArrayList<>();
        for (String uuid : uuids) {
            VmRef vm;
            try {
                vm = VmAccess.require(vms.findLive(uuid), uuid, caller);
            } catch (ApiException e) {
                throw new ApiException(e.errorCode(), e.csErrorCode(), e.getMessage().replace("(virtualmachineid)",
                        "(virtualmachineids)"));
            }
            if (vm.offeringId() == null) {
                throw ApiException.invalidParameter("VM " + vm.label() + " is not assigned to a backup offering "
                        + "(virtualmachineids); assign it with assignVirtualMachineToBackupOffering first");
            }
            ids.add(vm.id());
        }
        return ids;
    }

    /** Runs a rule check, turning a violation into the CloudStack error it is. */
    static <T> T rule(Supplier<T> check) throws ApiException {
        try {
            return check.get();
        } catch (BackupJobRuleViolation v) {
            throw v.permission()
                    ? ApiException.permissionDenied(v.getMessage())
                    : ApiException.invalidParameter(v
                            .getMessage());
        }
    }
}
