package io.kboss.server.backup.schedule;

import io.kboss.server.backup.schedule.domain.BackupSchedule;
import java.time.Instant;

/**
 * A row of {@code backup_schedule} with the VM facts listing and access checks need.
 *
 * @param maxBackups retention: keep the newest this many of the schedule's backups; null keeps all
 * @param nextFire   the next firing a scheduler will run; a firing is due when this is not after now
 */
public record ScheduleRecord(long id, String uuid, long vmId, String vmUuid, String vmName, long accountId,
        String domainPath, String intervalType, String schedule, String timezone, Integer maxBackups,
        boolean quiesce, boolean isolated, Instant nextFire) {

    /** The domain's view; the stored values passed the same parser when they were written. */
    public BackupSchedule parsed() {
        return BackupSchedule.parse(id, intervalType, schedule, timezone);
    }
}
