package io.kboss.server.backup.api;

import io.kboss.server.backup.schedule.domain.IntervalType;
import io.kboss.server.backup.schedule.BackupScheduleService;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import java.util.Arrays;

/** The parameters createBackupSchedule and updateBackupSchedule share, described once for listApis. */
final class ScheduleParams {

    private ScheduleParams() {
    }

    static CommandSpec.Builder describe(CommandSpec.Builder b, boolean required) {
        ParamSpec type = ParamSpec.string("intervaltype").description("HOURLY, DAILY, WEEKLY or MONTHLY");
        ParamSpec schedule = ParamSpec.string("schedule").description(String.join("; ",
                Arrays.stream(IntervalType.values()).map(t -> t + " takes " + t.format() + ", " + t.help()).toList()));
        ParamSpec zone = ParamSpec.string("timezone").description("IANA time zone the schedule is read in, e.g. "
                + "Europe/Berlin or UTC");
        return b.param(required ? type.required() : type)
                .param(required ? schedule.required() : schedule)
                .param(required ? zone.required() : zone)
                .param(ParamSpec.integer("maxbackups").description("keep the schedule's newest this many backups; "
                        + "0 or absent keeps all"))
                .param(ParamSpec.bool("quiescevm").description("freeze the guest's file systems for each backup"))
                .param(ParamSpec.bool("isolated").description("take isolated full backups, outside any chain"));
    }

    static BackupScheduleService.Request request(Params p) {
        return new BackupScheduleService.Request(p.string("intervaltype"), p.string("schedule"), p.string("timezone"),
                p.integer("maxbackups"), p.bool("quiescevm"), p.bool("isolated"));
    }
}
