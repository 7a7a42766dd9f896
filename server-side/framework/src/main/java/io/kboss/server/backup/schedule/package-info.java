/**
 * Backup schedules through the API, and the scheduler that runs their firings.
 *
 * <ul>
 * <li>Commands: {@code createBackupSchedule} (virtualmachineid, intervaltype, schedule, timezone, maxbackups,
 *     quiescevm, isolated), {@code listBackupSchedule} (id, virtualmachineid), {@code updateBackupSchedule} (id and
 *     what changes), {@code deleteBackupSchedule} (id, or virtualmachineid for all of a VM's). Validation is the
 *     domain's {@link io.kboss.server.backup.schedule.domain.BackupSchedule#parse}; refusals are 431 saying what
 *     is allowed, another account's VM or schedule is 432, a VM without backup offering is 431.</li>
 * <li>{@link io.kboss.server.backup.schedule.BackupScheduler}: a round every 15 s. Each
 *     due firing is claimed by inserting its {@code backup_schedule_firing} row (unique schedule_id + scheduled_time)
 *     in the transaction that queues the backup with its schedule id
 *     ({@link io.kboss.server.backup.schedule.FiringClaims}: the zone's provider takes the backup and queues
 *     its BACKUP operation), so with several management servers exactly one runs it. A firing that cannot
 *     back up (no offering or host, VM busy, or refused by the provider: BackupError, no store) is claimed
 *     with the reason in its row.</li>
 * <li>Tests and embedders: {@code BackupScheduler#withClock(Clock)} gives a second scheduler on the same database
 *     (what another server runs) and {@code runDueFirings()} runs one round now.</li>
 * <li>The scheduler's Clock is the server's, or the {@link io.kboss.server.backup.schedule.ScheduleClock} bean
 *     when the server was given one (tests moving time over many firings).</li>
 * <li>Retention (maxbackups) is the provider's: it reads the schedule through
 *     {@link io.kboss.server.backup.BackupSchedules} after a scheduled backup ended (for kboss, a DELETE
 *     operation of origin RETENTION). Operator view: {@code plugins/backup/kboss/docs/schedules-and-retention.md}.</li>
 * </ul>
 */
package io.kboss.server.backup.schedule;
