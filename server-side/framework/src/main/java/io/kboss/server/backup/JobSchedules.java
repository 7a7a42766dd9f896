package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import java.time.Instant;
import java.util.List;

/**
 * The schedules of a provider's backup jobs (a plugin's bean), so that listBackupSchedule lists them beside the
 * VMs' schedules in the same shape. A job has at most one schedule; it is changed with the job's own commands.
 */
public interface JobSchedules {
    /**
     * @param jobUuid the job's id (the schedule's id too: a job has one schedule at most)
     * @param jobName the job's name
     * @param accountId the job's account (lists narrowed by listall keep their own account's)
     */
    record JobSchedule(String jobUuid, String jobName, long accountId, String intervalType, String schedule,
            String timezone, Instant nextFire) {
    }

    /**
     * The schedules of the jobs the caller may see, or of the one job named (refused as listBackupJobs refuses
     * it: 431 unknown, 432 another account's).
     */
    List<JobSchedule> visibleTo(Caller caller, String jobUuid) throws ApiException;
}
