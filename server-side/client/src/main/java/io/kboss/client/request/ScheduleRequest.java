package io.kboss.client.request;

/**
 * The parameters of createBackupSchedule and updateBackupSchedule: {@code intervalType} HOURLY,
 * DAILY, WEEKLY or MONTHLY; {@code schedule} in that type's form (MM, MM:HH, MM:HH:D, MM:HH:DD);
 * {@code timezone} an IANA zone; {@code maxBackups} of the schedule's backups kept (0 keeps all).
 * Null is not sent: on update the schedule keeps its value.
 */
public record ScheduleRequest(String intervalType, String schedule, String timezone, Integer maxBackups,
        Boolean quiesceVm, Boolean isolated) {

    public static ScheduleRequest of(String intervalType, String schedule, String timezone) {
        return new ScheduleRequest(intervalType, schedule, timezone, null, null, null);
    }

    public ScheduleRequest keeping(int newest) {
        return new ScheduleRequest(intervalType, schedule, timezone, newest, quiesceVm, isolated);
    }

    public ScheduleRequest quiesced(boolean quiesce) {
        return new ScheduleRequest(intervalType, schedule, timezone, maxBackups, quiesce, isolated);
    }

    public ScheduleRequest isolated(boolean isolatedFulls) {
        return new ScheduleRequest(intervalType, schedule, timezone, maxBackups, quiesceVm, isolatedFulls);
    }
}
