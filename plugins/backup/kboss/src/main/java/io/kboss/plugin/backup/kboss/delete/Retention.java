package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPlan;
import io.kboss.plugin.backup.kboss.domain.retention.RetentionPolicy;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.BackupSchedules;
import io.kboss.server.backup.ScheduleRef;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Retention after a scheduled backup: the schedule's backups past its {@code maxbackups} (the newest
 * are kept, {@link RetentionPolicy}) are deleted by a DELETE operation of origin RETENTION, through
 * deleteBackup's own machinery ({@link DeleteSteps}): marked Removed under the VM's lock, merged by the
 * agent into the surviving child, their files removed, Expunged, their bytes given back to the store.
 *
 * <p>{@link #request} queues the operation once a scheduled backup ended BackedUp; its handler calls
 * {@link #run}, which prunes one chain at a time, each planned afresh under the VM's row lock, so a
 * pass never works from a stale plan. Failure policy: retention never fails a backup or a firing. A
 * VM held by another backup, restore or delete is left alone (its operation cannot be queued), and the
 * next pass (after the schedule's next backup) deletes what is still expired. A deletion that stops
 * half way leaves its backups Removed (hidden, never restorable again); the next pass, or the sweep of
 * Removed backups, finishes them. Only the schedule's own chains are read, so manual backups are never
 * touched.
 */
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** Chains pruned in one pass at most; a schedule rarely has more than two with expired backups. */
    static final int CHAINS_PER_PASS = 16;
    /** The payload field of a retention operation: the schedule whose backups it prunes. */
    static final String SCHEDULE = "scheduleId";
    private static final Duration WAIT_POLL = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final BackupSchedules schedules;
    private final BackupRepository backups;
    private final VmInventory vms;
    private final DeleteRepository deletes;
    private final BackupDeleter deleter;
    private final OperationQueue queue;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Sleeper sleeper;

    public Retention(JdbcTemplate jdbc, BackupSchedules schedules, BackupRepository backups, Ports ports,
            DeleteRepository deletes, BackupDeleter deleter, Sleeper sleeper) {
        this.jdbc = jdbc;
        this.schedules = schedules;
        this.backups = backups;
        this.vms = ports.vms();
        this.deletes = deletes;
        this.deleter = deleter;
        this.queue = ports.queue();
        this.tx = ports.tx();
        this.clock = ports.clock();
        this.sleeper = sleeper;
    }

    /**
     * What one pass did.
     *
     * @param deleted     the backups it deleted (Expunged), by uuid
     * @param leftForNext why backups that are past maxbackups were left for the next pass; empty when
     *                    none were
     */
    public record Pass(List<String> deleted, Optional<String> leftForNext) {
        public Pass {
            deleted = List.copyOf(deleted);
        }
    }

    /** After a backup ended BackedUp: retention of the schedule that fired it, if one did. */
    public void afterBackup(BackupRecord b) {
        if (b.scheduleId() != null) {
            request(b.scheduleId());
        }
    }

    /**
     * Queues the schedule's retention if it has backups past maxbackups now. Never throws: a busy VM or a
     * failure is logged with what happens next.
     *
     * @return the queued operation; or empty, with why nothing was queued (null: nothing to delete)
     */
    public Requested request(long scheduleId) {
        try {
            Optional<ScheduleRef> live = schedules.live(scheduleId);
            if (live.isEmpty()) {
                return new Requested(null, null); // a deleted schedule's backups are its owner's to delete
            }
            ScheduleRef s = live.get();
            Operation op = Transactions.run(tx, () -> {
                VmRef vm = vms.lock(s.vmId());
                if (plan(s).plans().isEmpty()) {
                    return null;
                }
                return queue.enqueue(NewOperation.of(BackupOperations.DELETE, Origin.RETENTION)
                        .on(vm.id(), vm.hostId(), vm.zoneId()).payload(Payload.EMPTY.with(SCHEDULE, s.id())));
            });
            return new Requested(op, op == null ? deferredReason(s).orElse(null) : null);
        } catch (ApiException e) {
            LOG.info("Retention of backup schedule {} waits: {}; its next pass deletes what is past maxbackups",
                    scheduleId, e.getMessage());
            return new Requested(null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Retention of backup schedule {} could not be queued; its next pass tries again", scheduleId, e);
            return new Requested(null, String.valueOf(e.getMessage()));
        }
    }

    /** A retention request: its operation, or why none was queued (both null: nothing to delete). */
    public record Requested(Operation operation, String notQueued) {
    }

    /**
     * One pass now, to its end: queues retention and waits until its operation ended (an operator's or a
     * test's "apply retention now"; schedules only {@link #request} it).
     */
    public Pass apply(long scheduleId) throws InterruptedException {
        Requested r = request(scheduleId);
        if (r.operation() == null) {
            return new Pass(List.of(), Optional.ofNullable(r.notQueued()));
        }
        Operation op = r.operation();
        while (op.state().live()) {
            sleeper.sleep(WAIT_POLL);
            op = queue.find(op.uuid()).orElseThrow();
        }
        List<String> deleted = jdbc.queryForList("SELECT uuid FROM backup WHERE delete_request_id = ? AND status = ?"
                + " ORDER BY id", String.class, op.uuid(), BackupStatus.EXPUNGED.apiName());
        if (op.state() != OperationState.SUCCEEDED) {
            return new Pass(deleted, Optional.ofNullable(op.error()));
        }
        Optional<ScheduleRef> s = schedules.live(scheduleId);
        return new Pass(deleted, s.isEmpty() ? Optional.empty() : deferredReason(s.get()));
    }

    /**
     * The retention operation's work: prunes the schedule's chains one at a time, each planned and marked
     * Removed under the VM's row lock, then carried out on the agent.
     */
    List<DeletionOutcome> run(Operation op, DeleteSteps.Deletion d, DeleteSteps steps) throws InterruptedException,
            DeleteSteps.StepFailed {
        Optional<ScheduleRef> live = schedules.live(op.payload().requireLong(SCHEDULE));
        List<DeletionOutcome> deleted = new ArrayList<>();
        if (live.isEmpty()) {
            return deleted;
        }
        ScheduleRef s = live.get();
        for (int i = 0; i < CHAINS_PER_PASS; i++) {
            Optional<ChainPrune> prune = tx.execute(st -> {
                vms.lock(s.vmId());
                Optional<ChainPrune> next = nextPrune(s);
                next.ifPresent(p -> deleter.markRemoved(p.plan().steps(), clock.instant(), op.uuid()));
                return next;
            });
            if (prune == null || prune.isEmpty()) {
                return deleted;
            }
            Long chainId = backups.byId(prune.get().plan().outcomes().get(0).backupId()).chainId();
            try {
                steps.run(d, prune.get().chainLinks(), prune.get().plan());
            } finally {
                if (chainId != null) {
                    tx.executeWithoutResult(st -> deletes.renumber(chainId));
                }
            }
            LOG.info("Retention of backup schedule {} of VM {} (maxbackups {}): {}", s.uuid(), s.vmName(),
                    s.maxBackups(), prune.get().plan().outcomes());
            deleted.addAll(prune.get().plan().outcomes());
        }
        LOG.warn("Retention of backup schedule {} of VM {} stopped after {} chains; its next pass continues", s.uuid(),
                s.vmName(), CHAINS_PER_PASS);
        return deleted;
    }

    /** What retention would do to the schedule's backups now; empty when the schedule keeps all. */
    public RetentionPlan plan(ScheduleRef s) {
        return RetentionPolicy.plan(chains(s.id()), s.maxBackups() == null ? 0 : s.maxBackups());
    }

    /** One chain to prune: its links as planned on, oldest first, and the plan. */
    private record ChainPrune(List<ChainLink> chainLinks, PrunePlan plan) {
    }

    /** The first chain to prune now, with the links it was planned on; called under the VM's row lock. */
    private Optional<ChainPrune> nextPrune(ScheduleRef s) {
        List<BackupChain> chains = chains(s.id());
        RetentionPlan plan = RetentionPolicy.plan(chains, s.maxBackups() == null ? 0 : s.maxBackups());
        if (plan.plans().isEmpty()) {
            return Optional.empty();
        }
        PrunePlan first = plan.plans().get(0);
        long doomed = first.outcomes().get(0).backupId();
        BackupChain chain = chains.stream().filter(c -> c.link(doomed).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("a planned backup is in none of the chains of schedule "
                        + s.uuid()));
        return Optional.of(new ChainPrune(chain.links(), first));
    }

    private Optional<String> deferredReason(ScheduleRef s) {
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
