package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobService.JobFields;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import io.kboss.server.backup.schedule.domain.IntervalType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The parameters createBackupJob and updateBackupJob share, and the fields both answer with. */
final class JobParams {

    private JobParams() {
    }

    static CommandSpec.Builder policy(CommandSpec.Builder b) {
        return b.param(ParamSpec.list("virtualmachineids", ParamType.UUID).description("the VMs to back up, "
                + "comma-separated, in the order a SEQUENTIAL run follows; each must be assigned to a backup offering"))
                .param(ParamSpec.bool("quiescevm").description("freeze each guest's file systems while its backup "
                        + "starts"))
                .param(ParamSpec.bool("isolated").description("full backups outside the VMs' chains"))
                .param(ParamSpec.integer("keeplast").min(1).description("keep the newest this many of the job's "
                        + "backups of each VM; older ones are deleted after each backup (all are kept when absent)"))
                .param(ParamSpec.integer("priority").min(0).max(99).description("0-99, higher is claimed first by "
                        + "the queue; above 50 administrators only (default 0)"))
                .param(ParamSpec.string("execution").allowedValues("SEQUENTIAL", "PARALLEL").description(
                        "SEQUENTIAL: one VM at a time, in order (default); PARALLEL: all at once as the queue's "
                                + "limits allow"))
                .param(ParamSpec.string("intervaltype").description("the job's schedule, as createBackupSchedule's: "
                        + "HOURLY, DAILY, WEEKLY or MONTHLY; with schedule and timezone"))
                .param(ParamSpec.string("schedule").description(String.join("; ", Arrays.stream(IntervalType
                        .values()).map(t -> t + " takes " + t.format() + ", " + t.help()).toList())))
                .param(ParamSpec.string("timezone").maxLength(64).description("IANA time zone the schedule is read "
                        + "in, e.g. Europe/Berlin or UTC"));
    }

    static CommandSpec.Builder fields(CommandSpec.Builder b) {
        return b.responseObject("backupjob")
                .responseField("id", "string", "ID of the backup job")
                .responseField("name", "string", "name of the backup job")
                .responseField("account", "string", "the owner account")
                .responseField("priority", "integer", "0-99, higher is claimed first")
                .responseField("execution", "string", "SEQUENTIAL or PARALLEL")
                .responseField("keeplast", "integer", "backups of each VM kept; absent: all")
                .responseField("virtualmachines", "list", "the VMs (id, name), in order")
                .responseField("droppedvirtualmachines", "list", "VMs that left the job: deleted or removed from "
                        + "their backup offering (id, name, dropped, reason)")
                .responseField("intervaltype", "string", "the schedule's interval type; absent without a schedule")
                .responseField("schedule", "string", "when the job runs, as its interval type takes it")
                .responseField("timezone", "string", "the IANA time zone the schedule is read in")
                .responseField("nextfire", "date", "the schedule's next firing")
                .responseField("lastfiring", "object", "the schedule's latest firing: scheduled, and the run it "
                        + "started (backupjobrunid) or why it was skipped (skipped)")
                .responseField("lastrun", "object", "the latest run: state and its VMs in the sets outdated, "
                        + "ongoing, updated and error");
    }

    static JobFields of(Params p, boolean create) {
        List<UUID> vms = p.has("virtualmachineids") ? p.list("virtualmachineids") : null;
        return new JobFields(p.string("name"), vms == null && !create
                ? null
                : vms == null ? List.of() : vms.stream().map(UUID::toString).collect(Collectors.toList()),
                p.bool("quiescevm"), p.bool("isolated"), p.integer("keeplast"), false, p.integer("priority"),
                p.string("execution"), p.string("intervaltype"), p.string("schedule"), p.string("timezone"),
                !create && Boolean.TRUE.equals(p.bool("removeschedule")));
    }
}
