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
import java.sql.Timestamp;
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
    /** The payload fields of a backup job's retention: the job (keep last N) and the VM whose backups it prunes. */
    static final String JOB = "backupJobId";
    static final String VM = "vmId";
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

    /**
     * What one retention pass prunes: the chains of one key (a schedule's, or a backup job's on one VM) down
     * to the newest {@code keep} backups.
     *
     * @param label what logs call it: "backup schedule <uuid>" or "backup job <uuid>"
     * @param keep  how many to keep; null keeps all
     */
    private record Scope(ChainKey key, String label, long vmId, String vmName, Integer keep, Payload payload) {
        static Scope of(ScheduleRef s) {
            return new Scope(ChainKey.schedule(s.id()), "backup schedule " + s.uuid(), s.vmId(), s.vmName(),
                    s.maxBackups(), Payload.EMPTY.with(SCHEDULE, s.id()));
        }

        int keepOrAll() {
            return keep == null ? 0 : keep;
        }
    }

    /** After a backup ended BackedUp: retention of the schedule that fired it or the backup job that took it. */
    public void afterBackup(BackupRecord b) {
        if (b.scheduleId() != null) {
            request(b.scheduleId());
        } else if (b.jobId() != null) {
            requestForJob(b.jobId(), b.vmId());
        }
    }

    /**
     * Queues the retention of a backup job's backups of one VM (the job's keep last N) if some are past it
     * now. Never throws, like {@link #request}.
     */
    public Requested requestForJob(long jobId, long vmId) {
        Optional<Scope> scope = jobScope(jobId, vmId);
        return scope.isEmpty() ? new Requested(null, null) : request(scope.get());
    }

    /** A live job's scope on the VM; empty when the job is deleted or keeps all its backups. */
    private Optional<Scope> jobScope(long jobId, long vmId) {
        List<Scope> found = jdbc.query("SELECT uuid, keep_last FROM backup_job WHERE id = ? AND removed IS NULL"
                + " AND keep_last IS NOT NULL",
                (rs, i) -> new Scope(ChainKey.job(jobId), "backup job "
                        + rs.getString(1), vmId, vms.byId(vmId).name(), rs.getInt(2),
                        Payload.EMPTY.with(JOB, jobId)
                                .with(VM, vmId)),
                jobId);
        return found.stream().findFirst();
    }

    /** The scope a retention operation's payload names; empty when its schedule or job is gone. */
    private Optional<Scope> scope(Payload p) {
        if (p.string(JOB).isPresent()) {
            return jobScope(p.requireLong(JOB), p.requireLong(VM));
        }
        return schedules.live(p.requireLong(SCHEDULE)).map(Scope::of);
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
            return request(Scope.of(live.get()));
        } catch (RuntimeException e) {
            LOG.error("Retention of backup schedule {} could not be queued; its next pass tries again", scheduleId, e);
            return new Requested(null, String.valueOf(e.getMessage()));
        }
    }

    private Requested request(Scope s) {
        try {
            Operation op = Transactions.run(tx, () -> {
                VmRef vm = vms.lock(s.vmId());
                if (plan(s).plans().isEmpty()) {
                    return null;
                }
                return queue.enqueue(NewOperation.of(BackupOperations.DELETE, Origin.RETENTION)
                        .on(vm.id(), vm.hostId(), vm.zoneId()).payload(s.payload()));
            });
            return new Requested(op, op == null ? deferredReason(s).orElse(null) : null);
        } catch (ApiException e) {
            LOG.info("Retention of {} waits: {}; its next pass deletes what is past its limit", s.label(),
                    e.getMessage());
            return new Requested(null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Retention of {} could not be queued; its next pass tries again", s.label(), e);
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
        // What this pass expunged: the schedule's backups that became Expunged while it ran (nothing else
        // deletes the VM's backups meanwhile: one operation per VM). A backup an earlier, failed pass left
        // Removed keeps that pass's delete_request_id, so the request id cannot tell.
        List<String> deleted = jdbc.queryForList("SELECT uuid FROM backup WHERE schedule_id = ? AND status = ? AND"
                + " updated >= ? ORDER BY id", String.class, scheduleId, BackupStatus.EXPUNGED.apiName(),
                Timestamp.from(op.started() == null ? op.enqueued() : op.started()));
        if (op.state() != OperationState.SUCCEEDED) {
            return new Pass(deleted, Optional.ofNullable(op.error()));
        }
        Optional<ScheduleRef> s = schedules.live(scheduleId);
        return new Pass(deleted, s.isEmpty() ? Optional.empty() : deferredReason(Scope.of(s.get())));
    }

    /**
     * The retention operation's work: prunes the schedule's chains one at a time, each planned and marked
     * Removed under the VM's row lock, then carried out on the agent.
     */
    List<DeletionOutcome> run(Operation op, DeleteSteps.Deletion d, DeleteSteps steps) throws InterruptedException,
            DeleteSteps.StepFailed {
        Optional<Scope> live = scope(op.payload());
        List<DeletionOutcome> deleted = new ArrayList<>();
        if (live.isEmpty()) {
            return deleted;
        }
        Scope s = live.get();
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
            LOG.info("Retention of {} of VM {} (keeps {}): {}", s.label(), s.vmName(), s.keep(),
                    prune.get().plan().outcomes());
            deleted.addAll(prune.get().plan().outcomes());
        }
        LOG.warn("Retention of {} of VM {} stopped after {} chains; its next pass continues", s.label(),
                s.vmName(), CHAINS_PER_PASS);
        return deleted;
    }

    /** What retention would do to the schedule's backups now; empty when the schedule keeps all. */
    public RetentionPlan plan(ScheduleRef s) {
        return plan(Scope.of(s));
    }

    private RetentionPlan plan(Scope s) {
        return RetentionPolicy.plan(chains(s), s.keepOrAll());
    }

    /** One chain to prune: its links as planned on, oldest first, and the plan. */
    private record ChainPrune(List<ChainLink> chainLinks, PrunePlan plan) {
    }

    /** The first chain to prune now, with the links it was planned on; called under the VM's row lock. */
    private Optional<ChainPrune> nextPrune(Scope s) {
        List<BackupChain> chains = chains(s);
        RetentionPlan plan = RetentionPolicy.plan(chains, s.keepOrAll());
        if (plan.plans().isEmpty()) {
            return Optional.empty();
        }
        PrunePlan first = plan.plans().get(0);
        long doomed = first.outcomes().get(0).backupId();
        BackupChain chain = chains.stream().filter(c -> c.link(doomed).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("a planned backup is in none of the chains of "
                        + s.label()));
        return Optional.of(new ChainPrune(chain.links(), first));
    }

    private Optional<String> deferredReason(Scope s) {
        RetentionPlan plan = plan(s);
        if (plan.deferred().isEmpty()) {
            return Optional.empty();
        }
        String why = plan.deferred().size() + " chain(s) with backups past " + (s.key().jobId() != null
                ? "keeplast"
                : "maxbackups") + " have a backup being written or read";
        LOG.info("Retention of {} of VM {} waits: {}; its next pass deletes them", s.label(), s.vmName(), why);
        return Optional.of(why);
    }

    /**
     * The schedule's chains as retention sees them: their links in order. Disks and chain ends play no
     * part in retention and are left empty; an isolated backup is a chain of one.
     */
    private List<BackupChain> chains(Scope s) {
        Map<String, List<ChainLink>> byChain = new LinkedHashMap<>();
        String where = s.key().jobId() != null ? "backup_job_id = ? AND vm_id = ?" : "schedule_id = ?";
        Object[] args = s.key().jobId() != null
                ? new Object[]{s.key().jobId(), s.vmId()}
                : new Object[]{s.key().scheduleId()};
        jdbc.query("SELECT id, status, checkpoint_name, created, chain_id FROM backup WHERE " + where
                + " AND status NOT IN ('Expunged') ORDER BY chain_id, position, id", rs -> {
                    long chain = rs.getLong(5);
                    String key = rs.wasNull() ? "isolated-" + rs.getLong(1) : "chain-" + chain;
                    byChain.computeIfAbsent(key, k -> new ArrayList<>()).add(new ChainLink(rs.getLong(1),
                            BackupStatus.fromApiName(rs.getString(2)), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }, args);
        List<BackupChain> chains = new ArrayList<>();
        byChain.values().forEach(links -> chains.add(new BackupChain(s.key(), links, DiskSet.of(),
                Optional.empty())));
        return chains;
    }

}
