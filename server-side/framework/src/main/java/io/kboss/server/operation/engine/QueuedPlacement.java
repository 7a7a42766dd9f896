package io.kboss.server.operation.engine;

import io.kboss.server.operation.Housekeeping;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.Placement;
import io.kboss.server.settings.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places queued operations again when their turn comes and the host they wait on cannot take them, for the
 * kinds whose handler has a {@link Placement} (compression, validation). A claim leaves out the rows of a
 * Down host and of a host at its group's per-host limit, and an operation was placed when it was queued, so
 * without this a compression queued (or, after a failed attempt, queued again) on a host that then went
 * Down would wait for that host for ever, and a validation would go on trying the host its VM has left.
 *
 * <p>At most every {@link #EVERY}, on the dispatcher before its claims, it reads the due queued rows of those
 * kinds that wait on a Down or full host or whose VM is now elsewhere ({@link OperationRows#misplaced}), asks
 * each kind's placement where the row should wait, and moves it with a conditional UPDATE of its version: a
 * claim or cancel on another server that came first wins, and a claim that read the row before the move
 * fails its own conditional UPDATE. Nothing is locked across the pass; a failure is logged and the row is
 * looked at again at the next pass. A retry is placed at once when it is queued ({@link OperationRunner}).
 */
public class QueuedPlacement implements Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedPlacement.class);
    /** How often stuck rows are looked at: retry intervals are minutes, so a few seconds' delay costs nothing. */
    static final Duration EVERY = Duration.ofSeconds(5);
    private static final int PER_PASS = 100;

    private final OperationRows rows;
    private final OperationKinds kinds;
    private final Settings settings;
    private volatile Instant last = Instant.MIN;

    public QueuedPlacement(OperationRows rows, OperationKinds kinds, Settings settings) {
        this.rows = rows;
        this.kinds = kinds;
        this.settings = settings;
    }

    @Override
    public void housekeep(Instant now) {
        if (now.isBefore(last.plus(EVERY))) {
            return;
        }
        last = now;
        placeDue(now);
    }

    /** One pass over every limit group with placed kinds; returns how many operations it moved. */
    int placeDue(Instant now) {
        Set<Long> down = null;
        int moved = 0;
        for (LimitGroup group : kinds.groups()) {
            Map<String, Placement> placements = new HashMap<>();
            for (OperationKind k : kinds.kindsOf(group)) {
                kinds.handler(k.name()).flatMap(OperationHandler::placement).ifPresent(p -> placements.put(k.name(),
                        p));
            }
            if (placements.isEmpty()) {
                continue;
            }
            if (down == null) {
                down = new HashSet<>(rows.downHosts());
            }
            Set<Long> stuck = new HashSet<>(down);
            stuck.addAll(fullHosts(group));
            for (OperationRows.Row r : rows.misplaced(placements.keySet(), now, stuck, PER_PASS)) {
                moved += place(r, placements.get(r.operation().kind()), stuck) ? 1 : 0;
            }
        }
        return moved;
    }

    private boolean place(OperationRows.Row r, Placement placement, Set<Long> stuck) {
        Operation op = r.operation();
        try {
            Optional<Long> to = placement.hostFor(op);
            if (to.isEmpty() || to.get().equals(op.hostId()) || !rows.moveQueued(op.id(), r.version(), to.get())) {
                return false;
            }
            LOG.info("Queued {} {} moved from host {} to host {}: {}", op.kind(), op.uuid(), op.hostId(), to.get(),
                    stuck.contains(op.hostId())
                            ? "its host is Down or at its per-host limit"
                            : "its VM is on that host now");
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not place queued {} {} again; the next pass tries again", op.kind(), op.uuid(), e);
            return false;
        }
    }

    /** The hosts whose running operations of the group reach its per-host limit (read at each host's cluster). */
    private Set<Long> fullHosts(LimitGroup group) {
        if (group.perHost() == null) {
            return Set.of();
        }
        List<OperationRows.HostPlace> places = new ArrayList<>();
        Map<Long, Integer> perHost = new HashMap<>();
        for (OperationRows.Running r : rows.running(group.name())) {
            if (r.place() != null) {
                places.add(r.place());
                perHost.merge(r.place().id(), 1, Integer::sum);
            }
        }
        if (perHost.isEmpty()) {
            return Set.of();
        }
        List<OperationKind> groupKinds = kinds.kindsOf(group);
        QueueLimits limits = new QueueLimits(group, groupKinds, settings.snapshot(QueueLimits.keys(group, groupKinds)),
                places);
        Set<Long> full = new HashSet<>();
        perHost.forEach((host, n) -> {
            if (!limits.host(host).allows(n)) {
                full.add(host);
            }
        });
        return full;
    }
}
