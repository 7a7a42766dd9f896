/**
 * Backup schedules through the API, and the scheduler that runs their firings.
 *
 * <ul>
 * <li>Commands: {@code createBackupSchedule} (virtualmachineid, intervaltype, schedule, timezone, maxbackups,
 *     quiescevm, isolated), {@code listBackupSchedule} (id, virtualmachineid), {@code updateBackupSchedule} (id and
 *     what changes), {@code deleteBackupSchedule} (id, or virtualmachineid for all of a VM's). Validation is the
 *     domain's {@link io.kboss.plugin.backup.kboss.domain.schedule.BackupSchedule#parse}; refusals are 431 saying what
 *     is allowed, another account's VM or schedule is 432, a VM without backup offering is 431.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.schedule.BackupScheduler}: a round every 15 s on the context's Clock. Each
 *     due firing is claimed by inserting its {@code backup_schedule_firing} row (unique schedule_id + scheduled_time)
 *     in the transaction that queues the backup with its schedule id
 *     ({@link io.kboss.plugin.backup.kboss.schedule.FiringClaims}), so with several management servers exactly one
 *     runs it; the backup then runs through {@code BackupJob} and grows the schedule's own chain. A firing that cannot
 *     back up (VM busy, BackupError, no host or store) is claimed with the reason in its row.</li>
 * <li>Tests and embedders: {@code BackupScheduler#withClock(Clock)} gives a second scheduler on the same database
 *     (what another server runs) and {@code runDueFirings()} runs one round now.</li>
 * <li>Retention ({@link io.kboss.plugin.backup.kboss.schedule.Retention}) plans with the domain's RetentionPolicy
 *     after each scheduled backup but does not carry the plan out yet: that needs deleteBackup's merge through the
 *     agent. Until then the plan is logged as a warning.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.schedule;
