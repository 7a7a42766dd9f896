package io.kboss.plugin.backup.kboss.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention after a scheduled backup: a schedule keeps its newest {@code maxbackups} BackedUp
 * backups (the domain's RetentionPolicy plans which to delete and how to merge them forward).
 *
 * <p>Not executed yet: deleting and merging backups through the agent (deleteBackup) is being built
 * in another change, and a plan that cannot be carried out must not be reported as done. Until then
 * this only warns, naming the schedule and how many backups are over its limit, so an operator sees
 * that nothing was deleted.
 */
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ScheduleRepository schedules;

    public Retention(ScheduleRepository schedules) {
        this.schedules = schedules;
    }

    /** @return how many backups of the schedule are over its maxbackups (0 when within, or it keeps all) */
    public int apply(ScheduleRecord s) {
        if (s.maxBackups() == null) {
            return 0;
        }
        int over = schedules.backedUpCount(s.id()) - s.maxBackups();
        if (over > 0) {
            LOG.warn("Backup schedule {} of VM {} keeps {} backups and has {} more; they are NOT deleted: retention "
                    + "needs deleteBackup's merge through the agent, which this server does not have yet. Delete "
                    + "them by hand when deleteBackup is available", s.uuid(), s.vmName(), s.maxBackups(), over);
        }
        return Math.max(0, over);
    }
}
