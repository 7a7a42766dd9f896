package io.kboss.server.inventory;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Zones, clusters and image stores. Removal sets {@code removed}; lists show live rows only. */
@Repository
public class InventoryRepository {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InventoryRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Zone(long id, String uuid, String name, String description, String allocationState, Instant created) {
    }

    public record Cluster(long id, String uuid, String name, long zoneId, String zoneUuid, String zoneName) {
    }

    /**
     * An image store; capacity and free bytes are what the last measurement found (null before one),
     * usedByBackups what KBOSS's backups occupy on it.
     */
    public record ImageStore(long id, String uuid, String name, long zoneId, String zoneUuid, String zoneName,
            String protocol, String url, String path, String state, Instant created, boolean readonly,
            boolean backupsOnly, Long capacityBytes, Long freeBytes, long usedByBackups, Instant capacityChecked,
            String capacityError, Instant capacityFailed) {
    }

    /** A store's backups that keep it from being deleted, by status (Expunged ones have no files left). */
    public java.util.Map<String, Long> backupsOnStore(long storeId) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM backup WHERE image_store_id = ? AND status <> 'Expunged'"
                + " GROUP BY status", rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, storeId);
        return out;
    }

    /**
     * Removes the store if no backup that still has files is on it, in one statement: a backup being
     * placed on it holds the store's row (ImageStores.forNewBackup), so this waits for it and then sees it.
     *
     * @return false when the store is gone or backups remain on it
     */
    public boolean removeImageStoreIfEmpty(long id) {
        return jdbc.update("UPDATE image_store s SET s.removed = ? WHERE s.id = ? AND s.removed IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM backup b WHERE b.image_store_id = s.id AND b.status <> 'Expunged')",
                Timestamp.from(clock.instant()), id) == 1;
    }

    /** Sets a store's name, read-only flag or dedication to backups; a null leaves it as it is. */
    public void updateImageStore(long id, String name, Boolean readonly, Boolean backupsOnly) {
        jdbc.update("UPDATE image_store SET name = COALESCE(?, name), readonly = COALESCE(?, readonly),"
                + " backups_only = COALESCE(?, backups_only) WHERE id = ? AND removed IS NULL", name, readonly,
                backupsOnly, id);
    }

    private static final String ZONE_SELECT = "SELECT id, uuid, name, description, allocation_state, created FROM zone "
            + "WHERE removed IS NULL ";

    private List<Zone> zones(String where, Object... args) {
        return jdbc.query(ZONE_SELECT + where, (rs, i) -> new Zone(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()), args);
    }

    public Optional<Zone> findZone(String uuid) {
        return zones("AND uuid = ?", uuid).stream().findFirst();
    }

    public Optional<Zone> findZoneById(long id) {
        return zones("AND id = ?", id).stream().findFirst();
    }

    public Optional<Zone> findZoneByName(String name) {
        return zones("AND name = ?", name).stream().findFirst();
    }

    public List<Zone> listZones(String uuid, String nameLike, long offset, int limit) {
        return zones("AND (? IS NULL OR uuid = ?) AND (? IS NULL OR LOWER(name) LIKE ?) ORDER BY id LIMIT ? OFFSET ?",
                uuid, uuid, nameLike, nameLike, limit, offset);
    }

    public long countZones(String uuid, String nameLike) {
        return count("SELECT COUNT(*) FROM zone WHERE removed IS NULL AND (? IS NULL OR uuid = ?) "
                + "AND (? IS NULL OR LOWER(name) LIKE ?)", uuid, uuid, nameLike, nameLike);
    }

    public Zone insertZone(String name, String description) {
        String uuid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        long id = insert("INSERT INTO zone (uuid, name, description, created) VALUES (?, ?, ?, ?)", uuid, name,
                description, Timestamp.from(now));
        return findZoneById(id).orElseThrow();
    }

    /**
     * What still lives in a zone and stops its deletion. VMs count when they are on a live host or
     * assigned to a backup offering; a VM whose host was deleted and that has no offering is stale
     * inventory and goes with the zone.
     */
    public record ZoneContents(Named hosts, Named offerings, Named vms, Named imageStores, Named clusters) {
        public boolean isEmpty() {
            return hosts.count() + offerings.count() + vms.count() + imageStores.count() + clusters.count() == 0;
        }

        /** E.g. "2 hosts (h1, h2), 1 backup offering (gold)". */
        public String describe() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            hosts.describeInto(parts, "host", "hosts");
            offerings.describeInto(parts, "backup offering", "backup offerings");
            vms.describeInto(parts, "VM", "VMs");
            imageStores.describeInto(parts, "image store", "image stores");
            clusters.describeInto(parts, "cluster", "clusters");
            return String.join(", ", parts);
        }
    }

    /** How many there are and the first few names. */
    public record Named(long count, List<String> firstNames) {
        void describeInto(java.util.List<String> parts, String one, String many) {
            if (count == 0) {
                return;
            }
            String names = String.join(", ", firstNames);
            if (count > firstNames.size()) {
                names += " and " + (count - firstNames.size()) + " more";
            }
            parts.add(count + " " + (count == 1 ? one : many) + " (" + names + ")");
        }
    }

    private static final int NAMES_SHOWN = 5;
    private static final String LIVE_HOSTS = " FROM host h WHERE h.zone_id = ? AND h.removed IS NULL";
    private static final String LIVE_OFFERINGS = " FROM backup_offering o WHERE o.zone_id = ? AND o.removed IS NULL";
    private static final String BLOCKING_VMS = " FROM vm_instance v WHERE v.zone_id = ? AND v.removed IS NULL"
            + " AND (v.backup_offering_id IS NOT NULL OR EXISTS (SELECT 1 FROM host vh WHERE vh.id = v.host_id"
            + " AND vh.removed IS NULL))";
    private static final String LIVE_STORES = " FROM image_store s WHERE s.zone_id = ? AND s.removed IS NULL";
    private static final String CLUSTERS = " FROM cluster c WHERE c.zone_id = ?";

    public ZoneContents contents(long zoneId) {
        return new ZoneContents(named("h.name", LIVE_HOSTS, zoneId), named("o.name", LIVE_OFFERINGS, zoneId),
                named("v.name", BLOCKING_VMS, zoneId), named("s.name", LIVE_STORES, zoneId),
                named("c.name", CLUSTERS, zoneId));
    }

    private Named named(String nameColumn, String from, long zoneId) {
        long n = count("SELECT COUNT(*)" + from, zoneId);
        return new Named(n, n == 0
                ? List.of()
                : jdbc.queryForList("SELECT " + nameColumn + from + " ORDER BY "
                        + nameColumn + " LIMIT " + NAMES_SHOWN, String.class, zoneId));
    }

    /** Removes the zone whatever is in it; the API's deleteZone uses {@link #removeZoneIfEmpty}. */
    public boolean removeZone(long id) {
        return jdbc.update("UPDATE zone z JOIN backup_offering_version v ON v.id = 1"
                + " SET z.removed = ?, z.name = CONCAT(z.name, '-removed-', z.id), v.version = v.version + 1"
                + " WHERE z.id = ? AND z.removed IS NULL", Timestamp.from(clock.instant()), id) > 0;
    }

    /**
     * Removes the zone if, at this moment, nothing in {@link #contents} remains: the check and the
     * removal are one statement, whose reads of the other tables lock what they read, so a host,
     * offering or store added concurrently either makes this fail or waits for it. Stale VMs (no
     * live host, no offering) are removed with the zone. Zone names are unique among all rows, so
     * a removed zone's name is freed by renaming it; the rename changes the zone name
     * listBackupOfferings shows, so the same statement moves the offerings' version (schema V5),
     * as every offering write does. Run it in a transaction.
     *
     * @return false when the zone is gone or something remains in it
     */
    public boolean removeZoneIfEmpty(long id) {
        Timestamp now = Timestamp.from(clock.instant());
        boolean removed = jdbc.update("UPDATE zone z JOIN backup_offering_version ver ON ver.id = 1"
                + " SET z.removed = ?, z.name = CONCAT(z.name, '-removed-', z.id), ver.version = ver.version + 1"
                + " WHERE z.id = ? AND z.removed IS NULL"
                + " AND NOT EXISTS (SELECT 1" + LIVE_HOSTS.replace("?", "z.id") + ")"
                + " AND NOT EXISTS (SELECT 1" + LIVE_OFFERINGS.replace("?", "z.id") + ")"
                + " AND NOT EXISTS (SELECT 1" + BLOCKING_VMS.replace("?", "z.id") + ")"
                + " AND NOT EXISTS (SELECT 1" + LIVE_STORES.replace("?", "z.id") + ")"
                + " AND NOT EXISTS (SELECT 1" + CLUSTERS.replace("?", "z.id") + ")", now, id) > 0;
        if (removed) {
            jdbc.update("UPDATE volume SET removed = ?, state = 'Destroy' WHERE zone_id = ? AND removed IS NULL", now,
                    id);
            jdbc.update("UPDATE vm_instance SET removed = ?, state = 'Expunging' WHERE zone_id = ? AND removed IS NULL",
                    now, id);
        }
        return removed;
    }

    private static final String CLUSTER_SELECT = "SELECT c.id, c.uuid, c.name, z.id, z.uuid, z.name FROM cluster c "
            + "JOIN zone z ON z.id = c.zone_id WHERE z.removed IS NULL ";

    public Optional<Cluster> findCluster(String uuid) {
        return jdbc.query(CLUSTER_SELECT + "AND c.uuid = ?", (rs, i) -> new Cluster(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6)), uuid).stream().findFirst();
    }

    public List<Cluster> listClusters(Long zoneId, String nameLike, long offset, int limit) {
        return jdbc.query(CLUSTER_SELECT + "AND (? IS NULL OR z.id = ?) AND (? IS NULL OR LOWER(c.name) LIKE ?) "
                + "ORDER BY c.id LIMIT ? OFFSET ?",
                (rs, i) -> new Cluster(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6)),
                zoneId, zoneId, nameLike, nameLike, limit, offset);
    }

    public long countClusters(Long zoneId, String nameLike) {
        return count("SELECT COUNT(*) FROM cluster c JOIN zone z ON z.id = c.zone_id WHERE z.removed IS NULL "
                + "AND (? IS NULL OR z.id = ?) AND (? IS NULL OR LOWER(c.name) LIKE ?)", zoneId, zoneId, nameLike,
                nameLike);
    }

    public Cluster insertCluster(Zone zone, String name) {
        String uuid = UUID.randomUUID().toString();
        long id = insert("INSERT INTO cluster (uuid, zone_id, name) VALUES (?, ?, ?)", uuid, zone.id(), name);
        return new Cluster(id, uuid, name, zone.id(), zone.uuid(), zone.name());
    }

    private static final String STORE_SELECT = "SELECT s.id, s.uuid, s.name, z.id, z.uuid, z.name, s.protocol, s.url, "
            + "s.path, s.state, s.created, s.readonly, s.backups_only, s.capacity_bytes, s.free_bytes,"
            + " COALESCE(s.used_bytes, 0), s.capacity_checked, s.capacity_error, s.capacity_failed FROM image_store s"
            + " JOIN zone z ON z.id = s.zone_id"
            + " WHERE s.removed IS NULL ";

    private List<ImageStore> stores(String where, Object... args) {
        return jdbc.query(STORE_SELECT + where, (rs, i) -> new ImageStore(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getBoolean(12),
                rs.getBoolean(13), rs.getObject(14, Long.class), rs.getObject(15, Long.class), rs.getLong(16),
                rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant(), rs.getString(18),
                rs.getTimestamp(19) == null ? null : rs.getTimestamp(19).toInstant()), args);
    }

    public Optional<ImageStore> findImageStore(String uuid) {
        return stores("AND s.uuid = ?", uuid).stream().findFirst();
    }

    public List<ImageStore> listImageStores(Long zoneId, String uuid, String nameLike, long offset, int limit) {
        return stores(
                "AND (? IS NULL OR z.id = ?) AND (? IS NULL OR s.uuid = ?) AND (? IS NULL OR LOWER(s.name) LIKE ?) "
                        + "ORDER BY s.id LIMIT ? OFFSET ?",
                zoneId, zoneId, uuid, uuid, nameLike, nameLike, limit, offset);
    }

    public long countImageStores(Long zoneId, String uuid, String nameLike) {
        return count("SELECT COUNT(*) FROM image_store s WHERE s.removed IS NULL AND (? IS NULL OR s.zone_id = ?) "
                + "AND (? IS NULL OR s.uuid = ?) AND (? IS NULL OR LOWER(s.name) LIKE ?)",
                zoneId, zoneId, uuid, uuid, nameLike, nameLike);
    }

    public ImageStore insertImageStore(String name, Zone zone, String protocol, String url, String path,
            boolean backupsOnly) {
        String uuid = UUID.randomUUID().toString();
        insert("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, backups_only, created)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", uuid, name, zone.id(), protocol, url, path, backupsOnly,
                Timestamp.from(clock.instant()));
        return findImageStore(uuid).orElseThrow();
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private long insert(String sql, Object... args) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }
}
