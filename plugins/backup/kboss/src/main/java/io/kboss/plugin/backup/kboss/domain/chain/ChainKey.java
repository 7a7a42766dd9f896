package io.kboss.plugin.backup.kboss.domain.chain;

/**
 * Which chain of a VM a backup belongs to. Each backup schedule of a VM grows its own chain and manual
 * backups grow one more, so a VM with two schedules and manual backups has three chains at once; they
 * never share a parent, because each schedule's retention must be able to prune its chain alone.
 *
 * @param scheduleId the schedule's id, or null for manual backups
 */
public record ChainKey(Long scheduleId) {
    private static final ChainKey MANUAL = new ChainKey(null);

    public static ChainKey manual() {
        return MANUAL;
    }

    public static ChainKey schedule(long scheduleId) {
        return new ChainKey(scheduleId);
    }

    public boolean isManual() {
        return scheduleId == null;
    }

    @Override
    public String toString() {
        return isManual() ? "manual backups" : "schedule " + scheduleId;
    }
}
