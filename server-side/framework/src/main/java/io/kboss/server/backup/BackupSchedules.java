package io.kboss.server.backup;

import java.util.Optional;

/**
 * The backup schedules the framework keeps ({@code backup_schedule}), as a provider reads them: a
 * scheduled backup names its schedule, whose maxbackups the provider's retention applies.
 */
public interface BackupSchedules {

    /** The schedule if it is not deleted. */
    Optional<ScheduleRef> live(long scheduleId);
}
