package io.kboss.server.backup.schedule;

import io.kboss.server.backup.ScheduleColumns;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** {@code backup_schedule} and {@code backup_schedule_firing}: the only SQL of schedules. */
public class ScheduleRepository {
    private static final String SELECT = "SELECT s.id, s.uuid, s.vm_id, v.uuid, v.name, v.account_id, d.path,"
            + " s.max_backups, s.quiesce, s.isolated, s.interval_type, s.schedule, s.timezone, s.next_fire"
            + " FROM backup_schedule s JOIN vm_instance v ON v.id = s.vm_id JOIN domain d ON d.id = v.domain_id";

    private final JdbcTemplate jdbc;

    public ScheduleRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The values a caller sets on a schedule. */
    public record Values(StoredSchedule schedule, Integer maxBackups, boolean quiesce, boolean isolated) {
    }

    public long insert(String uuid, long vmId, Values v, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        Object[] schedule = ScheduleColumns.values(v.schedule());
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO backup_schedule (uuid, vm_id, max_backups, quiesce,"
                    + " isolated, created, " + ScheduleColumns.NAMES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, uuid);
            ps.setLong(2, vmId);
            ps.setObject(3, v.maxBackups());
            ps.setBoolean(4, v.quiesce());
            ps.setBoolean(5, v.isolated());
            ps.setTimestamp(6, Timestamp.from(now));
            for (int i = 0; i < schedule.length; i++) {
                ps.setObject(7 + i, schedule[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void update(long id, Values v) {
        Object[] s = ScheduleColumns.values(v.schedule());
        jdbc.update("UPDATE backup_schedule SET " + ScheduleColumns.ASSIGNMENTS + ", max_backups = ?, quiesce = ?,"
                + " isolated = ? WHERE id = ? AND removed IS NULL", s[0], s[1], s[2], s[3], v.maxBackups(),
                v.quiesce(), v.isolated(), id);
    }

    public void remove(long id, Instant now) {
        jdbc.update("UPDATE backup_schedule SET removed = ? WHERE id = ? AND removed IS NULL", Timestamp.from(now), id);
    }

    public Optional<ScheduleRecord> findLive(String uuid) {
        return jdbc.query(SELECT + " WHERE s.uuid = ? AND s.removed IS NULL", ScheduleRepository::schedule, uuid)
                .stream().findFirst();
    }

    public Optional<ScheduleRecord> findLiveById(long id) {
        return jdbc.query(SELECT + " WHERE s.id = ? AND s.removed IS NULL", ScheduleRepository::schedule, id).stream()
                .findFirst();
    }

    /** The interval types of schedules by id, deleted ones too. */
    public java.util.Map<Long, String> intervalTypes(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, interval_type FROM backup_schedule WHERE id IN ("
                    + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")", rs -> {
                        out.put(rs.getLong(1), rs.getString(2));
                    }, ids.toArray());
        }
        return out;
    }

    /** Locks the schedule's row alone (a FOR UPDATE on the join would lock its VM's and domain's too). */
    public Optional<ScheduleRecord> findLiveForUpdate(long id) {
        if (jdbc.queryForList("SELECT id FROM backup_schedule WHERE id = ? AND removed IS NULL FOR UPDATE", Long.class,
                id).isEmpty()) {
            return Optional.empty();
        }
        return findLiveById(id);
    }

    public List<ScheduleRecord> liveOfVm(long vmId) {
        return jdbc.query(SELECT + " WHERE s.vm_id = ? AND s.removed IS NULL ORDER BY s.id",
                ScheduleRepository::schedule,
                vmId);
    }

    public List<ScheduleRecord> allLive() {
        return jdbc.query(SELECT + " WHERE s.removed IS NULL AND v.removed IS NULL ORDER BY s.id",
                ScheduleRepository::schedule);
    }

    /** Live schedules whose next firing is not after {@code now}, oldest first, at most {@code limit}. */
    public List<ScheduleRecord> due(Instant now, int limit) {
        return jdbc.query(SELECT + " WHERE s.removed IS NULL AND v.removed IS NULL AND s.next_fire <= ?"
                + " ORDER BY s.next_fire, s.id LIMIT ?", ScheduleRepository::schedule, Timestamp.from(now), limit);
    }

    public void setNextFire(long id, Instant nextFire) {
        jdbc.update("UPDATE backup_schedule SET next_fire = ? WHERE id = ?", Timestamp.from(nextFire), id);
    }

    /**
     * Claims a firing by inserting its row; the unique key (schedule_id, scheduled_time) makes a
     * second claim of the same firing fail with {@link org.springframework.dao.DuplicateKeyException}.
     */
    public long insertFiring(long scheduleId, Instant scheduledAt, long claimedBy, Instant now) {
        return ScheduleColumns.claimFiring(jdbc, "INSERT INTO backup_schedule_firing (schedule_id, scheduled_time,"
                + " claimed_by, claimed_at) VALUES (?, ?, ?, ?)", scheduleId, scheduledAt, claimedBy, now);
    }

    public void firingQueued(long firingId, long backupId) {
        jdbc.update("UPDATE backup_schedule_firing SET backup_id = ? WHERE id = ?", backupId, firingId);
    }

    public void firingSkipped(long firingId, String why) {
        jdbc.update("UPDATE backup_schedule_firing SET error = ? WHERE id = ?",
                why.length() > 2048 ? why.substring(0, 2048) : why, firingId);
    }

    private static ScheduleRecord schedule(ResultSet rs, int i) throws SQLException {
        return new ScheduleRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), (Integer) rs.getObject(8, Integer.class), rs.getBoolean(9),
                rs.getBoolean(10), ScheduleColumns.read(rs, 11));
    }
}
