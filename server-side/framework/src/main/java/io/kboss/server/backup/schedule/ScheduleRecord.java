package io.kboss.server.backup.schedule;

import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.time.Instant;

/**
 * A row of {@code backup_schedule} with the VM facts listing and access checks need.
 *
 * @param maxBackups retention: keep the newest this many of the schedule's backups; null keeps all
 * @param stored     interval type, schedule, time zone and the next firing a scheduler will run (a firing
 *                   is due when it is not after now)
 */
public record ScheduleRecord(long id, String uuid, long vmId, String vmUuid, String vmName, long accountId,
        String domainPath, Integer maxBackups, boolean quiesce, boolean isolated, StoredSchedule stored) {

    public String intervalType() {
        return stored.intervalType();
    }

    public String schedule() {
        return stored.schedule();
    }

    public String timezone() {
        return stored.timezone();
    }

    public Instant nextFire() {
        return stored.nextFire();
    }

    /** The domain's view; the stored values passed the same parser when they were written. */
    public BackupSchedule parsed() {
        return stored.parsed(id);
    }
}
