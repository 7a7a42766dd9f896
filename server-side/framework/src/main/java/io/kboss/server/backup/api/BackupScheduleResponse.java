package io.kboss.server.backup.api;

import io.kboss.server.backup.JobSchedules;
import io.kboss.server.backup.schedule.ScheduleRecord;
import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * CloudStack's BackupScheduleResponse (id, virtualmachineid, virtualmachinename, intervaltype,
 * schedule, timezone, maxbackups, quiescevm) plus isolated and the next firing. Null fields are left out.
 */
final class BackupScheduleResponse {
    static final String OBJECT_NAME = "backupschedule";

    private final String id;
    private final String virtualMachineId;
    private final String virtualMachineName;
    private final String intervalType;
    private final String schedule;
    private final String timezone;
    private final Integer maxBackups;
    private final boolean quiesceVm;
    private final boolean isolated;
    private final Instant nextFire;
    private final String backupJobId;
    private final String backupJobName;

    BackupScheduleResponse(ScheduleRecord s) {
        this.id = s.uuid();
        this.virtualMachineId = s.vmUuid();
        this.virtualMachineName = s.vmName();
        this.intervalType = s.intervalType();
        this.schedule = s.schedule();
        this.timezone = s.timezone();
        this.maxBackups = s.maxBackups();
        this.quiesceVm = s.quiesce();
        this.isolated = s.isolated();
        this.nextFire = s.nextFire();
        this.backupJobId = null;
        this.backupJobName = null;
    }

    /** A backup job's schedule: its id is the job's; it has no VM, maxbackups, quiescevm or isolated of its own. */
    BackupScheduleResponse(JobSchedules.JobSchedule s) {
        this.id = s.jobUuid();
        this.virtualMachineId = null;
        this.virtualMachineName = null;
        this.intervalType = s.intervalType();
        this.schedule = s.schedule();
        this.timezone = s.timezone();
        this.maxBackups = null;
        this.quiesceVm = false;
        this.isolated = false;
        this.nextFire = s.nextFire();
        this.backupJobId = s.jobUuid();
        this.backupJobName = s.jobName();
    }

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "ID of the backup schedule")
                .responseField("virtualmachineid", "string", "ID of the VM")
                .responseField("virtualmachinename", "string", "name of the VM")
                .responseField("intervaltype", "string", "HOURLY, DAILY, WEEKLY or MONTHLY")
                .responseField("schedule", "string", "MM, MM:HH, MM:HH:D or MM:HH:DD as the interval type takes")
                .responseField("timezone", "string", "the IANA time zone the schedule is read in")
                .responseField("maxbackups", "integer", "the newest backups of this schedule kept; absent keeps all")
                .responseField("quiescevm", "boolean", "whether the schedule's backups freeze the guest's file systems")
                .responseField("isolated", "boolean", "whether the schedule's backups are isolated full backups")
                .responseField("nextfire", "date", "when the schedule fires next")
                .responseField("backupjobid", "string", "for a backup job's schedule: the job's ID (also the "
                        + "schedule's); its policy (keeplast, quiescevm, isolated) is the job's, changed with "
                        + "updateBackupJob")
                .responseField("backupjobname", "string", "for a backup job's schedule: the job's name");
    }
}
