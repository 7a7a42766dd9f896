package io.kboss.server.backup;

import io.kboss.server.api.Caller;

/**
 * What createBackup or a schedule's firing asks a provider to back up.
 *
 * @param vm         the VM, its row locked by the caller's transaction
 * @param caller     who called createBackup; null for a schedule's firing
 * @param scheduleId the schedule that fired, or null for createBackup
 * @param quiesce    freeze the guest's file systems while the backup starts
 * @param isolated   a full backup outside the VM's chains
 * @param name        createBackup's name, or null for the default (the VM's name and the time)
 * @param description createBackup's description, or null
 */
public record TakeBackup(VmRef vm, Caller caller, Long scheduleId, boolean quiesce, boolean isolated, String name,
        String description) {

    public static TakeBackup byCaller(Caller caller, VmRef vm, boolean quiesce, boolean isolated, String name,
            String description) {
        return new TakeBackup(vm, caller, null, quiesce, isolated, name, description);
    }

    public static TakeBackup bySchedule(long scheduleId, VmRef vm, boolean quiesce, boolean isolated) {
        return new TakeBackup(vm, null, scheduleId, quiesce, isolated, null, null);
    }

    /** Whether a person asked for it (createBackup), not a schedule. */
    public boolean manual() {
        return scheduleId == null;
    }
}
