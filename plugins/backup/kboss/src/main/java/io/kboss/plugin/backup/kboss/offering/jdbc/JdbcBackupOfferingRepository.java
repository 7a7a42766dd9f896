package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;
import io.kboss.plugin.backup.kboss.domain.offering.KbossOfferingOptions;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRuleViolation;
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
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.ZoneRef;
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
    private static final String SELECT_VIEW = "SELECT o.id, o.uuid, o.name, o.description, o.zone_id, o.provider,"
            + " o.external_id, o.user_driven_backups, o.domain_id, o.created FROM backup_offering o";

    private final JdbcTemplate jdbc;
    private final Directory directory;

    /** @param directory names the zones and domains offerings refer to (framework tables) */
    public JdbcBackupOfferingRepository(JdbcTemplate jdbc, Directory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
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

    /**
     * What a backup request needs of its VM's offering, in one read (not the whole view with its details and
     * zone, which a request does not use).
     *
     * @param removed whether the offering was deleted (a VM should then no longer be assigned to it)
     */
    public record RequestFacts(long id, String uuid, String name, boolean userDrivenBackups, boolean removed) {
    }

    /** {@link RequestFacts} of the offering with this id, also a removed one. */
    public RequestFacts requestFacts(long offeringId) {
        return jdbc.queryForObject(
                "SELECT id, uuid, name, user_driven_backups, removed IS NOT NULL FROM backup_offering"
                        + " WHERE id = ?",
                (rs, i) -> new RequestFacts(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getBoolean(5)),
                offeringId);
    }

    /** The uuid of an offering by id, also a removed one. */
    public String uuidOf(long offeringId) {
        return jdbc.queryForObject("SELECT uuid FROM backup_offering WHERE id = ?", String.class, offeringId);
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
        List<OfferingView> rows = jdbc.query(SELECT_VIEW + " WHERE o.removed IS NULL ORDER BY o.created, o.id",
                this::view);
        Map<Long, DomainRef> domains = directory.domains(rows.stream().map(v -> v.offering().domainId())
                .filter(Objects::nonNull).collect(Collectors.toSet()));
        Map<Long, String> domainPaths = new HashMap<>();
        rows.stream().filter(v -> v.offering().domainId() != null).forEach(v -> domainPaths.put(v.offering().id(),
                domains.get(v.offering().domainId()).path()));
        Map<Long, Map<String, String>> details = new HashMap<>();
        jdbc.query("SELECT d.backup_offering_id, d.name, d.value FROM backup_offering_details d"
                + " JOIN backup_offering o ON o.id = d.backup_offering_id WHERE o.removed IS NULL",
                rs -> {
                    details.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                            rs.getString(3));
                });
        List<OfferingSnapshot.Entry> entries = new ArrayList<>(rows.size());
        for (OfferingView v : named(withOptions(rows, details))) {
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
        return named(withOptions(withoutOptions, details));
    }

    /** The views with the uuids and names of their zones and domains. */
    private List<OfferingView> named(List<OfferingView> views) {
        Map<Long, ZoneRef> zones = directory.zones(views.stream().map(v -> v.offering().zoneId())
                .collect(Collectors.toSet()));
        Map<Long, DomainRef> domains = directory.domains(views.stream().map(v -> v.offering().domainId())
                .filter(Objects::nonNull).collect(Collectors.toSet()));
        List<OfferingView> out = new ArrayList<>(views.size());
        for (OfferingView v : views) {
            ZoneRef z = zones.get(v.offering().zoneId());
            DomainRef d = v.offering().domainId() == null ? null : domains.get(v.offering().domainId());
            out.add(new OfferingView(v.offering(), z.uuid(), z.name(), d == null ? null : d.uuid(),
                    d == null ? null : d.name()));
        }
        return out;
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
        return new OfferingView(o, null, null, null, null);
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
