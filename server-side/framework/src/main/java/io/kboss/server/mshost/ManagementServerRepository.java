package io.kboss.server.mshost;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code mshost} table: one row per incarnation of a management server. */
@Repository
public class ManagementServerRepository {
    private final JdbcTemplate jdbc;

    public ManagementServerRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long register(String uuid, String name, String address, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO mshost (uuid, name, address, last_heartbeat, state)"
                    + " VALUES (?, ?, ?, ?, 'Up')", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, uuid);
            ps.setString(2, name);
            ps.setString(3, address);
            ps.setTimestamp(4, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** The earlier rows of the server named {@code name}: its incarnations before {@code currentId}. */
    public List<Long> earlierIncarnations(String name, long currentId) {
        return jdbc.queryForList("SELECT id FROM mshost WHERE name = ? AND id <> ? ORDER BY id", Long.class, name,
                currentId);
    }

    public void markDown(List<Long> ids) {
        for (long id : ids) {
            jdbc.update("UPDATE mshost SET state = 'Down' WHERE id = ? AND state <> 'Down'", id);
        }
    }

    public void heartbeat(long id, Instant now) {
        jdbc.update("UPDATE mshost SET last_heartbeat = ? WHERE id = ?", Timestamp.from(now), id);
    }
}
