package io.kboss.plugin.backup.kboss.schedule;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPlan;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPolicy;
import io.kboss.plugin.backup.kboss.restore.BackupDeleter;
import io.kboss.server.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention after a scheduled backup: the schedule's backups past its {@code maxbackups} (the newest
 * are kept, {@link RetentionPolicy}) are deleted through deleteBackup's own machinery
 * ({@link BackupDeleter}): marked Removed under the VM's lock with the VM taken for DELETE, merged by
 * the agent into the surviving child, their files removed, Expunged, their bytes given back to the store.
 *
 * <p>One chain is pruned at a time, each planned afresh under the VM's row lock, so a pass never works
 * from a stale plan and two servers cannot delete the same backups. Failure policy: retention never
 * fails a backup or a firing. A VM held by another backup, restore or delete is left alone, and the next
 * pass (after the schedule's next backup) deletes what is still expired. A deletion that stops half way
 * leaves its backups Removed (hidden, never restorable again); the next pass prunes them with the rest.
 * Only the schedule's own chains are read, so manual backups are never touched.
 */
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** Chains pruned in one pass at most; a schedule rarely has more than two with expired backups. */
    static final int CHAINS_PER_PASS = 16;

    private final JdbcTemplate jdbc;
    private final ScheduleRepository schedules;
    private final BackupDeleter deleter;

    public Retention(JdbcTemplate jdbc, ScheduleRepository schedules, BackupDeleter deleter) {
        this.jdbc = jdbc;
        this.schedules = schedules;
        this.deleter = deleter;
    }

    /**
     * What one pass did.
     *
     * @param deleted     what became of each backup deleted
     * @param leftForNext why backups that are past maxbackups were left for the next pass; empty when
     *                    none were
     */
    public record Pass(List<DeletionOutcome> deleted, Optional<String> leftForNext) {
        public Pass {
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Deletes the schedule's backups that are past its maxbackups now. Never throws: what it could not do
     * is logged with what happens next and returned in {@link Pass#leftForNext}.
     */
    public Pass apply(ScheduleRecord firedBy) {
        List<DeletionOutcome> deleted = new ArrayList<>();
        try {
            // The schedule as it is now: maxbackups may have changed since it fired; a deleted schedule's
            // backups are its owner's to delete.
            Optional<ScheduleRecord> live = schedules.findLive(firedBy.uuid());
            if (live.isEmpty()) {
                return new Pass(deleted, Optional.empty());
            }
            ScheduleRecord s = live.get();
            for (int i = 0; i < CHAINS_PER_PASS; i++) {
                Optional<BackupDeleter.Deletion> d;
                try {
                    d = deleter.requestPrune(s.vmId(), () -> nextPrune(s));
                } catch (BackupDeleter.VmBusyException e) {
                    String why = e.getMessage();
                    LOG.info("Retention of backup schedule {} of VM {} waits: {}; its next pass deletes what is past "
                            + "maxbackups {}", s.uuid(), s.vmName(), why, s.maxBackups());
                    return new Pass(deleted, Optional.of(why));
                }
                if (d.isEmpty()) {
                    return new Pass(deleted, deferredReason(s));
                }
                List<DeletionOutcome> outcomes = deleter.run(d.get());
                LOG.info("Retention of backup schedule {} of VM {} (maxbackups {}): {}", s.uuid(), s.vmName(),
                        s.maxBackups(), outcomes);
                deleted.addAll(outcomes);
            }
            String why = "more than " + CHAINS_PER_PASS + " chains had backups past maxbackups";
            LOG.warn("Retention of backup schedule {} of VM {} stopped after {} chains; its next pass continues",
                    s.uuid(), s.vmName(), CHAINS_PER_PASS);
            return new Pass(deleted, Optional.of(why));
        } catch (ApiException e) {
            LOG.error("Retention of backup schedule {} of VM {} failed: {}. The backups it was deleting stay Removed "
                    + "(hidden); its next pass, after the schedule's next backup, finishes them. If it fails again, "
                    + "check the agent of the VM's host and the image store", firedBy.uuid(), firedBy.vmName(),
                    e.getMessage(), e);
            return new Pass(deleted, Optional.of(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Retention of backup schedule {} of VM {} was interrupted by shutdown; backups it was deleting "
                    + "stay Removed and its next pass finishes them", firedBy.uuid(), firedBy.vmName());
            return new Pass(deleted, Optional.of("interrupted by shutdown"));
        } catch (RuntimeException e) {
            LOG.error("Retention of backup schedule {} of VM {} failed; backups it was deleting stay Removed and its "
                    + "next pass finishes them", firedBy.uuid(), firedBy.vmName(), e);
            return new Pass(deleted, Optional.of(String.valueOf(e.getMessage())));
        }
    }

    /** What retention would do to the schedule's backups now; empty when the schedule keeps all. */
    public RetentionPlan plan(ScheduleRecord s) {
        return RetentionPolicy.plan(chains(s.id()), s.maxBackups() == null ? 0 : s.maxBackups());
    }

    /** The first chain to prune now, with the links it was planned on; called under the VM's row lock. */
    private Optional<BackupDeleter.ChainPrune> nextPrune(ScheduleRecord s) {
        List<BackupChain> chains = chains(s.id());
        RetentionPlan plan = RetentionPolicy.plan(chains, s.maxBackups() == null ? 0 : s.maxBackups());
        if (plan.plans().isEmpty()) {
            return Optional.empty();
        }
        PrunePlan first = plan.plans().get(0);
        long doomed = first.outcomes().get(0).backupId();
        BackupChain chain = chains.stream().filter(c -> c.link(doomed).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("planned backup " + doomed + " is in none of the chains "
                        + "of schedule " + s.uuid()));
        return Optional.of(new BackupDeleter.ChainPrune(chain.links(), first));
    }

    private Optional<String> deferredReason(ScheduleRecord s) {
        RetentionPlan plan = plan(s);
        if (plan.deferred().isEmpty()) {
            return Optional.empty();
        }
        String why = plan.deferred().size() + " chain(s) with backups past maxbackups have a backup being written "
                + "or read";
        LOG.info("Retention of backup schedule {} of VM {} waits: {}; its next pass deletes them", s.uuid(),
                s.vmName(), why);
        return Optional.of(why);
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
                            BackupStatus.fromApiName(rs.getString(2)), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }, scheduleId);
        List<BackupChain> chains = new ArrayList<>();
        byChain.values().forEach(links -> chains.add(new BackupChain(ChainKey.schedule(scheduleId), links,
                DiskSet.of(), Optional.empty())));
        return chains;
    }
}
