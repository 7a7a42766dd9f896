package io.kboss.client.model;

import java.time.Instant;

/**
 * A VM's backup schedule (listBackupSchedule, createBackupSchedule): {@code intervalType} HOURLY,
 * DAILY, WEEKLY or MONTHLY, {@code schedule} in that type's form (MM, MM:HH, MM:HH:D, MM:HH:DD) read
 * in {@code timezone}; {@code maxBackups} of its backups are kept (null keeps all).
 */
public record BackupSchedule(String id, String virtualMachineId, String virtualMachineName, String intervalType,
        String schedule, String timezone, Integer maxBackups, boolean quiesceVm, boolean isolated,
        Instant nextFire) {
}
