package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPlan;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention after a scheduled backup: the domain's {@link RetentionPolicy} plans which of the
 * schedule's backups are past its {@code maxbackups} and how they merge forward.
 *
 * <p>The plan is NOT executed yet: deleting and merging backups through the agent (deleteBackup) is
 * being built in another change, and a plan that cannot be carried out must not be reported as done.
 * Until then the plan is logged as a warning naming the backups it would delete, so an operator sees
 * that nothing was deleted; the executor of deleteBackup can take {@link #plan} as it is.
 */
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final JdbcTemplate jdbc;

    public Retention(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Plans retention for the schedule and reports that it was not carried out; returns the plan. */
    public RetentionPlan apply(ScheduleRecord s) {
        RetentionPlan plan = plan(s);
        if (!plan.isEmpty()) {
            LOG.warn("Backup schedule {} of VM {} keeps {} backups; backups {} are past it and were NOT deleted: "
                    + "retention needs deleteBackup's merge through the agent, which this server does not have yet "
                    + "(plan: {}). Delete them by hand when deleteBackup is available", s.uuid(), s.vmName(),
                    s.maxBackups(), plan.expired(), plan.plans());
        }
        return plan;
    }

    /** What retention would do to the schedule's backups now; empty when the schedule keeps all. */
    public RetentionPlan plan(ScheduleRecord s) {
        return RetentionPolicy.plan(chains(s.id()), s.maxBackups() == null ? 0 : s.maxBackups());
    }

    /**
     * The schedule's chains as retention sees them: their links in order. Disks and chain ends play no
     * part in retention and are left empty; an isolated backup is a chain of one.
     */
    private List<BackupChain> chains(long scheduleId) {
        Map<String, List<ChainLink>> byChain = new LinkedHashMap<>();
        jdbc.query("SELECT id, status, checkpoint_name, created, chain_id FROM backup WHERE schedule_id = ?"
                + " AND status NOT IN ('Expunged') ORDER BY chain_id, position, id", rs -> {
                    long chain = rs.getLong(5);
                    String key = rs.wasNull() ? "isolated-" + rs.getLong(1) : "chain-" + chain;
                    byChain.computeIfAbsent(key, k -> new ArrayList<>()).add(new ChainLink(rs.getLong(1),
                            BackupStatus.fromApiName(rs.getString(2)), rs.getString(3), rs.getTimestamp(4).toInstant()));
                }, scheduleId);
        List<BackupChain> chains = new ArrayList<>();
        byChain.values().forEach(links -> chains.add(new BackupChain(ChainKey.schedule(scheduleId), links,
                DiskSet.of(), Optional.empty())));
        return chains;
    }
}
