package io.kboss.server.event.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code webhook}, {@code webhook_delivery} and {@code webhook_delivery_attempt} tables. */
@Component
public class WebhookRepository {
    private final JdbcTemplate jdbc;

    public WebhookRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A webhook row with its owner's names. The secret stays inside the server: answers mask it. */
    public record Webhook(long id, String uuid, String name, String description, String payloadUrl, String secretKey,
            String state, String scope, String eventTypes, long accountId, String accountName, long domainId,
            String domainUuid, String domainName, Instant created) {
    }

    private static final String WEBHOOK = "SELECT w.id, w.uuid, w.name, w.description, w.payload_url, w.secret_key,"
            + " w.state, w.scope, w.event_types, w.account_id, a.name, w.domain_id, d.uuid, d.name, w.created"
            + " FROM webhook w JOIN account a ON a.id = w.account_id JOIN domain d ON d.id = w.domain_id";

    private static Webhook webhook(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Webhook(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11),
                rs.getLong(12), rs.getString(13), rs.getString(14), rs.getTimestamp(15).toInstant());
    }

    public void insert(String uuid, String name, String description, String url, String secret, String state,
            String scope, String eventTypes, long accountId, long domainId, Instant now) {
        jdbc.update("INSERT INTO webhook (uuid, name, description, payload_url, secret_key, state, scope, event_types,"
                + " account_id, domain_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid, name, description,
                url, secret, state, scope, eventTypes, accountId, domainId, Timestamp.from(now));
    }

    public void update(long id, String name, String description, String url, String secret, String state,
            String scope, String eventTypes) {
        jdbc.update("UPDATE webhook SET name = ?, description = ?, payload_url = ?, secret_key = ?, state = ?,"
                + " scope = ?, event_types = ? WHERE id = ?", name, description, url, secret, state, scope, eventTypes,
                id);
    }

    /** Deletes the webhook with its deliveries and their attempts. */
    public void delete(long id) {
        jdbc.update("DELETE FROM webhook WHERE id = ?", id);
    }

    public Optional<Webhook> byUuid(String uuid) {
        return jdbc.query(WEBHOOK + " WHERE w.uuid = ?", (rs, i) -> webhook(rs), uuid).stream().findFirst();
    }

    /** The webhook row locked until the transaction ends. */
    public Optional<Webhook> lockByUuid(String uuid) {
        return jdbc.query(WEBHOOK + " WHERE w.uuid = ? FOR UPDATE", (rs, i) -> webhook(rs), uuid).stream()
                .findFirst();
    }

    /**
     * The webhooks matching the filters (null: no filter); {@code accountId} or {@code domainIds} narrow the
     * owners as {@link io.kboss.server.backup.ListOwner} decided.
     */
    public List<Webhook> list(String uuid, String name, String state, String scope, String like, Long accountId,
            Collection<Long> domainIds, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(uuid, name, state, scope, like, accountId, domainIds, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query(WEBHOOK + where + " ORDER BY w.created, w.id LIMIT ? OFFSET ?", (rs, i) -> webhook(rs),
                args.toArray());
    }

    public long count(String uuid, String name, String state, String scope, String like, Long accountId,
            Collection<Long> domainIds) {
        List<Object> args = new ArrayList<>();
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook w" + where(uuid, name, state, scope, like, accountId,
                domainIds, args), Long.class, args.toArray());
    }

    private static String where(String uuid, String name, String state, String scope, String like, Long accountId,
            Collection<Long> domainIds, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        if (uuid != null) {
            w.append(" AND w.uuid = ?");
            args.add(uuid);
        }
        if (name != null) {
            w.append(" AND w.name = ?");
            args.add(name);
        }
        if (state != null) {
            w.append(" AND w.state = ?");
            args.add(state);
        }
        if (scope != null) {
            w.append(" AND w.scope = ?");
            args.add(scope);
        }
        if (like != null) {
            w.append(" AND (LOWER(w.name) LIKE ? OR LOWER(w.description) LIKE ?)");
            args.add(like);
            args.add(like);
        }
        if (accountId != null) {
            w.append(" AND w.account_id = ?");
            args.add(accountId);
        }
        if (domainIds != null) {
            // The webhook's domain: its owner's, or the domain a Domain-scope webhook covers.
            w.append(" AND w.domain_id IN (").append(String.join(", ", domainIds.stream().map(x -> "?").toList()))
                    .append(")");
            args.addAll(domainIds);
        }
        return w.toString();
    }

    /** A delivery due to be sent, with what sending it needs. */
    public record Due(long id, String uuid, int attempts, String payload, String url, String secretKey,
            String eventType, String state) {
    }

    private static final String DUE = "SELECT d.id, d.uuid, d.attempts, d.payload, w.payload_url, w.secret_key,"
            + " e.type, d.state FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN event e ON e.id = d.event_id";

    private static Due due(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Due(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /** Pending deliveries of enabled webhooks whose next attempt is due, the longest waiting first. */
    public List<Due> due(Instant now, int limit) {
        return jdbc.query(DUE + " WHERE d.state = 'PENDING' AND d.next_attempt <= ? AND w.state = 'Enabled'"
                + " ORDER BY d.next_attempt, d.id LIMIT ?", (rs, i) -> due(rs), Timestamp.from(now), limit);
    }

    /** A delivery by uuid, whatever its state. */
    public Optional<Due> delivery(String uuid) {
        return jdbc.query(DUE + " WHERE d.uuid = ?", (rs, i) -> due(rs), uuid).stream().findFirst();
    }

    /** Whether the webhook of the delivery is Enabled. */
    public boolean enabled(String deliveryUuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE d.uuid = ? AND w.state = 'Enabled'", Long.class, deliveryUuid) > 0;
    }

    /** The attempt {@code attempt} of a delivery. */
    public Optional<AttemptRow> attempt(String deliveryUuid, int attempt) {
        return attemptRows(" WHERE d.uuid = ? AND t.attempt = ?", deliveryUuid, attempt).stream().findFirst();
    }

    /** The delivery's webhook and event, for an alert's text. */
    public String describe(long deliveryId) {
        return jdbc.queryForObject("SELECT CONCAT('the delivery of event ', e.uuid, ' (', e.type, ') to webhook ',"
                + " w.name, ' (', w.uuid, ')') FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " JOIN event e ON e.id = d.event_id WHERE d.id = ?", String.class, deliveryId);
    }

    public record Attempt(int attempt, Long serverId, Instant started, Instant ended, Integer statusCode,
            boolean success, String response) {
    }

    public void insertAttempt(String uuid, long deliveryId, Attempt a) {
        jdbc.update("INSERT INTO webhook_delivery_attempt (uuid, delivery_id, attempt, mshost_id, started, ended,"
                + " duration_ms, status_code, success, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid,
                deliveryId, a.attempt(), a.serverId(), Timestamp.from(a.started()), Timestamp.from(a.ended()),
                Math.max(0, a.ended().toEpochMilli() - a.started().toEpochMilli()), a.statusCode(), a.success(),
                a.response());
    }

    /**
     * Ends or reschedules a delivery after an attempt, if nobody recorded that attempt first (a server that
     * took the sending over meanwhile); false then.
     */
    public boolean afterAttempt(long id, int attemptsBefore, String state, Instant next, Instant ended) {
        return jdbc.update("UPDATE webhook_delivery SET state = ?, attempts = attempts + 1, next_attempt = ?,"
                + " ended = ? WHERE id = ? AND attempts = ?", state, Timestamp.from(next),
                ended == null ? null : Timestamp.from(ended), id, attemptsBefore) == 1;
    }

    /** An attempt as listWebhookDeliveries answers it. */
    public record AttemptRow(String uuid, String deliveryUuid, String webhookUuid, String webhookName,
            String eventUuid, String eventType, String payload, int attempt, Integer statusCode, boolean success,
            String response, Instant started, Instant ended, long durationMs, String serverUuid,
            String deliveryState) {
    }

    private static final String ATTEMPTS = " FROM webhook_delivery_attempt t JOIN webhook_delivery d ON d.id ="
            + " t.delivery_id JOIN webhook w ON w.id = d.webhook_id JOIN event e ON e.id = d.event_id"
            + " LEFT JOIN mshost m ON m.id = t.mshost_id";

    public List<AttemptRow> attempts(String uuid, String webhookUuid, String eventUuid, Instant from, Instant to,
            long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = attemptsWhere(uuid, webhookUuid, eventUuid, from, to, args);
        args.add(limit);
        args.add(offset);
        return attemptRows(where + " ORDER BY t.started DESC, t.id DESC LIMIT ? OFFSET ?", args.toArray());
    }

    private List<AttemptRow> attemptRows(String where, Object... args) {
        return jdbc.query("SELECT t.uuid, d.uuid, w.uuid, w.name, e.uuid, e.type, d.payload, t.attempt,"
                + " t.status_code, t.success, t.response, t.started, t.ended, t.duration_ms, m.uuid, d.state"
                + ATTEMPTS + where,
                (rs, i) -> new AttemptRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                        rs.getObject(9, Integer.class), rs.getBoolean(10), rs.getString(11),
                        rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant(), rs.getLong(14),
                        rs.getString(15), rs.getString(16)),
                args);
    }

    public long countAttempts(String uuid, String webhookUuid, String eventUuid, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        return jdbc.queryForObject("SELECT COUNT(*)" + ATTEMPTS + attemptsWhere(uuid, webhookUuid, eventUuid, from,
                to, args), Long.class, args.toArray());
    }

    private static String attemptsWhere(String uuid, String webhookUuid, String eventUuid, Instant from, Instant to,
            List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        if (uuid != null) {
            w.append(" AND t.uuid = ?");
            args.add(uuid);
        }
        if (webhookUuid != null) {
            w.append(" AND w.uuid = ?");
            args.add(webhookUuid);
        }
        if (eventUuid != null) {
            w.append(" AND e.uuid = ?");
            args.add(eventUuid);
        }
        if (from != null) {
            w.append(" AND t.started >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            w.append(" AND t.started <= ?");
            args.add(Timestamp.from(to));
        }
        return w.toString();
    }

    /** Whether an event with this uuid exists. */
    public boolean eventExists(String uuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM event WHERE uuid = ?", Long.class, uuid) > 0;
    }
}
