package io.kboss.server.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** {@code image_store_usage}: the samples of every image store's used and total bytes. */
@Component
public class StoreUsageRepository {
    /** Retention deletes at most this many rows per statement, so one pass never holds a long lock. */
    static final int DELETE_BATCH = 5000;

    private static final String SAMPLE_COLUMNS = "SELECT s.uuid, s.name, z.uuid, u.sampled, u.used_bytes,"
            + " u.capacity_bytes, u.backup_bytes FROM image_store_usage u JOIN image_store s ON s.id ="
            + " u.image_store_id JOIN zone z ON z.id = s.zone_id";
    private static final RowMapper<Sample> SAMPLE = (rs, i) -> new Sample(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getObject(5, Long.class), rs.getObject(6, Long.class),
            rs.getObject(7, Long.class));

    private final JdbcTemplate jdbc;
    /**
     * Reads rows as the server receives them instead of the driver holding the whole result first
     * (MySQL Connector/J streams at fetch size Integer.MIN_VALUE): a year of one-minute samples of a store is
     * half a million rows, of which a thinned answer keeps a few thousand.
     */
    private final JdbcTemplate streaming;

    public StoreUsageRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(Integer.MIN_VALUE);
    }

    /**
     * Samples every live image store's used and total bytes as last measured, and its backups' bytes, at
     * {@code at}; a store sampled
     * at that instant already (another server) keeps its sample.
     *
     * @return the samples written
     */
    public int sampleAll(Instant at) {
        // used as listImageStores' disksizeused shows it: the file system's, from the last measurement.
        return jdbc.update("INSERT IGNORE INTO image_store_usage (image_store_id, sampled, used_bytes, capacity_bytes,"
                + " backup_bytes) SELECT id, ?, IF(capacity_bytes IS NULL OR free_bytes IS NULL, NULL,"
                + " GREATEST(CAST(capacity_bytes AS SIGNED) - CAST(free_bytes AS SIGNED), 0)), capacity_bytes,"
                + " used_bytes FROM image_store WHERE removed IS NULL", Timestamp.from(at));
    }

    /** Deletes the samples taken before {@code before}, in batches; returns how many went. */
    public int deleteBefore(Instant before) {
        int all = 0;
        int n;
        do {
            n = jdbc.update("DELETE FROM image_store_usage WHERE sampled < ? LIMIT " + DELETE_BATCH,
                    Timestamp.from(before));
            all += n;
        } while (n == DELETE_BATCH);
        return all;
    }

    /** Whether an image store with this uuid exists or existed (removed stores keep their history). */
    public boolean storeExists(String uuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM image_store WHERE uuid = ?", Long.class, uuid) > 0;
    }

    /** A sample as listImageStoreUsageHistory shows it. */
    public record Sample(String storeUuid, String storeName, String zoneUuid, Instant sampled, Long usedBytes,
            Long capacityBytes, Long backupBytes) {
    }

    /** The samples in the window, oldest first, of one store (by uuid) or all (null), a page of them. */
    public List<Sample> samples(String storeUuid, Long zoneId, Instant from, Instant to, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(storeUuid, zoneId, from, to, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query(SAMPLE_COLUMNS + where + " ORDER BY u.sampled, s.name, u.id LIMIT ? OFFSET ?", SAMPLE,
                args.toArray());
    }

    /** One store's samples in a window: its internal id, how many there are, the first and the last instant. */
    public record StoreSpan(long storeId, long samples, Instant first, Instant last) {
    }

    /** The spans of the stores (one by uuid, or a zone's, or all: null) that have samples in the window. */
    public List<StoreSpan> spans(String storeUuid, Long zoneId, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String where = where(storeUuid, zoneId, from, to, args);
        return jdbc.query("SELECT s.id, COUNT(*), MIN(u.sampled), MAX(u.sampled) FROM image_store_usage u"
                + " JOIN image_store s ON s.id = u.image_store_id" + where + " GROUP BY s.id ORDER BY s.id",
                (rs, i) -> new StoreSpan(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()),
                args.toArray());
    }

    /** Hands each sample of one store (by its internal id) in the window to {@code sink}, oldest first. */
    public void eachSample(long storeId, Instant from, Instant to, Consumer<Sample> sink) {
        streaming.query(SAMPLE_COLUMNS + " WHERE u.image_store_id = ? AND u.sampled >= ? AND u.sampled <= ?"
                + " ORDER BY u.sampled", (RowCallbackHandler) rs -> sink.accept(SAMPLE.mapRow(rs, 0)), storeId,
                Timestamp.from(from), Timestamp.from(to));
    }

    public long count(String storeUuid, Long zoneId, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String where = where(storeUuid, zoneId, from, to, args);
        return jdbc.queryForObject("SELECT COUNT(*) FROM image_store_usage u JOIN image_store s ON s.id ="
                + " u.image_store_id" + where, Long.class, args.toArray());
    }

    private static String where(String storeUuid, Long zoneId, Instant from, Instant to, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE u.sampled >= ? AND u.sampled <= ?");
        args.add(Timestamp.from(from));
        args.add(Timestamp.from(to));
        if (storeUuid != null) {
            w.append(" AND s.uuid = ?");
            args.add(storeUuid);
        }
        if (zoneId != null) {
            w.append(" AND s.zone_id = ?");
            args.add(zoneId);
        }
        return w.toString();
    }
}
