package io.kboss.server.backup;

import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * How a {@link StoredSchedule} sits in a table's columns {@code interval_type, schedule, timezone,
 * next_fire} and how one of its firings is claimed: the framework's {@code backup_schedule} and a
 * provider's own scheduled table (kboss's {@code backup_job}) read and write them here, one way.
 */
public final class ScheduleColumns {
    /** The columns in the order {@link #read} takes them, for a SELECT or an INSERT. */
    public static final String NAMES = "interval_type, schedule, timezone, next_fire";
    /** The SET clause that {@link #values} fills. */
    public static final String ASSIGNMENTS = "interval_type = ?, schedule = ?, timezone = ?, next_fire = ?";

    private ScheduleColumns() {
    }

    /** The schedule in the four columns from {@code first} on; null when its interval_type is null. */
    public static StoredSchedule read(ResultSet rs, int first) throws SQLException {
        if (rs.getString(first) == null) {
            return null;
        }
        Timestamp next = rs.getTimestamp(first + 3);
        return new StoredSchedule(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                next == null ? null : next.toInstant());
    }

    /** The four values in {@link #NAMES}' order; all null for a null schedule (no schedule). */
    public static Object[] values(StoredSchedule s) {
        return s == null
                ? new Object[4]
                : new Object[]{s.intervalType(), s.schedule(), s.timezone(), Timestamp.from(s.nextFire())};
    }

    /**
     * Claims a firing by inserting its row with {@code insert}, an INSERT of (the schedule's id, the
     * scheduled time, the claiming server's id, the claim time) in that order. The firing table's unique
     * key (schedule, scheduled time) makes a second server's claim of the same firing fail with
     * {@link org.springframework.dao.DuplicateKeyException} once the first commits.
     *
     * @return the firing row's id
     */
    public static long claimFiring(JdbcTemplate jdbc, String insert, long scheduleId, Instant scheduledAt,
            long managementServerId, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, scheduleId);
            ps.setTimestamp(2, Timestamp.from(scheduledAt));
            ps.setLong(3, managementServerId);
            ps.setTimestamp(4, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }
}
