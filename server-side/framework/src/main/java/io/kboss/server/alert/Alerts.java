package io.kboss.server.alert;

import io.kboss.server.event.AlertLog;
import io.kboss.server.event.AlertType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code alert} table. {@link #raise} joins the caller's transaction: an alert commits with the
 * failure it reports. Each alert is also logged at WARN (descriptions never carry secrets).
 */
@Component
public class Alerts implements AlertLog {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final int MAX_DESCRIPTION = 1024;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Alerts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An alert as listAlerts answers it. */
    public record AlertResponse(String id, short type, String name, String description, Instant sent) {
    }

    @Override
    public void raise(AlertType type, String description, Long zoneId) {
        String text = description.length() > MAX_DESCRIPTION
                ? description.substring(0, MAX_DESCRIPTION - 1) + "…"
                : description;
        jdbc.update("INSERT INTO alert (uuid, type, name, description, zone_id, created) VALUES (?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), type.type(), type.alertName(), text, zoneId,
                Timestamp.from(clock.instant()));
        LOG.warn("Alert {}: {}", type.alertName(), text);
    }

    public List<AlertResponse> list(String uuid, Short type, String name, String like, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(uuid, type, name, like, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT uuid, type, name, description, created FROM alert" + where
                + " ORDER BY created DESC, id DESC LIMIT ? OFFSET ?",
                (rs, i) -> new AlertResponse(rs.getString(1),
                        rs.getShort(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()),
                args.toArray());
    }

    public long count(String uuid, Short type, String name, String like) {
        List<Object> args = new ArrayList<>();
        return jdbc.queryForObject("SELECT COUNT(*) FROM alert" + where(uuid, type, name, like, args), Long.class,
                args.toArray());
    }

    private static String where(String uuid, Short type, String name, String like, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        if (uuid != null) {
            w.append(" AND uuid = ?");
            args.add(uuid);
        }
        if (type != null) {
            w.append(" AND type = ?");
            args.add(type);
        }
        if (name != null) {
            w.append(" AND name = ?");
            args.add(name);
        }
        if (like != null) {
            w.append(" AND LOWER(description) LIKE ?");
            args.add(like);
        }
        return w.toString();
    }

    /** Deletes the alerts raised before {@code before}; returns how many went. */
    public int deleteBefore(Instant before) {
        return jdbc.update("DELETE FROM alert WHERE created < ?", Timestamp.from(before));
    }
}
