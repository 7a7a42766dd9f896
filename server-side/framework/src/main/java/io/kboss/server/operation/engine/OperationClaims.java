package io.kboss.server.operation.engine;

import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationState;
import io.kboss.server.operation.domain.Admission;
import io.kboss.server.operation.domain.AdmissionDecision;
import io.kboss.server.operation.domain.ConcurrencyLimits;
import io.kboss.server.operation.domain.Limit;
import io.kboss.server.operation.domain.OperationRequest;
import io.kboss.server.operation.domain.RunningOperation;
import io.kboss.server.operation.domain.WaitReason;
import io.kboss.server.operation.domain.Waiting;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.SettingDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Admission and claim in one transaction, per limit group.
 *
 * <p>The transaction locks the group's row ({@code operation_limit_group}, FOR UPDATE): that lock is
 * held for the milliseconds of one claim and nobody waits on it in a loop. Under it, it counts what
 * runs, reads the limits, reads the first queued rows in claim order (leaving out hosts and zones
 * that are full or Down, kinds switched off, and the kinds, or a kind's hosts and zones, at the kind's
 * own limit: a kind at its limit does not hide other kinds queued behind it), lets {@link Admission}
 * decide, and marks each admitted row RUNNING for this server with a conditional UPDATE on its state
 * and version. Two
 * servers claiming the same group are serialized by the lock, so a limit is never exceeded; a row
 * that changed since it was read (cancelled, say) is simply not claimed: 0 rows updated is normal.
 */
public class OperationClaims {
    /** Candidates read per free worker: enough that a few blocked ones do not leave a worker idle. */
    private static final int CANDIDATES_PER_WORKER = 4;
    private static final int MIN_CANDIDATES = 16;

    private final OperationRows rows;
    private final OperationKinds kinds;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final AdmissionRecord record = new AdmissionRecord();
    private final OperationEvents events;

