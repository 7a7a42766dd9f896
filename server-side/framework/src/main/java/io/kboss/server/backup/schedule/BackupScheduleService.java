package io.kboss.server.backup.schedule;

import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.domain.InvalidScheduleException;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * createBackupSchedule, listBackupSchedule, updateBackupSchedule and deleteBackupSchedule. Every
 * schedule, interval type and time zone goes through the domain's {@link BackupSchedule#parse}, so the
 * API refuses exactly what the scheduler could not run, saying what is allowed. Users act only on
 * their own account's VMs; a VM needs a backup offering to get a schedule.
 */
public class BackupScheduleService {
    private final ScheduleRepository schedules;
    private final VmInventory vms;
    private final Clock clock;
    private final Supplier<String> uuids;

    public BackupScheduleService(ScheduleRepository schedules, VmInventory vms, Clock clock, Supplier<String> uuids) {
        this.schedules = schedules;
        this.vms = vms;
        this.clock = clock;
        this.uuids = uuids;
    }

    /** What a create or update asks for; null fields of an update keep their current values. */
    public record Request(String intervalType, String schedule, String timezone, Integer maxBackups, Boolean quiesce,
            Boolean isolated) {
    }

    public ScheduleRecord create(Caller caller, String vmUuid, Request r) throws ApiException {
        VmRef vm = vm(caller, vmUuid);
        if (vm.offeringId() == null) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is not assigned to a backup offering; assign it "
                    + "with assignVirtualMachineToBackupOffering before giving it a backup schedule");
        }
        ScheduleRepository.Values v = values(r.intervalType(), r.schedule(), r.timezone(), r.maxBackups(),
                Boolean.TRUE.equals(r.quiesce()), Boolean.TRUE.equals(r.isolated()));
        long id = schedules.insert(uuids.get(), vm.id(), v, clock.instant());
        return schedules.findLiveForUpdate(id).orElseThrow();
    }

    public ScheduleRecord update(Caller caller, String scheduleUuid, Request r) throws ApiException {
        ScheduleRecord s = schedule(caller, scheduleUuid);
        ScheduleRepository.Values v = values(pick(r.intervalType(), s.intervalType()), pick(r.schedule(), s.schedule()),
                pick(r.timezone(), s.timezone()), r.maxBackups() != null ? r.maxBackups() : s.maxBackups(),
                r.quiesce() != null ? r.quiesce() : s.quiesce(), r.isolated() != null ? r.isolated() : s.isolated());
        schedules.update(s.id(), v);
        return schedules.findLive(scheduleUuid).orElseThrow();
    }

    /** Deletes one schedule by id, or every schedule of a VM; the backups it took stay. */
    public int delete(Caller caller, String scheduleUuid, String vmUuid) throws ApiException {
        List<ScheduleRecord> doomed;
        if (scheduleUuid != null) {
            doomed = List.of(schedule(caller, scheduleUuid));
        } else if (vmUuid != null) {
            doomed = schedules.liveOfVm(vm(caller, vmUuid).id());
        } else {
            throw ApiException.invalidParameter("Give id (a schedule) or virtualmachineid (all schedules of a VM)");
        }
        Instant now = clock.instant();
        doomed.forEach(s -> schedules.remove(s.id(), now));
        return doomed.size();
    }

    public List<ScheduleRecord> list(Caller caller, String scheduleUuid, String vmUuid) throws ApiException {
        if (scheduleUuid != null) {
            return List.of(schedule(caller, scheduleUuid));
        }
        if (vmUuid != null) {
            return schedules.liveOfVm(vm(caller, vmUuid).id());
        }
        return schedules.allLive().stream().filter(s -> caller.mayAccess(s.accountId(), s.domainPath())).toList();
    }

    private ScheduleRepository.Values values(String intervalType, String schedule, String timezone, Integer maxBackups,
            boolean quiesce, boolean isolated) throws ApiException {
        BackupSchedule parsed;
        try {
            parsed = BackupSchedule.parse(0, intervalType, schedule, timezone);
        } catch (InvalidScheduleException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
        if (maxBackups != null && maxBackups < 0) {
            throw ApiException.invalidParameter("maxbackups " + maxBackups + " is not valid: give the number of the "
                    + "schedule's newest backups to keep, 1 or more, or 0 to keep all");
        }
        return new ScheduleRepository.Values(StoredSchedule.of(parsed, schedule, clock),
                maxBackups == null || maxBackups == 0 ? null : maxBackups, quiesce, isolated);
    }

    private VmRef vm(Caller caller, String vmUuid) throws ApiException {
        VmRef vm = vms.findLive(vmUuid).orElseThrow(() -> ApiException.invalidParameter("No VM with id " + vmUuid
                + " exists (virtualmachineid); list them with listVirtualMachines"));
        if (!caller.mayAccess(vm.accountId(), vm.domainPath())) {
            throw ApiException.permissionDenied("VM " + vmUuid + " belongs to another account; you may act only on "
                    + "your own account's VMs");
        }
        return vm;
    }

    private ScheduleRecord schedule(Caller caller, String scheduleUuid) throws ApiException {
        ScheduleRecord s = schedules.findLive(scheduleUuid).orElseThrow(() -> ApiException.invalidParameter(
                "No backup schedule with id " + scheduleUuid + " exists; list them with listBackupSchedule"));
        if (!caller.mayAccess(s.accountId(), s.domainPath())) {
            throw ApiException.permissionDenied("Backup schedule " + scheduleUuid + " belongs to another account's VM; "
                    + "you may act only on your own account's VMs");
        }
        return s;
    }

    private static String pick(String given, String current) {
        return given != null ? given : current;
    }
}
