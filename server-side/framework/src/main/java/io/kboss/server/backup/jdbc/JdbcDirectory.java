package io.kboss.server.backup.jdbc;

import io.kboss.server.config.InLists;
import io.kboss.server.backup.AccountOwner;
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.ZoneRef;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link Directory} on {@code zone}, {@code domain}, {@code account} and {@code host}. */
@Component
public class JdbcDirectory implements Directory {
    private final JdbcTemplate jdbc;

    public JdbcDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ZoneRef> zone(String uuid) {
        return jdbc.query("SELECT id, uuid, name FROM zone WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> new ZoneRef(rs.getLong(1), rs.getString(2), rs.getString(3)), uuid).stream().findFirst();
    }

    @Override
    public Map<Long, ZoneRef> zones(Collection<Long> ids) {
        Map<Long, ZoneRef> out = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, uuid, name FROM zone WHERE id IN (" + InLists.marks(ids.size()) + ")",
                    rs -> {
                        out.put(rs.getLong(1), new ZoneRef(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }, ids.toArray());
        }
        return out;
    }

    @Override
    public Optional<DomainRef> domain(String uuid) {
        return jdbc.query("SELECT id, uuid, name, path FROM domain WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> new DomainRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), uuid)
                .stream().findFirst();
    }

    @Override
    public Map<Long, DomainRef> domains(Collection<Long> ids) {
        Map<Long, DomainRef> out = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, uuid, name, path FROM domain WHERE id IN (" + InLists.marks(ids.size()) + ")",
                    rs -> {
                        out.put(rs.getLong(1), new DomainRef(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4)));
                    }, ids.toArray());
        }
        return out;
    }

    @Override
    public Map<Long, AccountRef> accounts(Collection<Long> ids) {
        Map<Long, AccountRef> out = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, uuid, name FROM account WHERE id IN (" + InLists.marks(ids.size()) + ")",
                    rs -> {
                        out.put(rs.getLong(1), new AccountRef(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }, ids.toArray());
        }
        return out;
    }

    @Override
    public Optional<AccountOwner> account(String uuid) {
        return jdbc.query("SELECT a.id, a.uuid, a.name, d.id, d.uuid, d.path FROM account a"
                + " JOIN domain d ON d.id = a.domain_id WHERE a.uuid = ?",
                (rs, i) -> new AccountOwner(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)),
                uuid).stream().findFirst();
    }

    @Override
    public Collection<Long> domainTree(String path) {
        String prefix = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.queryForList("SELECT id FROM domain WHERE path LIKE ?", Long.class, prefix);
    }

    @Override
    public Optional<Long> host(String hostUuid) {
        return jdbc.query("SELECT id FROM host WHERE uuid = ? AND removed IS NULL", (rs, i) -> rs.getLong(1), hostUuid)
                .stream().findFirst();
    }

    @Override
    public Optional<Long> clusterOfHost(long hostId) {
        return jdbc.query("SELECT cluster_id FROM host WHERE id = ?", (rs, i) -> rs.getObject(1, Long.class), hostId)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public Map<Long, String> hostUuids(Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT id, uuid FROM host WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ")", rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                }, ids.toArray());
        return out;
    }

    @Override
    public Optional<Long> upHost(String hostUuid, long zoneId) {
        return jdbc.query("SELECT id FROM host WHERE uuid = ? AND zone_id = ? AND removed IS NULL AND status = 'Up'",
                (rs, i) -> rs.getLong(1), hostUuid, zoneId).stream().findFirst();
    }

    @Override
    public Optional<AccountRef> account(long domainId, String name) {
        return jdbc.query("SELECT id, uuid, name FROM account WHERE domain_id = ? AND name = ? AND removed IS NULL",
                (rs, i) -> new AccountRef(rs.getLong(1), rs.getString(2), rs.getString(3)), domainId, name).stream()
                .findFirst();
    }

    @Override
    public Optional<io.kboss.server.backup.ImageStoreRef> imageStore(String uuid) {
        return jdbc.query("SELECT id, uuid, protocol, url, path FROM image_store WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> new io.kboss.server.backup.ImageStoreRef(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)),
                uuid).stream().findFirst();
    }

    @Override
    public boolean isUp(long hostId) {
        return !jdbc.queryForList("SELECT id FROM host WHERE id = ? AND removed IS NULL AND status = 'Up'", Long.class,
                hostId).isEmpty();
    }

    @Override
    public Optional<Long> anyUpHost(long zoneId) {
        return jdbc.queryForList("SELECT id FROM host WHERE zone_id = ? AND removed IS NULL AND status = 'Up' ORDER BY"
                + " id LIMIT 1", Long.class, zoneId).stream().findFirst();
    }

    @Override
    public java.util.List<Long> upHosts(long zoneId) {
        return jdbc.queryForList("SELECT id FROM host WHERE zone_id = ? AND removed IS NULL AND status = 'Up' ORDER BY"
                + " id", Long.class, zoneId);
    }
}
