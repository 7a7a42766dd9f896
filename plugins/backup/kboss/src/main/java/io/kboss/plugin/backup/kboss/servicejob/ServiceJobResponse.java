package io.kboss.plugin.backup.kboss.servicejob;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * One service job as listBackupServiceJobs answers it: uuids only. {@code state} is the operation's
 * (Queued, Running, Succeeded, Failed, Cancelled); {@code executing} and {@code scheduled} say whether it
 * runs or waits now; {@code scheduleddate} is when a waiting job may start (after a failed attempt, the
 * end of its retry interval); {@code removed} is when it ended, as upstream names it.
 */
public record ServiceJobResponse(String id, String backupId, String hostId, String zoneId, String type, String state,
        boolean executing, boolean scheduled, int attempts, Instant scheduledDate, Instant startDate, Instant removed,
        String error) {
    public static final String OBJECT_NAME = "backupservicejob";

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "ID of the job")
                .responseField("backupid", "string", "ID of the backup it works on")
                .responseField("hostid", "string", "ID of the host whose agent runs it")
                .responseField("zoneid", "string", "ID of the zone")
                .responseField("type", "string", "Compression or Validation")
                .responseField("state", "string", "Queued, Running, Succeeded, Failed or Cancelled")
                .responseField("executing", "boolean", "whether it runs now")
                .responseField("scheduled", "boolean", "whether it waits to run (first attempt or a retry)")
                .responseField("attempts", "integer", "attempts started so far")
                .responseField("scheduleddate", "date", "when a waiting job may start at the earliest")
                .responseField("startdate", "date", "when its first attempt started")
                .responseField("removed", "date", "when it ended")
                .responseField("error", "string", "why its last attempt failed");
    }
}
