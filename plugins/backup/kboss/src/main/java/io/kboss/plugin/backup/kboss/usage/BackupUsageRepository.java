package io.kboss.plugin.backup.kboss.usage;

import io.kboss.plugin.backup.kboss.domain.usage.StoredBackup;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the backups' history: taken backups (those with a {@code date}), removed ones too. */
public class BackupUsageRepository {
    private final JdbcTemplate jdbc;

    public BackupUsageRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A taken backup of a VM as the history shows it. */
    public record TakenBackup(long id, String uuid, String type, String status, Instant date, Long size,
            Long virtualSize, Instant removed) {
    }

    /** A page of the VM's backups taken in the window, newest first. */
    public List<TakenBackup> takenOfVm(long vmId, Instant from, Instant to, long offset, int limit) {
        return jdbc.query("SELECT id, uuid, type, status, date, size, virtual_size, removed FROM backup"
                + " WHERE vm_id = ? AND date IS NOT NULL AND date >= ? AND date <= ? ORDER BY date DESC, id DESC"
                + " LIMIT ? OFFSET ?", (rs, i) -> {
                    Timestamp removed = rs.getTimestamp(8);
                    return new TakenBackup(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getObject(6, Long.class), rs.getObject(7, Long.class),
                            removed == null ? null : removed.toInstant());
                }, vmId, Timestamp.from(from), Timestamp.from(to), limit, offset);
    }

    public long countTakenOfVm(long vmId, Instant from, Instant to) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM backup WHERE vm_id = ? AND date IS NOT NULL AND date >= ?"
                + " AND date <= ?", Long.class, vmId, Timestamp.from(from), Timestamp.from(to));
    }

    /**
     * The account's backups taken by {@code to} and not removed before {@code from}: what it stored then,
     * each with the changes of its size recorded since V28 (backup_size_change).
     */
    public List<StoredBackup> storedByAccount(long accountId, Instant from, Instant to) {
        String which = " FROM backup WHERE account_id = ? AND date IS NOT NULL AND date <= ?"
                + " AND (removed IS NULL OR removed > ?)";
        Map<Long, List<StoredBackup.Resize>> resizes = new HashMap<>();
        jdbc.query("SELECT backup_id, changed, size_before, size_after FROM backup_size_change WHERE backup_id IN"
                + " (SELECT id" + which + ") ORDER BY backup_id, changed, id", rs -> {
                    resizes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new StoredBackup.Resize(
                            rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4)));
                }, accountId, Timestamp.from(to), Timestamp.from(from));
        return jdbc.query("SELECT id, date, COALESCE(size, 0), removed" + which, (rs, i) -> {
            Timestamp removed = rs.getTimestamp(4);
            return new StoredBackup(rs.getTimestamp(2).toInstant(), rs.getLong(3),
                    removed == null ? null : removed.toInstant(), resizes.getOrDefault(rs.getLong(1), List.of()));
        }, accountId, Timestamp.from(to), Timestamp.from(from));
    }
}
