package io.kboss.plugin.backup.kboss.usage;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a change of a taken backup's size (table {@code backup_size_change}, V28) so that the account
 * storage history counts the backup with the size it had at each moment, not its size now.
 */
public final class SizeChanges {
    /** Why a backup's size changed after it was taken. */
    public enum Reason {
        COMPRESSION, MERGE
    }

    private SizeChanges() {
    }

    /** The backup's size now, to pass to {@link #recordSince} once it was set again. */
    public static long sizeOf(JdbcTemplate jdbc, long backupId) {
        Long size = jdbc.queryForObject("SELECT COALESCE(size, 0) FROM backup WHERE id = ?", Long.class, backupId);
        return size == null ? 0 : size;
    }

    /** Records the backup's size now against {@code before}, at {@code at}; nothing when it did not change. */
    public static void recordSince(JdbcTemplate jdbc, long backupId, long before, Reason reason, Instant at) {
        long after = sizeOf(jdbc, backupId);
        if (after != before) {
            jdbc.update("INSERT INTO backup_size_change (backup_id, changed, size_before, size_after, reason)"
                    + " VALUES (?, ?, ?, ?, ?)", backupId, Timestamp.from(at), before, after, reason.name());
        }
    }
}
