package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Job;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Member;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.Run;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository.RunVmRow;
import io.kboss.plugin.backup.kboss.domain.backupjob.VmRunState;
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Jobs and runs as the API shows them: uuids and names, never row ids. */
public class BackupJobViews {
    private final BackupJobRepository jobs;
    private final BackupRepository backups;
    private final VmInventory vms;
    private final Directory directory;

    public BackupJobViews(BackupJobRepository jobs, BackupRepository backups, VmInventory vms, Directory directory) {
        this.jobs = jobs;
        this.backups = backups;
        this.vms = vms;
        this.directory = directory;
    }

    /** A VM of a job or run. */
    public static final class VmItem {
        private final String id;
        private final String name;

        VmItem(VmRef vm) {
            this.id = vm.uuid();
            this.name = vm.name();
        }
    }

    /** A VM that left a job, with when and why. */
    public static final class DroppedVm {
        private final String id;
        private final String name;
        private final Instant dropped;
        private final String reason;

        DroppedVm(VmRef vm, Member m) {
            this.id = vm.uuid();
            this.name = vm.name();
            this.dropped = m.dropped();
            this.reason = m.dropReason();
        }
    }

    /** A VM of a run: its backup in this run (when one was asked for) and why it failed (ERROR). */
    public static final class RunVmItem {
        private final String id;
        private final String name;
        private final String backupId;
        private final String error;

        RunVmItem(VmRef vm, String backupId, String error) {
            this.id = vm.uuid();
            this.name = vm.name();
            this.backupId = backupId;
            this.error = error;
        }
    }

    /** One run: as a whole (state, times) and per VM through the four sets. */
    public static final class RunResponse {
        public static final String OBJECT_NAME = "backupjobrun";
        private final String id;
        private final String backupJobId;
        private final String backupJobName;
        private final String state;
        private final Instant started;
        private final Instant ended;
        private final List<RunVmItem> outdated = new ArrayList<>();
        private final List<RunVmItem> ongoing = new ArrayList<>();
        private final List<RunVmItem> updated = new ArrayList<>();
        private final List<RunVmItem> error = new ArrayList<>();

        RunResponse(Job j, Run r) {
            this.id = r.uuid();
            this.backupJobId = j.uuid();
            this.backupJobName = j.name();
            this.state = r.state().name();
            this.started = r.started();
            this.ended = r.ended();
        }

        public String state() {
            return state;
        }
    }

    /** The latest firing of a job's schedule: the run it started, or why it was skipped. */
    public static final class FiringItem {
        private final Instant scheduled;
        private final String backupJobRunId;
        private final String skipped;

        FiringItem(BackupJobRepository.FiringRow f) {
            this.scheduled = f.scheduled();
            this.backupJobRunId = f.runUuid();
            this.skipped = f.skipped();
        }
    }

    /** CloudStack-style backup job object. */
    public static final class JobResponse {
        public static final String OBJECT_NAME = "backupjob";
        private final String id;
        private final String name;
        private final String accountId;
        private final String account;
        private final String domainId;
        private final String domain;
        private final boolean quiesceVm;
        private final boolean isolated;
        private final Integer keepLast;
        private final int priority;
        private final String execution;
        private final Instant created;
        private final List<VmItem> virtualMachines = new ArrayList<>();
        private final List<DroppedVm> droppedVirtualMachines = new ArrayList<>();
        private String intervalType;
        private String schedule;
        private String timezone;
        private Instant nextFire;
        private FiringItem lastFiring;
        private RunResponse lastRun;

        JobResponse(Job j, AccountRef account, DomainRef domain) {
            this.id = j.uuid();
            this.name = j.name();
            this.accountId = account == null ? null : account.uuid();
            this.account = account == null ? null : account.name();
            this.domainId = domain == null ? null : domain.uuid();
            this.domain = domain == null ? null : domain.name();
            this.quiesceVm = j.quiesce();
            this.isolated = j.isolated();
            this.keepLast = j.keepLast();
            this.priority = j.priority();
            this.execution = j.execution().name();
            this.created = j.created();
        }
    }

    public JobResponse job(Job j) {
        JobResponse r = new JobResponse(j, directory.accounts(Set.of(j.accountId())).get(j.accountId()), directory
                .domains(Set.of(j.domainId())).get(j.domainId()));
        for (Member m : jobs.members(j.id())) {
            VmRef vm = vms.byId(m.vmId());
            if (m.dropped() == null) {
                r.virtualMachines.add(new VmItem(vm));
            } else {
                r.droppedVirtualMachines.add(new DroppedVm(vm, m));
            }
        }
        jobs.schedule(j.id()).ifPresent(s -> {
            r.intervalType = s.intervalType();
            r.schedule = s.schedule();
            r.timezone = s.timezone();
            r.nextFire = s.nextFire();
            jobs.lastFiring(j.id()).ifPresent(f -> r.lastFiring = new FiringItem(f));
        });
        jobs.latestRun(j.id()).ifPresent(run -> r.lastRun = run(j, run));
        return r;
    }

    public RunResponse run(Job j, Run run) {
        RunResponse r = new RunResponse(j, run);
        for (RunVmRow v : jobs.runVms(run.id())) {
            RunVmItem item = new RunVmItem(vms.byId(v.vmId()), v.backupId() == null
                    ? null
                    : backups.byId(v
                            .backupId()).uuid(),
                    v.error());
            setOf(r, v.state()).add(item);
        }
        return r;
    }

    private static List<RunVmItem> setOf(RunResponse r, VmRunState state) {
        switch (state) {
            case OUTDATED :
                return r.outdated;
            case ONGOING :
                return r.ongoing;
            case UPDATED :
                return r.updated;
            default :
                return r.error;
        }
    }
}
