package io.kboss.plugin.backup.kboss.domain.chain;

/**
 * Which chain of a VM a backup belongs to. Each backup schedule of a VM grows its own chain, each backup
 * job the VM is in grows one, and manual backups grow one more, so a VM with two schedules, a job and
 * manual backups has four chains at once; they never share a parent, because each schedule's and job's
 * retention must be able to prune its chain alone.
 *
 * @param scheduleId the schedule's id, or null
 * @param jobId      the backup job's id, or null (never both)
 */
public record ChainKey(Long scheduleId, Long jobId) {
    private static final ChainKey MANUAL = new ChainKey(null, null);

    public ChainKey {
        if (scheduleId != null && jobId != null) {
            throw new IllegalArgumentException("a chain is a schedule's or a backup job's, not both");
        }
    }

    public static ChainKey manual() {
        return MANUAL;
    }

    public static ChainKey schedule(long scheduleId) {
        return new ChainKey(scheduleId, null);
    }

    public static ChainKey job(long jobId) {
        return new ChainKey(null, jobId);
    }

    /** The key of a chain or backup row: its schedule's, its job's, or the manual one. */
    public static ChainKey of(Long scheduleId, Long jobId) {
        return scheduleId != null ? schedule(scheduleId) : jobId != null ? job(jobId) : MANUAL;
    }

    public boolean isManual() {
        return scheduleId == null && jobId == null;
    }

    @Override
    public String toString() {
        return scheduleId != null ? "schedule " + scheduleId : jobId != null ? "backup job " + jobId : "manual backups";
    }
}
