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
    public record Extraction(long id, String uuid, long backupId, long accountId, long imageStoreId,
            String relativePath, String fileName, long sizeBytes, Instant expires) {
    }

    /** Records a copy unless its uuid is already recorded (an adopted operation ends twice); false then. */
    public boolean add(String uuid, String tokenSha256, long backupId, long accountId, long imageStoreId,
            String relativePath, String fileName, long sizeBytes, Instant created, Instant expires) {
        return jdbc.update("INSERT IGNORE INTO backup_file_extraction (uuid, token_sha256, backup_id, account_id,"
                + " image_store_id, relative_path, file_name, size_bytes, created, expires)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid, tokenSha256, backupId, accountId, imageStoreId,
                relativePath, fileName, sizeBytes, Timestamp.from(created), Timestamp.from(expires)) == 1;
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

    private static final String SELECT = "SELECT id, uuid, backup_id, account_id, image_store_id, relative_path,"
            + " file_name, size_bytes, expires FROM backup_file_extraction";

    private static Extraction row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Extraction(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), rs.getTimestamp(9).toInstant());
    }
}
