/**
 * Backup schedules through the API.
 *
 * <ul>
 * <li>Commands: {@code createBackupSchedule} (virtualmachineid, intervaltype, schedule, timezone, maxbackups,
 *     quiescevm, isolated), {@code listBackupSchedule} (id, virtualmachineid), {@code updateBackupSchedule} (id and
 *     what changes), {@code deleteBackupSchedule} (id, or virtualmachineid for all of a VM's). Validation is the
 *     domain's {@link io.kboss.plugin.backup.kboss.domain.schedule.BackupSchedule#parse}; refusals are 431 saying what
 *     is allowed, another account's VM or schedule is 432, a VM without backup offering is 431.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.schedule;
