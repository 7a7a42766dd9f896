package io.kboss.server.operation.engine;

import io.kboss.server.config.InLists;
import io.kboss.server.operation.ListedOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationSearch;
import io.kboss.server.operation.OperationState;
import io.kboss.server.operation.Payload;
import io.kboss.server.operation.domain.OperationRequest;
import io.kboss.server.operation.domain.RunningOperation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code operation} table: the only SQL of the queue. Every change of a row's state is a
 * conditional UPDATE on the state (and the version where a server's ownership matters); the row
 * count tells the caller whether it won.
 */
public class OperationRows {
    private static final Logger LOG = LoggerFactory.getLogger(OperationRows.class);

    static final String COLUMNS = "id, uuid, kind, origin, vm_id, host_id, zone_id, backup_id, state, priority,"
            + " attempts, payload, enqueued, started, agent_job_id, version, error, exclusive_scope";
    /** {@link #COLUMNS} of {@code operation o}, with its host's ({@code host h}) cluster and zone. */
    private static final String PLACED_COLUMNS = "o." + COLUMNS.replace(", ", ", o.")
            + ", h.cluster_id, h.zone_id AS host_zone_id";
    private static final int MAX_ERROR = 4096;

    private final JdbcTemplate jdbc;

    public OperationRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A row and its version.
     *
     * @param holdsVm whether its kind holds its VM alone (VM exclusivity): only such rows make a VM busy in
     *     admission; a kind that holds a backup leaves the VM free for other work
     */
    record Row(Operation operation, long version, boolean holdsVm) {
    }

    void insert(String uuid, io.kboss.server.operation.NewOperation n, Instant now) {
        jdbc.update("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id,"
                + " backup_id, state, priority, attempts, next_attempt, version, payload, enqueued)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, 0, ?, 0, ?, ?)", uuid, n.kind().name(), n.origin(),
                n.kind().limits().name(), n.kind().exclusivity().name(), n.vmId(), n.hostId(), n.zoneId(),
                n.backupId(), n.priority(), SqlTime.of(now), n.payload().json(), SqlTime.of(now));
    }

    Optional<Row> byUuid(String uuid) {
        return one("SELECT " + COLUMNS + " FROM operation WHERE uuid = ?", uuid);
    }

    Optional<Row> byId(long id) {
        return one("SELECT " + COLUMNS + " FROM operation WHERE id = ?", id);
    }

    Optional<Row> liveOnVm(long vmId) {
        return one("SELECT " + COLUMNS + " FROM operation WHERE vm_lock = ?", vmId);
    }

    Optional<Row> liveOnBackup(long backupId) {
        return one("SELECT " + COLUMNS + " FROM operation WHERE backup_lock = ?", backupId);
    }

    List<Operation> liveOnBackups(Collection<Long> backupIds, Collection<String> kinds) {
        if (backupIds.isEmpty() || kinds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(backupIds);
        args.addAll(kinds);
        return jdbc.query("SELECT " + COLUMNS + " FROM operation WHERE backup_id IN (" + InLists.marks(backupIds.size())
                + ") AND kind IN (" + InLists.marks(kinds.size()) + ") AND state IN ('QUEUED', 'RUNNING')",
                (rs, i) -> row(rs).operation(), args.toArray());
    }

    /** started and ended of the newest SUCCEEDED operation of the kind on each backup that has one. */
    Map<Long, OperationQueue.WorkTimes> succeededOnBackups(Collection<Long> backupIds, String kind) {
        Map<Long, OperationQueue.WorkTimes> out = new HashMap<>();
        if (backupIds.isEmpty()) {
            return out;
        }
        List<Object> args = new ArrayList<>(backupIds);
        args.add(kind);
        jdbc.query("SELECT backup_id, started, ended FROM operation WHERE backup_id IN ("
                + InLists.marks(backupIds.size())
                + ") AND kind = ? AND state = 'SUCCEEDED' AND started IS NOT NULL AND ended IS NOT NULL ORDER BY id",
                rs -> {
                    out.put(rs.getLong(1), new OperationQueue.WorkTimes(rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant()));
                }, args.toArray());
        return out;
    }

    /** The cluster of a host, when it has one. */
    Optional<Long> clusterOfHost(long hostId) {
        return jdbc.query("SELECT cluster_id FROM host WHERE id = ?", (rs, i) -> rs.getObject(1, Long.class), hostId)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    List<Operation> liveOnHost(long hostId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM operation WHERE host_id = ? AND state IN ('QUEUED', 'RUNNING')"
                + " ORDER BY id", (rs, i) -> row(rs).operation(), hostId);
    }

    /** A page of operations, newest first, and the total the search names. */
    OperationQueue.OperationPage search(OperationSearch q) {
        StringBuilder where = new StringBuilder(" WHERE kind IN (" + InLists.marks(q.kinds().size()) + ")");
        List<Object> args = new ArrayList<>(q.kinds());
        if (q.uuid() != null) {
            where.append(" AND uuid = ?");
            args.add(q.uuid());
        }
        if (q.backupId() != null) {
            where.append(" AND backup_id = ?");
            args.add(q.backupId());
        }
        if (q.hostId() != null) {
            where.append(" AND host_id = ?");
            args.add(q.hostId());
        }
        if (q.zoneId() != null) {
            where.append(" AND zone_id = ?");
            args.add(q.zoneId());
        }
        if (q.vmAccountId() != null) {
            where.append(" AND vm_id IN (SELECT id FROM vm_instance WHERE account_id = ?)");
            args.add(q.vmAccountId());
        }
        if (!q.states().isEmpty()) {
            where.append(" AND state IN (").append(InLists.marks(q.states().size())).append(")");
            q.states().forEach(st -> args.add(st.name()));
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM operation" + where, Long.class, args.toArray());
        List<Object> page = new ArrayList<>(args);
        page.add(q.limit());
        page.add(q.offset());
        List<ListedOperation> items = jdbc.query("SELECT " + COLUMNS + ", next_attempt, ended, progress_done,"
                + " progress_total, progress_phase FROM operation" + where
                + " ORDER BY id DESC LIMIT ? OFFSET ?",
                (rs, i) -> new ListedOperation(row(rs).operation(),
                        SqlTime.read(rs, "next_attempt"), SqlTime.read(rs, "ended"), progress(rs)),
                page.toArray());
        return new OperationQueue.OperationPage(total == null ? 0 : total, items);
    }

    /** What runs in a group now, as admission counts it, with the place of each one's host. */
    List<Running> running(String group) {
        // A VM counts as held only by a kind that holds its VM alone (a kind holding a backup leaves it free).
        return jdbc.query("SELECT o.id, CASE WHEN o.exclusive_scope = 'VM' THEN o.vm_id END, o.host_id, o.zone_id,"
                + " o.kind, h.cluster_id, h.zone_id AS host_zone_id FROM operation o LEFT JOIN host h"
                + " ON h.id = o.host_id WHERE o.state = 'RUNNING' AND o.limit_group = ?",
                (rs, i) -> new Running(new RunningOperation(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5)), place(rs)),
                group);
    }

    /** A running operation and its host's place (null without a host). */
    record Running(RunningOperation operation, HostPlace place) {
    }

    /** A queued row and its host's place (null without a host). */
    record Candidate(Row row, HostPlace place) {
    }

    /**
     * The first queued rows of a group in claim order, skipping kinds switched off or at their own cloud-wide
     * limit, rows waiting for a retry, hosts and zones that cannot take more now, and per kind the hosts and
     * zones where the kind is at its own limit ({@code kindHosts}, {@code kindZones}: kind to ids). The lists of
     * hosts and zones are padded (see {@link InLists#padded}) so that the statement's text, and its prepared
     * statement, repeats.
     */
    List<Candidate> candidates(String group, Collection<String> kinds, Instant now, Collection<Long> excludedHosts,
            Collection<Long> excludedZones, Map<String, ? extends Collection<Long>> kindHosts,
            Map<String, ? extends Collection<Long>> kindZones, int limit) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + PLACED_COLUMNS + " FROM operation o LEFT JOIN host h"
                + " ON h.id = o.host_id WHERE o.state = 'QUEUED' AND o.limit_group = ? AND o.kind IN ("
                + InLists.marks(kinds.size()) + ") AND o.next_attempt <= ?");
        List<Object> args = new ArrayList<>();
        args.add(group);
        args.addAll(kinds);
        args.add(SqlTime.of(now));
        if (!excludedHosts.isEmpty()) {
            List<Long> hosts = InLists.padded(excludedHosts);
            sql.append(" AND (o.host_id IS NULL OR o.host_id NOT IN (").append(InLists.marks(hosts.size()))
                    .append("))");
            args.addAll(hosts);
        }
        if (!excludedZones.isEmpty()) {
            List<Long> zones = InLists.padded(excludedZones);
            sql.append(" AND o.zone_id NOT IN (").append(InLists.marks(zones.size())).append(")");
            args.addAll(zones);
        }
        // A kind's full hosts and zones: rows of other kinds there stay candidates. In a sorted order, so that
        // the same exclusions give the same text.
        for (Map.Entry<String, ? extends Collection<Long>> e : new TreeMap<>(kindHosts).entrySet()) {
            List<Long> hosts = InLists.padded(e.getValue());
            sql.append(" AND (o.kind <> ? OR o.host_id IS NULL OR o.host_id NOT IN (")
                    .append(InLists.marks(hosts.size())).append("))");
            args.add(e.getKey());
            args.addAll(hosts);
        }
        for (Map.Entry<String, ? extends Collection<Long>> e : new TreeMap<>(kindZones).entrySet()) {
            List<Long> zones = InLists.padded(e.getValue());
            sql.append(" AND (o.kind <> ? OR o.zone_id NOT IN (").append(InLists.marks(zones.size())).append("))");
            args.add(e.getKey());
            args.addAll(zones);
        }
        sql.append(" ORDER BY o.priority DESC, o.enqueued, o.id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Candidate(row(rs), place(rs)), args.toArray());
    }

    /**
     * Which of the groups have a queued row claimable at {@code now}, in one statement: a pass claims only in
     * those. Each group's probe stops at its first such row in {@code i_operation_queue}.
     */
    Set<String> groupsWithQueued(Collection<String> groups, Instant now) {
        Set<String> out = new HashSet<>();
        if (groups.isEmpty()) {
            return out;
        }
        List<Object> args = new ArrayList<>();
        List<String> probes = new ArrayList<>();
        for (String g : groups) {
            probes.add("(SELECT limit_group FROM operation WHERE state = 'QUEUED' AND limit_group = ? AND next_attempt"
                    + " <= ? LIMIT 1)");
            args.add(g);
            args.add(SqlTime.of(now));
        }
        jdbc.query(String.join(" UNION ALL ", probes), rs -> {
            out.add(rs.getString(1));
        }, args.toArray());
        return out;
    }

    /** The queued rows of a group ahead of (and including) the given one: whom it waits behind. */
    List<Candidate> queuedAhead(String group, Operation op, int limit) {
        return jdbc.query("SELECT " + PLACED_COLUMNS + " FROM operation o LEFT JOIN host h ON h.id = o.host_id"
                + " WHERE o.state = 'QUEUED' AND o.limit_group = ? AND (o.priority > ? OR (o.priority = ? AND"
                + " (o.enqueued < ? OR (o.enqueued = ? AND o.id <= ?)))) ORDER BY o.priority DESC, o.enqueued, o.id"
                + " LIMIT ?", (rs, i) -> new Candidate(row(rs), place(rs)), group, op.priority(), op.priority(),
                SqlTime.of(op.enqueued()), SqlTime.of(op.enqueued()), op.id(), limit);
    }

    /**
     * The claim: QUEUED to RUNNING for this server, in one statement, of each row nobody changed since it
     * was read (its state and version as read).
     *
     * @return the ids claimed: all of them unless a row changed meanwhile (cancelled, or ended overdue)
     */
    Set<Long> claim(Collection<Row> read, long serverId, Instant now) {
        if (read.isEmpty()) {
            return Set.of();
        }
        List<Row> padded = InLists.padded(read);
        String sql = "UPDATE operation SET state = 'RUNNING', picked_by = ?, heartbeat = ?,"
                + " started = COALESCE(started, ?), attempts = attempts + 1, version = version + 1"
                + " WHERE state = 'QUEUED' AND id IN (" + InLists.marks(padded.size()) + ") AND (id, version) IN ("
                + String.join(", ", Collections.nCopies(padded.size(), "(?, ?)")) + ")";
        List<Object> args = new ArrayList<>(List.of(serverId, SqlTime.of(now), SqlTime.of(now)));
        padded.forEach(r -> args.add(r.operation().id()));
        padded.forEach(r -> {
            args.add(r.operation().id());
            args.add(r.version());
        });
        int updated = jdbc.update(sql, args.toArray());
        Set<Long> claimed = new LinkedHashSet<>();
        if (updated == read.size()) {
            read.forEach(r -> claimed.add(r.operation().id()));
            return claimed;
        }
        // A row changed between the read and the claim: the rows this statement claimed are the ones running
        // for this server now at the version after the one read (a version only grows).
        Map<Long, Long> versionRead = new HashMap<>();
        read.forEach(r -> versionRead.put(r.operation().id(), r.version()));
        List<Object> ids = new ArrayList<>(versionRead.keySet());
        String which = "SELECT id, version FROM operation WHERE id IN (" + InLists.marks(ids.size())
                + ") AND state = 'RUNNING'"
                + " AND picked_by = ?";
        ids.add(serverId);
        jdbc.query(which, rs -> {
            long id = rs.getLong(1);
            if (rs.getLong(2) == versionRead.get(id) + 1) {
                claimed.add(id);
            }
        }, ids.toArray());
        return claimed;
    }

    /** Locks the row if this server still owns it as claimed; false when another server took it over. */
    boolean lockOwned(long id, long serverId, long version) {
        return !jdbc.queryForList("SELECT id FROM operation WHERE id = ? AND state = 'RUNNING' AND picked_by = ?"
                + " AND version = ? FOR UPDATE", Long.class, id, serverId, version).isEmpty();
    }

    void end(long id, OperationState state, String error, String resultJson, Instant now) {
        jdbc.update("UPDATE operation SET state = ?, error = ?, result = ?, ended = ?, version = version + 1,"
                + " progress_done = NULL, progress_total = NULL, progress_phase = NULL WHERE id = ?", state.name(),
                truncate(error), resultJson, SqlTime.of(now), id);
    }

    /** An attempt that failed retriably: queued again (still holding its VM), claimable after {@code next}. */
    void requeue(long id, String error, Instant next) {
        jdbc.update("UPDATE operation SET state = 'QUEUED', picked_by = NULL, heartbeat = NULL, next_attempt = ?,"
                + " error = ?, version = version + 1, progress_done = NULL, progress_total = NULL,"
                + " progress_phase = NULL WHERE id = ?", SqlTime.of(next), truncate(error), id);
    }

    /**
     * A running attempt's progress, written only while the row runs (a late report after its end is
     * dropped). Not versioned: whichever server follows the agent job reports it.
     */
    void progress(long id, long done, long total, String phase) {
        jdbc.update("UPDATE operation SET progress_done = ?, progress_total = ?, progress_phase = ? WHERE id = ?"
                + " AND state = 'RUNNING'", done, total,
                phase == null
                        ? null
                        : phase.length() <= 255
                                ? phase
                                : phase.substring(0, 252) + "...",
                id);
    }

    private static ListedOperation.Progress progress(ResultSet rs) throws SQLException {
        Long total = rs.getObject("progress_total", Long.class);
        if (total == null) {
            return null;
        }
        Long done = rs.getObject("progress_done", Long.class);
        return new ListedOperation.Progress(done == null ? 0 : done, total, rs.getString("progress_phase"));
    }

    /** Locks a queued row unless it changed since it was read (claimed, cancelled); false then. */
    boolean lockQueued(long id, long version) {
        return !jdbc.queryForList("SELECT id FROM operation WHERE id = ? AND state = 'QUEUED' AND version = ?"
                + " FOR UPDATE", Long.class, id, version).isEmpty();
    }

    /** The operation an async job is the view of. */
    Optional<Row> byJob(String asyncJobUuid) {
        return one("SELECT o." + COLUMNS.replace(", ", ", o.") + " FROM operation o JOIN async_job j ON j.operation_id"
                + " = o.id WHERE j.uuid = ?", asyncJobUuid);
    }

    /**
     * Records a cancel request on a running row; false when the row is no longer running or already has
     * one. Not versioned: the row's owner reads the request, whoever owns it.
     */
    boolean requestCancel(long id, String by, Instant now) {
        return jdbc.update("UPDATE operation SET cancel_requested_by = ?, cancel_requested = ? WHERE id = ? AND state"
                + " = 'RUNNING' AND cancel_requested_by IS NULL", truncate(by), SqlTime.of(now), id) == 1;
    }

    /** Who asked to cancel the operation, if anybody did. */
    Optional<String> cancelRequestedBy(long id) {
        return jdbc.queryForList("SELECT cancel_requested_by FROM operation WHERE id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    void recordAgentJob(long id, String agentJobId) {
        jdbc.update("UPDATE operation SET agent_job_id = ? WHERE id = ?", agentJobId, id);
    }

    /**
     * This server is alive and still follows these rows: one short UPDATE per row, by primary key. One
     * statement over all of them would hold some rows' locks while waiting for another's, held by that
     * row's ending transaction, which may wait on the first (the queue benchmark saw both deadlocks: a
     * range UPDATE over (picked_by, state), then an UPDATE of the ids together).
     */
    int heartbeat(long serverId, Instant now) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM operation WHERE picked_by = ? AND state = 'RUNNING'",
                Long.class, serverId);
        int beaten = 0;
        for (long id : ids) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                try {
                    beaten += jdbc.update("UPDATE operation SET heartbeat = ? WHERE id = ? AND picked_by = ? AND"
                            + " state = 'RUNNING'", SqlTime.of(now), id, serverId);
                    break;
                } catch (ConcurrencyFailureException e) {
                    // The row's end (or a claim beside it) won a lock race; the beat of one row can wait for
                    // the next try, or the next heartbeat: the lease is several heartbeats long.
                    if (attempt == 3) {
                        LOG.debug("Heartbeat of operation row {} lost three lock races; the next one renews it", id,
                                e);
                    }
                }
            }
        }
        return beaten;
    }

    /** At an orderly stop: this server's running rows are anybody's to adopt at once. */
    int handBack(long serverId) {
        return jdbc.update("UPDATE operation SET picked_by = NULL, heartbeat = NULL WHERE picked_by = ?"
                + " AND state = 'RUNNING'",
                serverId);
    }

    /** One running row of this server is anybody's to adopt at once (its runner failed). */
    void handBack(long id, long serverId, long version) {
        jdbc.update("UPDATE operation SET picked_by = NULL, heartbeat = NULL WHERE id = ? AND picked_by = ?"
                + " AND version = ?"
                + " AND state = 'RUNNING'", id, serverId, version);
    }

    /**
     * Running rows nobody follows: their server's heartbeat is older than {@code staleBefore} (or was
     * handed back), or the server is an earlier incarnation of this one, of kinds this server runs.
     */
    List<Row> orphans(Instant staleBefore, Collection<Long> deadServers, Collection<String> kinds, int limit) {
        if (kinds.isEmpty() || limit < 1) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(SqlTime.of(staleBefore));
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM operation WHERE state = 'RUNNING'"
                + " AND (heartbeat IS NULL OR heartbeat < ?");
        if (!deadServers.isEmpty()) {
            sql.append(" OR picked_by IN (").append(InLists.marks(deadServers.size())).append(")");
            args.addAll(deadServers);
        }
        sql.append(") AND kind IN (").append(InLists.marks(kinds.size())).append(") ORDER BY heartbeat, id LIMIT ?");
        args.addAll(kinds);
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> row(rs), args.toArray());
    }

    /** Takes over a running row; false when another server adopted (or ended) it first. */
    boolean adopt(long id, long version, long serverId, Instant now) {
        return jdbc.update("UPDATE operation SET picked_by = ?, heartbeat = ?, version = version + 1"
                + " WHERE id = ? AND state = 'RUNNING' AND version = ?", serverId, SqlTime.of(now), id, version) == 1;
    }

    /**
     * The (kind, zone) pairs that have queued rows, with the oldest time one of them could first be claimed
     * (its enqueue, or after a failed attempt its next attempt): queue waits count from there.
     */
    record QueuedScope(String kind, long zoneId, Instant oldest) {
    }

    List<QueuedScope> queuedScopes() {
        return jdbc.query("SELECT kind, zone_id, MIN(next_attempt) FROM operation WHERE state = 'QUEUED'"
                + " GROUP BY kind, zone_id",
                (rs, i) -> new QueuedScope(rs.getString(1), rs.getLong(2),
                        rs.getTimestamp(3).toInstant()));
    }

    List<Row> queuedBefore(String kind, long zoneId, Instant before, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM operation WHERE state = 'QUEUED' AND kind = ? AND zone_id = ?"
                + " AND next_attempt < ? ORDER BY next_attempt, id LIMIT ?", (rs, i) -> row(rs), kind, zoneId,
                SqlTime.of(before), limit);
    }

    /**
     * The VMs among {@code vmIds} on which an operation of one of {@code kinds} runs now, with those kinds:
     * what keeps a conflicting kind's operations on them queued.
     */
    Map<Long, Set<String>> runningOnVms(Collection<Long> vmIds, Collection<String> kinds) {
        Map<Long, Set<String>> out = new HashMap<>();
        if (vmIds.isEmpty() || kinds.isEmpty()) {
            return out;
        }
        List<Object> args = new ArrayList<>(vmIds);
        args.addAll(kinds);
        jdbc.query(
                "SELECT vm_id, kind FROM operation WHERE state = 'RUNNING' AND vm_id IN (" + InLists.marks(vmIds.size())
                        + ") AND kind IN (" + InLists.marks(kinds.size()) + ")",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), v -> new HashSet<>()).add(rs.getString(2));
                }, args.toArray());
        return out;
    }

    /** Hosts that are Down now. */
    List<Long> downHosts() {
        return jdbc.queryForList("SELECT id FROM host WHERE status = 'Down' AND removed IS NULL", Long.class);
    }

    /**
     * Queued rows of {@code kinds} whose turn has come (none waiting for its retry interval) but that wait on a
     * host that cannot take them now ({@code stuckHosts}: Down, or at their group's per-host limit), or whose
     * VM is on another host now than the one they wait on; in claim order. The rows {@link QueuedPlacement}
     * offers to their kinds' placements.
     */
    List<Row> misplaced(Collection<String> kinds, Instant now, Collection<Long> stuckHosts, int limit) {
        if (kinds.isEmpty() || limit < 1) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT o." + COLUMNS.replace(", ", ", o.") + " FROM operation o"
                + " LEFT JOIN vm_instance v ON v.id = o.vm_id WHERE o.state = 'QUEUED' AND o.kind IN ("
                + InLists.marks(kinds.size())
                + ") AND o.next_attempt <= ? AND ((v.host_id IS NOT NULL AND o.host_id IS NOT NULL"
                + " AND v.host_id <> o.host_id)");
        List<Object> args = new ArrayList<>(kinds);
        args.add(SqlTime.of(now));
        if (!stuckHosts.isEmpty()) {
            sql.append(" OR o.host_id IN (").append(InLists.marks(stuckHosts.size())).append(")");
            args.addAll(stuckHosts);
        }
        sql.append(") ORDER BY o.priority DESC, o.enqueued, o.id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> row(rs), args.toArray());
    }

    /**
     * Moves a queued row to another host's queue; false when it changed since it was read (claimed, cancelled
     * or moved by another server). The version is bumped, so a claim that read the row before fails its
     * conditional UPDATE (it admitted the row on its old host) and reads it again.
     */
    boolean moveQueued(long id, long version, long hostId) {
        return jdbc.update("UPDATE operation SET host_id = ?, version = version + 1 WHERE id = ? AND state = 'QUEUED'"
                + " AND version = ?", hostId, id, version) == 1;
    }

    /** A host's cluster and zone, for the scope its per-host limit is read at. */
    record HostPlace(long id, Long clusterId, long zoneId) {
    }

    /** The joined host's place ({@code h.cluster_id}, {@code host_zone_id}); null for a row without a host. */
    private static HostPlace place(ResultSet rs) throws SQLException {
        Long host = rs.getObject("host_id", Long.class);
        return host == null
                ? null
                : new HostPlace(host, rs.getObject("cluster_id", Long.class), rs.getLong("host_zone_id"));
    }

    /** Locks a group's row for the rest of the transaction (the claim's serialization point). */
    void lockGroup(String group) {
        if (jdbc.queryForList("SELECT name FROM operation_limit_group WHERE name = ? FOR UPDATE", String.class, group)
                .isEmpty()) {
            throw new IllegalStateException("limit group " + group + " has no lock row; the framework inserts one "
                    + "for every group at start-up");
        }
    }

    void ensureGroup(String group) {
        jdbc.update("INSERT IGNORE INTO operation_limit_group (name) VALUES (?)", group);
    }

    static OperationRequest request(Row r) {
        Operation o = r.operation();
        return new OperationRequest(o.id(), o.vmId() == null || !r.holdsVm() ? 0 : o.vmId(),
                o.hostId() == null ? 0 : o.hostId(),
                o.zoneId(), o.kind(), o.priority(), o.enqueued());
    }

    private Optional<Row> one(String sql, Object arg) {
        return jdbc.query(sql, (rs, i) -> row(rs), arg).stream().findFirst();
    }

    static Row row(ResultSet rs) throws SQLException {
        Operation o = new Operation(rs.getLong("id"), rs.getString("uuid"), rs.getString("kind"),
                rs.getString("origin"), rs.getObject("vm_id", Long.class), rs.getObject("host_id", Long.class),
                rs.getLong("zone_id"), rs.getObject("backup_id", Long.class),
                OperationState.valueOf(rs.getString("state")), rs.getInt("priority"), rs.getInt("attempts"),
                Payload.parse(rs.getString("payload")), SqlTime.read(rs, "enqueued"), SqlTime.read(rs, "started"),
                rs.getString("agent_job_id"), rs.getString("error"));
        return new Row(o, rs.getLong("version"), "VM".equals(rs.getString("exclusive_scope")));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 3) + "...";
    }
}
