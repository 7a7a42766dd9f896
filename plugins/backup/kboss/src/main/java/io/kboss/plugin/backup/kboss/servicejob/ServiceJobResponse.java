package io.kboss.plugin.backup.kboss.servicejob;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * One service job as listBackupServiceJobs answers it: uuids only. {@code state} is the operation's
 * (Queued, Running, Succeeded, Failed, Cancelled), or WaitingForRetry for a queued job whose last attempt
 * failed (its backup is back to Uncompressed or NotValidated meanwhile); {@code executing} and {@code scheduled} say whether it
 * runs or waits now; {@code scheduleddate} is when a waiting job may start (after a failed attempt, the
 * end of its retry interval); {@code removed} is when it ended, as upstream names it. A running job shows
 * how far its attempt got: {@code progress} percent, {@code progressdone} of {@code progresstotal} units
 * (bytes read by qemu-img for a compression, its copy and then its check; steps for a validation) and
 * {@code phase}, what the agent does now; all four are absent while it waits.
 */
public record ServiceJobResponse(String id, String backupId, String hostId, String zoneId, String type, String state,
        boolean executing, boolean scheduled, int attempts, Instant scheduledDate, Instant startDate, Instant removed,
        String error, Integer progress, Long progressDone, Long progressTotal, String phase) {
    public static final String OBJECT_NAME = "backupservicejob";

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "ID of the job")
                .responseField("backupid", "string", "ID of the backup it works on")
                .responseField("hostid", "string", "ID of the host whose agent runs it")
                .responseField("zoneid", "string", "ID of the zone")
                .responseField("type", "string", "Compression or Validation")
                .responseField("state", "string", "Queued, Running, WaitingForRetry (a failed attempt runs again "
                        + "at scheduleddate), Succeeded, Failed or Cancelled")
                .responseField("executing", "boolean", "whether it runs now")
                .responseField("scheduled", "boolean", "whether it waits to run (first attempt or a retry)")
                .responseField("attempts", "integer", "attempts started so far")
                .responseField("scheduleddate", "date", "when a waiting job may start at the earliest")
                .responseField("startdate", "date", "when its first attempt started")
                .responseField("removed", "date", "when it ended")
                .responseField("error", "string", "why its last attempt failed")
                .responseField("progress", "integer", "how far the running attempt got, in percent")
                .responseField("progressdone", "long", "units the running attempt did: bytes of a compression "
                        + "(its copy, then its check), steps of a validation")
                .responseField("progresstotal", "long", "units the running attempt does in all")
                .responseField("phase", "string", "what the running attempt does now, as the agent says it");
    }
}
