package io.kboss.server.backup;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The backup schedules the framework keeps ({@code backup_schedule}), as a provider reads them: a
 * scheduled backup names its schedule, whose maxbackups the provider's retention applies.
 */
public interface BackupSchedules {

    /** The schedule if it is not deleted. */
    Optional<ScheduleRef> live(long scheduleId);

    /**
     * The interval types (HOURLY, DAILY, WEEKLY, MONTHLY) of schedules by id, deleted ones too: a
     * backup's {@code intervaltype} names the schedule that took it.
     */
    Map<Long, String> intervalTypes(Collection<Long> scheduleIds);
}
