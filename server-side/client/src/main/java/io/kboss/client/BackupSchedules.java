package io.kboss.client;

import io.kboss.client.model.BackupSchedule;
import io.kboss.client.model.Success;
import io.kboss.client.request.ScheduleRequest;
import java.util.List;

/** Backup schedules of VMs: createBackupSchedule, listBackupSchedule, updateBackupSchedule, deleteBackupSchedule. */
public final class BackupSchedules {
    private static final String OBJECT = "backupschedule";

    private final KbossClient client;

    BackupSchedules(KbossClient client) {
        this.client = client;
    }

    public BackupSchedule create(String vmId, ScheduleRequest r) {
        return client.object("createBackupSchedule", params(r).with("virtualmachineid", vmId), OBJECT,
                BackupSchedule.class);
    }

    /** @param vmId null for every schedule the caller may see */
    public List<BackupSchedule> list(String vmId) {
        return client.all("listBackupSchedule", ApiParams.of("virtualmachineid", vmId, "listall", true), OBJECT,
                BackupSchedule.class,
                Paging.PAGE_SIZE);
    }

    public BackupSchedule update(String id, ScheduleRequest changes) {
        return client.object("updateBackupSchedule", params(changes).with("id", id), OBJECT, BackupSchedule.class);
    }

    /** Deletes one schedule; the backups it took are kept. */
    public Success delete(String id) {
        return KbossClient.read("deleteBackupSchedule", client.call("deleteBackupSchedule", ApiParams.of("id", id)),
                Success.class);
    }

    /** Deletes every schedule of the VM. */
    public Success deleteAllOf(String vmId) {
        return KbossClient.read("deleteBackupSchedule", client.call("deleteBackupSchedule",
                ApiParams.of("virtualmachineid", vmId)), Success.class);
    }

    private static ApiParams params(ScheduleRequest r) {
        return ApiParams.of("intervaltype", r.intervalType(), "schedule", r.schedule(), "timezone", r.timezone(),
                "maxbackups", r.maxBackups(), "quiescevm", r.quiesceVm(), "isolated", r.isolated());
    }
}
