package io.kboss.server.backup;

/**
 * A live backup schedule as its provider's retention reads it.
 *
 * @param maxBackups keep the newest this many of the schedule's backups; null keeps all
 */
public record ScheduleRef(long id, String uuid, long vmId, String vmName, Integer maxBackups) {
}
