package io.kboss.plugin.backup.kboss.filerestore;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code backup_file_extraction} rows (V20): the copies extractBackupFile made and their download links. */
public class FileExtractions {
    private final JdbcTemplate jdbc;

    public FileExtractions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One copy on a store and its link. */
    public record Extraction(long id, String uuid, long backupId, long accountId, long imageStoreId, Long hostId,
            String relativePath, String fileName, long sizeBytes, Instant expires) {
    }

    /**
     * Records a copy unless its uuid is already recorded (an adopted operation ends twice); false then.
     * {@code hostId} is the host whose agent wrote it, which reads and deletes it when the server cannot.
     */
    public boolean add(String uuid, String tokenSha256, long backupId, long accountId, long imageStoreId, Long hostId,
            String relativePath, String fileName, long sizeBytes, Instant created, Instant expires) {
        return jdbc.update("INSERT IGNORE INTO backup_file_extraction (uuid, token_sha256, backup_id, account_id,"
                + " image_store_id, host_id, relative_path, file_name, size_bytes, created, expires)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid, tokenSha256, backupId, accountId, imageStoreId,
                hostId, relativePath, fileName, sizeBytes, Timestamp.from(created), Timestamp.from(expires)) == 1;
    }

    public Optional<Extraction> byToken(String tokenSha256) {
        return jdbc.query(SELECT + " WHERE token_sha256 = ?", (rs, i) -> row(rs), tokenSha256).stream().findFirst();
    }

    /** Copies whose link expired, oldest first, at most {@code limit}. */
    public List<Extraction> expired(Instant now, int limit) {
        return jdbc.query(SELECT + " WHERE expires <= ? ORDER BY expires LIMIT ?", (rs, i) -> row(rs),
                Timestamp.from(now), limit);
    }

    public void remove(long id) {
        jdbc.update("DELETE FROM backup_file_extraction WHERE id = ?", id);
    }

    private static final String SELECT = "SELECT id, uuid, backup_id, account_id, image_store_id, host_id, relative_path,"
            + " file_name, size_bytes, expires FROM backup_file_extraction";

    private static Extraction row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Extraction(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getObject(6, Long.class), rs.getString(7), rs.getString(8), rs.getLong(9),
                rs.getTimestamp(10).toInstant());
    }
}
