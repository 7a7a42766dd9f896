package io.kboss.agent.job;

import io.kboss.agent.contract.JobType;
import java.time.Duration;
import java.util.Set;

/**
 * What a job is, apart from its work.
 *
 * @param type what the server asked for
 * @param requestId the server's id of this piece of work; a second submit with it returns the
 *     first job (null: not idempotent)
 * @param vmUuid the VM it works on, or null; one active job per VM
 * @param backupUuid the backup it concerns, or null (for the server's reading only)
 * @param files absolute paths of the backup files the job rewrites or deletes; two active jobs never
 *     share one (a compression and a merge of the same file would destroy each other's work)
 * @param timeout how long the job may run once started before its cancel token is cancelled and it
 *     ends FAILED with TIMED_OUT; null for no bound of its own
 */
public record JobSpec(JobType type, String requestId, String vmUuid, String backupUuid, Set<String> files,
        Duration timeout) {

    public JobSpec {
        files = files == null ? Set.of() : Set.copyOf(files);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a job's timeout must be positive, not " + timeout);
        }
    }

    public static JobSpec of(JobType type, String requestId, String vmUuid, String backupUuid) {
        return new JobSpec(type, requestId, vmUuid, backupUuid, Set.of(), null);
    }

    public JobSpec withFiles(Set<String> paths) {
        return new JobSpec(type, requestId, vmUuid, backupUuid, paths, timeout);
    }

    public JobSpec withTimeout(Duration bound) {
        return new JobSpec(type, requestId, vmUuid, backupUuid, files, bound);
    }
}
