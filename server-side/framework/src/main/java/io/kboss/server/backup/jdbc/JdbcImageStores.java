package io.kboss.server.backup.jdbc;

import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link ImageStores} on {@code image_store}. */
@Component
public class JdbcImageStores implements ImageStores {
    private static final String STORE = "SELECT id, uuid, protocol, url, path FROM image_store";

    private final JdbcTemplate jdbc;

    public JdbcImageStores(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ImageStoreRef> readyOfZone(long zoneId) {
        return jdbc.query(STORE + " WHERE zone_id = ? AND removed IS NULL AND state = 'Ready' ORDER BY id LIMIT 1",
                (rs, i) -> new ImageStoreRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)),
                zoneId).stream().findFirst();
    }

    @Override
    public ImageStoreRef byId(long id) {
        return jdbc.queryForObject(STORE + " WHERE id = ?", (rs, i) -> new ImageStoreRef(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), id);
    }

    @Override
    public void addUsed(long storeId, long bytes) {
        jdbc.update("UPDATE image_store SET used_bytes = COALESCE(used_bytes, 0) + ? WHERE id = ?", bytes, storeId);
    }

    @Override
    public void releaseUsed(long storeId, long bytes) {
        jdbc.update("UPDATE image_store SET used_bytes = IF(COALESCE(used_bytes, 0) > ?, used_bytes - ?, 0)"
                + " WHERE id = ?", bytes, bytes, storeId);
    }
}