    public OperationClaims(OperationRows rows, OperationKinds kinds, Settings settings, TransactionOperations tx,
            Clock clock, OperationEvents events) {
        this.events = events;
        this.rows = rows;
        this.kinds = kinds;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Claims at most {@code max} admissible operations of the group's {@code kinds} for server
     * {@code serverId}.
     *
     * <p>Everything the group's lock does not protect is read before the lock is taken: the settings
     * (limits and the kinds' switches, one query), and the hosts that are Down. Under the lock, whatever
     * the batch: what runs (with its hosts' places), the first candidates (with theirs), what runs on
     * their VMs only when their kinds conflict with others, one conditional UPDATE of every admitted row,
     * the claimed operations' Started events (their subjects, owners, users, one INSERT, the matching
     * webhooks), and the commit. The lock is held for those round trips, so their number, not their cost in
     * MariaDB, bounds how fast the servers can claim together.
     */
    List<Claimed> claim(LimitGroup group, List<OperationKind> kinds, int max, long serverId) {
        if (max < 1) {
            return List.of();
        }
        Settings.Snapshot values = settings.snapshot(keys(group, kinds));
        List<String> enabled = new ArrayList<>();
        for (OperationKind k : kinds) {
            if (k.policy().enabled() == null || values.value(k.policy().enabled(), ScopeChain.GLOBAL_ONLY)) {
                enabled.add(k.name());
            }
        }
        if (enabled.isEmpty()) {
            return List.of();
        }
        Set<Long> down = new HashSet<>(rows.downHosts());
        List<Claimed> claimed = tx.execute(s -> {
            Instant now = clock.instant();
            // The group's row, and those of groups whose kinds conflict with its kinds, in one global order.
            this.kinds.lockOrder(group).forEach(rows::lockGroup);
            List<OperationRows.Running> runningRows = rows.running(group.name());
            List<RunningOperation> running = runningRows.stream().map(OperationRows.Running::operation).toList();
            List<OperationRows.HostPlace> places = new ArrayList<>();
            runningRows.forEach(r -> addPlace(places, r.place()));
            QueueLimits limits = new QueueLimits(group, kinds, values, places);
            if (!limits.cloud().allows(running.size())) {
                return List.<Claimed>of();
            }
            KindRoom room = kindRoom(running, enabled, limits);
            if (room.kinds().isEmpty()) {
                return List.<Claimed>of();
            }
            Map<Long, Integer> perHost = new HashMap<>();
            Map<Long, Integer> perZone = new HashMap<>();
            for (RunningOperation r : running) {
                perHost.merge(r.hostId(), 1, Integer::sum);
                perZone.merge(r.zoneId(), 1, Integer::sum);
            }
            Set<Long> excludedHosts = new HashSet<>(down);
            perHost.forEach((host, n) -> {
                if (!limits.host(host).allows(n)) {
                    excludedHosts.add(host);
                }
            });
            Set<Long> excludedZones = new HashSet<>();
            perZone.forEach((zone, n) -> {
                if (!limits.zone(zone).allows(n)) {
                    excludedZones.add(zone);
                }
            });
            // Reading more rows than can start only costs time under the lock: as many as this server's free
            // workers or the cloud's free slots allow, whichever is fewer, times a margin for blocked ones.
            int slots = Math.min(max, freeSlots(limits.cloud(), running.size()));
            List<OperationRows.Candidate> candidates = withoutConflicts(rows.candidates(group.name(), room.kinds(),
                    now, excludedHosts, excludedZones, room.fullHosts(), room.fullZones(),
                    Math.max(MIN_CANDIDATES, slots * CANDIDATES_PER_WORKER)));
            if (candidates.isEmpty()) {
                return List.<Claimed>of();
            }
            candidates.forEach(c -> addPlace(places, c.place()));
            QueueLimits all = new QueueLimits(group, kinds, values, places);
            Map<Long, OperationRows.Row> byId = new HashMap<>();
            List<OperationRequest> requests = new ArrayList<>();
            for (OperationRows.Candidate c : candidates) {
                byId.put(c.row().operation().id(), c.row());
                requests.add(OperationRows.request(c.row()));
            }
            AdmissionDecision d = Admission.decide(requests, running, all, down);
            List<OperationRows.Row> admitted = d.admitted().stream().limit(max).map(a -> byId.get(a.requestId()))
                    .toList();
            Set<Long> won = rows.claim(admitted, serverId, now);
            List<Claimed> out = new ArrayList<>();
            List<OperationRequest> started = new ArrayList<>();
            List<Operation> startedRows = new ArrayList<>();
            for (OperationRequest a : d.admitted()) {
                OperationRows.Row row = byId.get(a.requestId());
                if (won.contains(a.requestId())) {
                    out.add(new Claimed(running(row.operation(), now), row.version() + 1, false));
                    startedRows.add(row.operation());
                    started.add(a);
                }
            }
            // Their Started events, in this transaction as the design wants, written together: the group's lock
            // is held until the commit, so a few statements per operation here would be paid per claim.
            if (!startedRows.isEmpty()) {
                events.started(startedRows);
            }
            record.claimed(running, started);
            return out;
        });
        return claimed == null ? List.of() : claimed;
    }

    /**
     * Why a queued operation has not started (for an operation that waited too long): the decision its
     * group would take now for it and what is queued ahead of it, without claiming anything.
     */
    Optional<Waiting> whyWaiting(LimitGroup group, OperationRows.Row op) {
        Optional<Waiting> conflict = conflictOnVm(op.operation());
        if (conflict.isPresent()) {
            return conflict;
        }
        List<OperationKind> groupKinds = kinds.kindsOf(group);
        Settings.Snapshot values = settings.snapshot(QueueLimits.keys(group, groupKinds));
        List<OperationRows.Running> runningRows = rows.running(group.name());
        List<OperationRows.Candidate> ahead = rows.queuedAhead(group.name(), op.operation(), 200);
        List<OperationRows.HostPlace> places = new ArrayList<>();
        runningRows.forEach(r -> addPlace(places, r.place()));
        ahead.forEach(c -> addPlace(places, c.place()));
        ConcurrencyLimits limits = new QueueLimits(group, groupKinds, values, places);
        List<RunningOperation> running = runningRows.stream().map(OperationRows.Running::operation).toList();
        List<OperationRequest> requests = ahead.stream().map(c -> OperationRows.request(c.row())).toList();
        AdmissionDecision d = Admission.decide(requests, running, limits, new HashSet<>(rows.downHosts()));
        return d.waiting().stream().filter(w -> w.request().requestId() == op.operation().id()).findFirst();
    }

    /** The settings one claim of the group reads: its limits and its kinds' switches. */
    private static List<SettingDefinition<?>> keys(LimitGroup group, List<OperationKind> kinds) {
        List<SettingDefinition<?>> keys = new ArrayList<>(QueueLimits.keys(group, kinds));
        for (OperationKind k : kinds) {
            if (k.policy().enabled() != null) {
                keys.add(k.policy().enabled());
            }
        }
        return keys;
    }

    /**
     * Where each enabled kind can still start, by its own limits and what runs: the kinds below their
     * cloud-wide limit, and per kind the hosts and zones where it is at its limit. The candidates' read leaves
     * those out, so a kind at its limit somewhere never fills the read and hides other kinds queued behind it.
     */
    private static KindRoom kindRoom(List<RunningOperation> running, List<String> enabled, QueueLimits limits) {
        Map<String, Integer> perKind = new HashMap<>();
        Map<String, Map<Long, Integer>> perKindHost = new HashMap<>();
        Map<String, Map<Long, Integer>> perKindZone = new HashMap<>();
        for (RunningOperation r : running) {
            perKind.merge(r.kind(), 1, Integer::sum);
            perKindHost.computeIfAbsent(r.kind(), k -> new HashMap<>()).merge(r.hostId(), 1, Integer::sum);
            perKindZone.computeIfAbsent(r.kind(), k -> new HashMap<>()).merge(r.zoneId(), 1, Integer::sum);
        }
        List<String> open = new ArrayList<>();
        Map<String, Set<Long>> fullHosts = new HashMap<>();
        Map<String, Set<Long>> fullZones = new HashMap<>();
        for (String kind : enabled) {
            if (!limits.kindCloud(kind).allows(perKind.getOrDefault(kind, 0))) {
                continue;
            }
            open.add(kind);
            perKindHost.getOrDefault(kind, Map.of()).forEach((host, n) -> {
                if (!limits.kindHost(kind, host).allows(n)) {
                    fullHosts.computeIfAbsent(kind, k -> new HashSet<>()).add(host);
                }
            });
            perKindZone.getOrDefault(kind, Map.of()).forEach((zone, n) -> {
                if (!limits.kindZone(kind, zone).allows(n)) {
                    fullZones.computeIfAbsent(kind, k -> new HashSet<>()).add(zone);
                }
            });
        }
        return new KindRoom(open, fullHosts, fullZones);
    }

    /** The kinds that may start, and per kind the hosts and zones where its own limit is reached. */
    private record KindRoom(List<String> kinds, Map<String, Set<Long>> fullHosts, Map<String, Set<Long>> fullZones) {
    }

    private static void addPlace(List<OperationRows.HostPlace> places, OperationRows.HostPlace place) {
        if (place != null) {
            places.add(place);
        }
    }

    /** Free slots under the cloud-wide limit (below 1: unlimited). */
    private static int freeSlots(Limit cloud, int running) {
        return cloud.max() < 1 ? Integer.MAX_VALUE : Math.max(0, cloud.max() - running);
    }

    /**
     * The candidates less those whose VM runs an operation of a kind that conflicts with theirs (a compression
     * while a restore of the VM runs, a delete while a compression does): they stay queued, untouched, and
     * are read again at the next claim. Read under the locks of every group involved, so what it sees running
     * is all that runs.
     */
    private List<OperationRows.Candidate> withoutConflicts(List<OperationRows.Candidate> candidates) {
        Set<Long> vms = new HashSet<>();
        Set<String> conflicting = new HashSet<>();
        for (OperationRows.Candidate candidate : candidates) {
            OperationRows.Row c = candidate.row();
            Set<String> conflicts = kinds.conflicts(c.operation().kind());
            if (c.operation().vmId() != null && !conflicts.isEmpty()) {
                vms.add(c.operation().vmId());
                conflicting.addAll(conflicts);
            }
        }
        if (vms.isEmpty()) {
            return candidates;
        }
        Map<Long, Set<String>> running = rows.runningOnVms(vms, conflicting);
        List<OperationRows.Candidate> out = new ArrayList<>();
        for (OperationRows.Candidate candidate : candidates) {
            OperationRows.Row c = candidate.row();
            Set<String> onVm = c.operation().vmId() == null
                    ? Set.of()
                    : running.getOrDefault(c.operation().vmId(),
                            Set.of());
            if (onVm.stream().noneMatch(kinds.conflicts(c.operation().kind())::contains)) {
                out.add(candidate);
            }
        }
        return out;
    }

    /** A running operation of a kind that conflicts with {@code o}'s on its VM, as a reason to wait. */
    private Optional<Waiting> conflictOnVm(Operation o) {
        Set<String> conflicts = kinds.conflicts(o.kind());
        if (o.vmId() == null || conflicts.isEmpty()) {
            return Optional.empty();
        }
        return rows.runningOnVms(Set.of(o.vmId()), conflicts).getOrDefault(o.vmId(), Set.of()).stream().findFirst()
                .map(holder -> new Waiting(new OperationRequest(o.id(), o.vmId(), o.hostId() == null ? 0 : o.hostId(),
                        o.zoneId(), o.kind(), o.priority(), o.enqueued()), WaitReason.VM_BUSY, 0, null,
                        this.kinds.kind(holder).map(OperationKind::noun).orElse(holder), true));
    }

    /** What this server's claims left running at most (a check, read by tests and logs). */
    public AdmissionRecord record() {
        return record;
    }

    /** The row as the claim left it, without reading it again. */
    private static Operation running(Operation o, Instant now) {
        return new Operation(o.id(), o.uuid(), o.kind(), o.origin(), o.vmId(), o.hostId(), o.zoneId(), o.backupId(),
                OperationState.RUNNING, o.priority(), o.attempts() + 1, o.payload(), o.enqueued(),
                o.started() == null ? now : o.started(), o.agentJobId(), o.error());
    }
}
