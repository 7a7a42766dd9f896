package io.kboss.server.event.log;

import io.kboss.server.api.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads events for listEvents: what the caller may see, narrowed by the filters, newest first; archived or not. */
@Component
public class EventQuery {
    private final JdbcTemplate jdbc;

    public EventQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The filters of one listEvents call; null fields do not filter. {@code accountId} or {@code domainIds}
     * narrow the owners; with neither, {@code listAll} decides between the caller's own account and
     * everything the caller may see. {@code archived} picks the archived events (archiveEvents) or the others.
     */
    public record Filter(String uuid, String type, String level, Instant from, Instant to, String likePattern,
            Long accountId, Collection<Long> domainIds, boolean listAll, boolean archived) {
    }

    public List<EventResponse> list(Caller caller, Filter f, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, f, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT e.uuid, e.type, e.level, e.description, a.name, a.uuid, d.uuid, d.name,"
                + " u.username, e.state, e.resource_type, e.resource_uuid, e.created" + FROM + where
                + " ORDER BY e.created DESC, e.id DESC LIMIT ? OFFSET ?",
                (rs, i) -> new EventResponse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9) == null ? "system" : rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(12), rs.getTimestamp(13).toInstant()),
                args.toArray());
    }

    public long count(Caller caller, Filter f) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, f, args);
        return jdbc.queryForObject("SELECT COUNT(*)" + FROM + where, Long.class, args.toArray());
    }

    private static final String FROM = " FROM event e JOIN account a ON a.id = e.account_id JOIN domain d ON d.id ="
            + " e.domain_id LEFT JOIN `user` u ON u.id = e.user_id";

    private static String where(Caller caller, Filter f, List<Object> args) {
        // Archived events (archiveEvents) are listed only when asked for, as in CloudStack (since 4.19).
        StringBuilder w = new StringBuilder(" WHERE e.archived = ?");
        args.add(f.archived());
        // What the caller may see at all; the filters below only narrow it.
        switch (caller.role()) {
            case ROOT_ADMIN :
                break;
            case DOMAIN_ADMIN :
                w.append(" AND LEFT(d.path, CHAR_LENGTH(?)) = ?");
                args.add(caller.domainPath());
                args.add(caller.domainPath());
                break;
            default :
                w.append(" AND e.account_id = ?");
                args.add(caller.accountId());
        }
        if (f.accountId() != null) {
            w.append(" AND e.account_id = ?");
            args.add(f.accountId());
        } else if (f.domainIds() != null) {
            w.append(" AND e.domain_id IN (").append(String.join(", ", f.domainIds().stream().map(x -> "?")
                    .toList())).append(')');
            args.addAll(f.domainIds());
        } else if (!f.listAll()) {
            w.append(" AND e.account_id = ?");
            args.add(caller.accountId());
        }
        if (f.uuid() != null) {
            w.append(" AND e.uuid = ?");
            args.add(f.uuid());
        }
        if (f.type() != null) {
            w.append(" AND e.type = ?");
            args.add(f.type());
        }
        if (f.level() != null) {
            w.append(" AND e.level = ?");
            args.add(f.level());
        }
        if (f.from() != null) {
            w.append(" AND e.created >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            w.append(" AND e.created <= ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.likePattern() != null) {
            w.append(" AND (LOWER(e.description) LIKE ? OR LOWER(e.type) LIKE ?)");
            args.add(f.likePattern());
            args.add(f.likePattern());
        }
        return w.toString();
    }

    /** Deletes the events recorded before {@code before} (their deliveries go with them), in batches. */
    public int deleteBefore(Instant before, int batch) {
        int all = 0;
        int n;
        do {
            n = jdbc.update("DELETE FROM event WHERE created < ? ORDER BY id LIMIT " + batch, Timestamp.from(before));
            all += n;
        } while (n == batch);
        return all;
    }
}
