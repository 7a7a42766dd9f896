package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.offering.domain.BackupOffering;
import io.kboss.plugin.backup.kboss.offering.domain.KbossOfferingOptions;
import io.kboss.plugin.backup.kboss.offering.domain.OfferingParameter;
import io.kboss.plugin.backup.kboss.offering.domain.OfferingRuleViolation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Backup offerings in backup_offering and backup_offering_details (schema V2). Methods do not open
 * transactions of their own: a caller that writes more than one statement runs them in its
 * transaction (JdbcTemplate joins it). Times are stored as UTC DATETIME(3). Every write also
 * increments backup_offering_version (schema V5) in that transaction: {@link LiveOfferings} relies
 * on it to know when its in-memory offerings are stale.
 */
public class JdbcBackupOfferingRepository {
    private static final String UNIQUE_LIVE_NAME = "uk_backup_offering_zone_live_name";
    private static final String VIEW_COLUMNS = "o.id, o.uuid, o.name, o.description, o.zone_id, o.provider,"
            + " o.external_id, o.user_driven_backups, o.domain_id, o.created,"
            + " z.uuid AS zone_uuid, z.name AS zone_name, d.uuid AS domain_uuid, d.name AS domain_name,"
            + " d.path AS domain_path";
    private static final String VIEW_JOINS = " JOIN zone z ON z.id = o.zone_id LEFT JOIN domain d ON d.id = o.domain_id";
    private static final String SELECT_VIEW = "SELECT " + VIEW_COLUMNS + " FROM backup_offering o" + VIEW_JOINS;

    private final JdbcTemplate jdbc;

