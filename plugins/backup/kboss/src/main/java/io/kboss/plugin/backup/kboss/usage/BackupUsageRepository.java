package io.kboss.plugin.backup.kboss.usage;

import io.kboss.plugin.backup.kboss.domain.usage.StoredBackup;
import java.sql.Timestamp;
import java.time.Instant;
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

    /** The account's backups taken by {@code to} and not removed before {@code from}: what it stored then. */
    public List<StoredBackup> storedByAccount(long accountId, Instant from, Instant to) {
        return jdbc.query("SELECT date, COALESCE(size, 0), removed FROM backup WHERE account_id = ?"
                + " AND date IS NOT NULL AND date <= ? AND (removed IS NULL OR removed > ?)", (rs, i) -> {
                    Timestamp removed = rs.getTimestamp(3);
                    return new StoredBackup(rs.getTimestamp(1).toInstant(), rs.getLong(2),
                            removed == null ? null : removed.toInstant());
                }, accountId, Timestamp.from(to), Timestamp.from(from));
    }
}
