package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.JobSchedules;
import java.util.ArrayList;
import java.util.List;

/** The backup jobs' schedules for listBackupSchedule: those of the jobs the caller may see, as listBackupJobs. */
public class BackupJobSchedules implements JobSchedules {
    private final BackupJobService service;
    private final BackupJobRepository jobs;

    public BackupJobSchedules(BackupJobService service, BackupJobRepository jobs) {
        this.service = service;
        this.jobs = jobs;
    }

    @Override
    public List<JobSchedule> visibleTo(Caller caller, String jobUuid) throws ApiException {
        List<JobSchedule> out = new ArrayList<>();
        for (BackupJobRepository.Job j : service.list(caller, jobUuid)) {
            jobs.schedule(j.id())
                    .ifPresent(s -> out.add(new JobSchedule(j.uuid(), j.name(), j.accountId(), s.intervalType(),
                            s.schedule(), s.timezone(), s.nextFire())));
        }
        return out;
    }
}