    public JdbcBackupOfferingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new offering and its details; call inside a transaction so both land or neither.
     *
     * @throws OfferingRuleViolation when a concurrent create took the name first
     */
    public BackupOffering insert(BackupOffering o) {
        KeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("INSERT INTO backup_offering (uuid, name, description,"
                        + " zone_id, provider, external_id, user_driven_backups, domain_id, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                ps.setString(1, o.uuid());
                ps.setString(2, o.name());
                ps.setString(3, o.description());
                ps.setLong(4, o.zoneId());
                ps.setString(5, o.provider());
                ps.setString(6, o.externalId());
                ps.setBoolean(7, o.userDrivenBackups());
                ps.setObject(8, o.domainId());
                ps.setObject(9, utc(o.created()));
                return ps;
            }, key);
        } catch (DuplicateKeyException e) {
            throw nameTakenRace(o, e);
        }
        long id = key.getKey().longValue();
        writeDetails(id, o.options());
        bumpVersion();
        return o.withId(id);
    }

    /**
     * Writes the changeable fields (name, description, options) of a stored offering; call inside
     * a transaction.
     *
     * @throws OfferingRuleViolation when a concurrent create or update took the name first
     */
    public void update(BackupOffering o) {
        try {
            jdbc.update("UPDATE backup_offering SET name = ?, description = ? WHERE id = ? AND removed IS NULL",
                    o.name(), o.description(), o.id());
        } catch (DuplicateKeyException e) {
            throw nameTakenRace(o, e);
        }
        jdbc.update("DELETE FROM backup_offering_details WHERE backup_offering_id = ?", o.id());
        writeDetails(o.id(), o.options());
        bumpVersion();
    }

    /** Marks the offering removed; its row stays for backups that still refer to it. */
    public boolean markRemoved(long id, Instant removed) {
        boolean marked = jdbc.update("UPDATE backup_offering SET removed = ? WHERE id = ? AND removed IS NULL",
                utc(removed), id) == 1;
        if (marked) {
            bumpVersion();
        }
        return marked;
    }

    /** The live offering with this uuid. */
    public Optional<OfferingView> findLive(String uuid) {
        return views(jdbc.query(SELECT_VIEW + " WHERE o.uuid = ? AND o.removed IS NULL", this::view, uuid))
                .stream().findFirst();
    }

    /**
     * The live offering with this uuid, its row locked until the transaction ends: deletes and
     * assignments that lock it too are serialized against each other.
     */
    public Optional<OfferingView> findLiveForUpdate(String uuid) {
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM backup_offering WHERE uuid = ? AND removed IS NULL FOR UPDATE",
                Long.class, uuid);
        return ids.isEmpty() ? Optional.empty() : findLive(uuid);
    }

    public boolean nameTaken(long zoneId, String name, Long exceptOfferingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM backup_offering WHERE zone_id = ? AND live_name = ?"
                + " AND id <> ?", Integer.class, zoneId, name, exceptOfferingId == null ? 0L : exceptOfferingId);
        return n != null && n > 0;
    }

    /** The number of committed changes to what listBackupOfferings shows (schema V5). */
    public long version() {
        Long v = jdbc.queryForObject("SELECT version FROM backup_offering_version WHERE id = 1", Long.class);
        if (v == null) {
            throw new IllegalStateException("backup_offering_version has no row 1; the schema upgrade V5 inserts it:"
                    + " run the schema upgrader again");
        }
        return v;
    }

    /**
     * Every live offering with its details and the path of its domain, in listing order (created,
     * id). Two statements without a transaction: {@link LiveOfferings} checks the version around them.
     */
    List<OfferingSnapshot.Entry> allLive() {
        Map<Long, String> domainPaths = new HashMap<>();
        List<OfferingView> rows = jdbc.query(SELECT_VIEW + " WHERE o.removed IS NULL ORDER BY o.created, o.id",
                (rs, i) -> {
                    OfferingView v = view(rs, i);
                    String path = rs.getString("domain_path");
                    if (path != null) {
                        domainPaths.put(v.offering().id(), path);
                    }
                    return v;
                });
        Map<Long, Map<String, String>> details = new HashMap<>();
        jdbc.query("SELECT d.backup_offering_id, d.name, d.value FROM backup_offering_details d"
                + " JOIN backup_offering o ON o.id = d.backup_offering_id WHERE o.removed IS NULL",
                rs -> {
                    details.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                            rs.getString(3));
                });
        List<OfferingSnapshot.Entry> entries = new ArrayList<>(rows.size());
        for (OfferingView v : withOptions(rows, details)) {
            entries.add(new OfferingSnapshot.Entry(v, domainPaths.get(v.offering().id())));
        }
        return entries;
    }

    /**
     * Records, in the caller's transaction, that what listBackupOfferings shows changed: servers
     * holding the offerings in memory read them again on their next list call.
     */
    public void bumpVersion() {
        jdbc.update("UPDATE backup_offering_version SET version = version + 1 WHERE id = 1");
    }

    private void writeDetails(long offeringId, KbossOfferingOptions options) {
        List<Object[]> rows = OfferingDetails.of(options).entrySet().stream()
                .map(e -> new Object[]{offeringId, e.getKey(), e.getValue()})
                .collect(Collectors.toList());
        jdbc.batchUpdate("INSERT INTO backup_offering_details (backup_offering_id, name, value) VALUES (?, ?, ?)",
                rows);
    }

    // Rows come back without options; they are filled from one details query for the whole page.
    private List<OfferingView> views(List<OfferingView> withoutOptions) {
        if (withoutOptions.isEmpty()) {
            return withoutOptions;
        }
        Map<Long, Map<String, String>> details = new HashMap<>();
        String ids = withoutOptions.stream().map(v -> "?").collect(Collectors.joining(","));
        jdbc.query("SELECT backup_offering_id, name, value FROM backup_offering_details WHERE backup_offering_id IN ("
                + ids + ")",
                rs -> {
                    details.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                            rs.getString(3));
                },
                withoutOptions.stream().map(v -> v.offering().id()).toArray());
        return withOptions(withoutOptions, details);
    }

    private static List<OfferingView> withOptions(List<OfferingView> withoutOptions,
            Map<Long, Map<String, String>> details) {
        List<OfferingView> out = new ArrayList<>(withoutOptions.size());
        for (OfferingView v : withoutOptions) {
            BackupOffering o = v.offering();
            KbossOfferingOptions options = OfferingDetails.parse(o.uuid(),
                    details.getOrDefault(o.id(), Collections.emptyMap()));
            out.add(new OfferingView(new BackupOffering(o.id(), o.uuid(), o.name(), o.description(), o.zoneId(),
                    o.provider(), o.externalId(), o.userDrivenBackups(), o.domainId(), o.created(), options),
                    v.zoneUuid(), v.zoneName(), v.domainUuid(), v.domainName()));
        }
        return out;
    }

    private OfferingView view(ResultSet rs, int row) throws SQLException {
        long domainId = rs.getLong("domain_id");
        Long domain = rs.wasNull() ? null : domainId;
        BackupOffering o = new BackupOffering(rs.getLong("id"), rs.getString("uuid"), rs.getString("name"),
                rs.getString("description"), rs.getLong("zone_id"), rs.getString("provider"),
                rs.getString("external_id"), rs.getBoolean("user_driven_backups"), domain,
                rs.getObject("created", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                KbossOfferingOptions.plain());
        return new OfferingView(o, rs.getString("zone_uuid"), rs.getString("zone_name"), rs.getString("domain_uuid"),
                rs.getString("domain_name"));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static RuntimeException nameTakenRace(BackupOffering o, DuplicateKeyException e) {
        if (String.valueOf(e.getMessage()).contains(UNIQUE_LIVE_NAME)) {
            return new OfferingRuleViolation(OfferingParameter.NAME, "name '" + o.name()
                    + "' is already used by another backup offering in this zone: choose a different name.");
        }
        return e;
    }
}
