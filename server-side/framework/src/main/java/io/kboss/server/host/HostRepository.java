package io.kboss.server.host;

import io.kboss.server.host.domain.HostHealth;
import io.kboss.server.host.domain.HostStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code host} table. The sealed channel key is read only by {@link #sealedChannelKey}: no
 * listing query selects it, so it cannot end up in an answer or a log by accident.
 */
@Component
public class HostRepository {
    private static final String COLUMNS = "h.id, h.uuid, h.name, h.zone_id, z.uuid, z.name, h.cluster_id, c.uuid, c.name,"
            + " h.url, h.address, h.port, h.agent_id, h.agent_version, h.libvirt_version, h.qemu_version, h.cpus,"
            + " h.memory_bytes, h.status, h.missed_pings, h.last_contact, h.created";
    private static final String FROM = " FROM host h JOIN zone z ON z.id = h.zone_id"
            + " LEFT JOIN cluster c ON c.id = h.cluster_id";

    private final JdbcTemplate jdbc;

    public HostRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A host as the API and the monitor see it; never the channel key. */
    public record Host(long id, String uuid, String name, long zoneId, String zoneUuid, String zoneName,
            Long clusterId, String clusterUuid, String clusterName, String url, String address, int port,
            String agentId, String agentVersion, String libvirtVersion, String qemuVersion, Integer cpus,
            Long memoryBytes, HostStatus status, int missedPings, Instant lastContact, Instant created) {
        public HostHealth health() {
            return new HostHealth(status, missedPings);
        }
    }

    /** What addHost learned from the agent. */
    public record Registration(String uuid, String name, long zoneId, Long clusterId, String url, String address,
            int port,
            String agentId, String agentVersion, String libvirtVersion, String qemuVersion,
            int cpus, long memoryBytes, int maxConcurrentJobs, byte[] sealedChannelKey) {
        @Override
        public String toString() {
            return "Registration[" + name + " at " + url + ", agent " + agentId + "]";
        }
    }

    public Optional<Host> findLiveByUrl(String url) {
        return one(" WHERE h.url = ? AND h.removed IS NULL", url);
    }

    public Optional<Host> findLive(String uuid) {
        return one(" WHERE h.uuid = ? AND h.removed IS NULL", uuid);
    }

    public Optional<Host> findById(long id) {
        return one(" WHERE h.id = ?", id);
    }

    public List<Host> listLive() {
        return jdbc.query("SELECT " + COLUMNS + FROM + " WHERE h.removed IS NULL ORDER BY h.id", HostRepository::host);
    }

    public List<Host> list(Filter f, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT " + COLUMNS + FROM + where + " ORDER BY h.id LIMIT ? OFFSET ?", HostRepository::host,
                args.toArray());
    }

    public long count(Filter f) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        Long n = jdbc.queryForObject("SELECT COUNT(*)" + FROM + where, Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    /** listHosts' filters; null means any. */
    public record Filter(String uuid, Long zoneId, Long clusterId, String status, String nameLike) {
    }

    private static String where(Filter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE h.removed IS NULL");
        if (f.uuid() != null) {
            w.append(" AND h.uuid = ?");
            args.add(f.uuid());
        }
        if (f.zoneId() != null) {
            w.append(" AND h.zone_id = ?");
            args.add(f.zoneId());
        }
        if (f.clusterId() != null) {
            w.append(" AND h.cluster_id = ?");
            args.add(f.clusterId());
        }
        if (f.status() != null) {
            w.append(" AND h.status = ?");
            args.add(f.status());
        }
        if (f.nameLike() != null) {
            w.append(" AND LOWER(h.name) LIKE ?");
            args.add(f.nameLike());
        }
        return w.toString();
    }

    /** Inserts a paired host as Up; a live host with the same url makes it throw DuplicateKeyException. */
    public Host insert(Registration r, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement(
                    "INSERT INTO host (uuid, name, zone_id, cluster_id, url, address, port, agent_id,"
                            + " agent_version, libvirt_version, qemu_version, cpus, memory_bytes, max_concurrent_jobs, status,"
                            + " missed_pings, last_contact, status_changed, channel_key_sealed, created)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Up', 0, ?, ?, ?, ?)",
                    new String[]{"id"});
            int i = 1;
            ps.setString(i++, r.uuid());
            ps.setString(i++, r.name());
            ps.setLong(i++, r.zoneId());
            ps.setObject(i++, r.clusterId());
            ps.setString(i++, r.url());
            ps.setString(i++, r.address());
            ps.setInt(i++, r.port());
            ps.setString(i++, r.agentId());
            ps.setString(i++, r.agentVersion());
            ps.setString(i++, r.libvirtVersion());
            ps.setString(i++, r.qemuVersion());
            ps.setInt(i++, r.cpus());
            ps.setLong(i++, r.memoryBytes());
            ps.setInt(i++, r.maxConcurrentJobs());
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setBytes(i++, r.sealedChannelKey());
            ps.setTimestamp(i, Timestamp.from(now));
            return ps;
        }, keys);
        return findById(keys.getKey().longValue()).orElseThrow();
    }

    public byte[] sealedChannelKey(long hostId) {
        return jdbc.queryForObject("SELECT channel_key_sealed FROM host WHERE id = ?", byte[].class, hostId);
    }

    /**
     * An answered ping: Up, count cleared, versions as the agent reports them now. The status moves
     * only if it is still {@code before}, so of two rounds racing (another caller's pingAll) exactly
     * one sees the host come Up.
     *
     * @return whether this call changed the status
     */
    public boolean recordAnswer(long hostId, HostStatus before, String agentVersion, String libvirtVersion,
            String qemuVersion, Instant now) {
        jdbc.update("UPDATE host SET last_contact = ?, agent_version = ?, libvirt_version = ?, qemu_version = ?"
                + " WHERE id = ? AND removed IS NULL", Timestamp.from(now), agentVersion, libvirtVersion, qemuVersion,
                hostId);
        if (before == HostStatus.Up) {
            jdbc.update("UPDATE host SET missed_pings = 0 WHERE id = ? AND status = 'Up'", hostId);
            return false;
        }
        return jdbc.update("UPDATE host SET status = 'Up', missed_pings = 0, status_changed = ?"
                + " WHERE id = ? AND removed IS NULL AND status = ?", Timestamp.from(now), hostId, before.name()) == 1;
    }

    /**
     * A missed ping, counted only if nobody counted one since {@code before} was read: two rounds
     * racing must not count one outage twice.
     *
     * @return whether this call recorded the miss
     */
    public boolean recordMiss(long hostId, HostHealth before, HostHealth after, Instant now) {
        return jdbc.update("UPDATE host SET missed_pings = ?, status = ?,"
                + " status_changed = IF(status = ?, status_changed, ?)"
                + " WHERE id = ? AND removed IS NULL AND status = ? AND missed_pings = ?", after.missedPings(),
                after.status().name(), after.status().name(), Timestamp.from(now), hostId, before.status().name(),
                before.missedPings()) == 1;
    }

    public boolean remove(long hostId, Instant now) {
        return jdbc.update("UPDATE host SET removed = ? WHERE id = ? AND removed IS NULL", Timestamp.from(now),
                hostId) == 1;
    }

    /**
     * The operations (backups, restores, deletes, ...) the host's agent runs or is to run, as
     * "{@code <kind> <uuid> (<state>)}": the work a Down host may have lost, or that keeps it from being deleted.
     */
    public List<String> unfinishedOperations(long hostId) {
        return jdbc.queryForList("SELECT CONCAT(kind, ' ', uuid, ' (', state, ')') FROM operation WHERE host_id = ?"
                + " AND state IN ('QUEUED', 'RUNNING') ORDER BY id", String.class, hostId);
    }

    public long countLiveVms(long hostId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM vm_instance WHERE host_id = ? AND removed IS NULL",
                Long.class,
                hostId);
        return n == null ? 0 : n;
    }

    private Optional<Host> one(String where, Object arg) {
        return jdbc.query("SELECT " + COLUMNS + FROM + where, HostRepository::host, arg).stream().findFirst();
    }

    private static Host host(ResultSet rs, int row) throws SQLException {
        Timestamp contact = rs.getTimestamp(21);
        return new Host(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6),
                (Long) rs.getObject(7, Long.class), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11),
                rs.getInt(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getObject(17, Integer.class), rs.getObject(18, Long.class), HostStatus.valueOf(rs.getString(19)),
                rs.getInt(20), contact == null ? null : contact.toInstant(), rs.getTimestamp(22).toInstant());
    }
}
