package io.kboss.server.event.log;

import io.kboss.server.api.dispatch.ApiJson;
import io.kboss.server.backup.Transactions;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.NewEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code event} table and the webhook deliveries an event queues. The event row, and one
 * {@code webhook_delivery} per enabled webhook whose scope and event types match, are written in the
 * caller's transaction: the body every attempt of a delivery sends is fixed here, so its signature is
 * the same on each retry.
 */
@Component
public class JdbcEventLog implements EventLog {
    private static final int MAX_DESCRIPTION = 1024;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public JdbcEventLog(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    private record Owner(String accountUuid, String accountName, long domainId, String domainUuid, String domainName,
            String domainPath) {
    }

    @Override
    public String record(NewEvent e) {
        return Transactions.retried(tx, () -> write(e));
    }

    private String write(NewEvent e) {
        Owner o = jdbc.queryForObject("SELECT a.uuid, a.name, a.domain_id, d.uuid, d.name, d.path FROM account a"
                + " JOIN domain d ON d.id = a.domain_id WHERE a.id = ?",
                (rs, i) -> new Owner(rs.getString(1),
                        rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                e.accountId());
        String username = e.userId() == null
                ? null
                : jdbc.queryForList("SELECT username FROM `user` WHERE id = ?", String.class, e.userId()).stream()
                        .findFirst().orElse(null);
        String uuid = UUID.randomUUID().toString();
        // Millisecond precision, as the column keeps it: the webhook body says what listEvents says.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String description = e.description().length() > MAX_DESCRIPTION
                ? e.description().substring(0, MAX_DESCRIPTION - 1) + "…"
                : e.description();
        Timestamp at = Timestamp.from(now);
        jdbc.update("INSERT INTO event (uuid, type, state, level, description, user_id, account_id, domain_id,"
                + " resource_type, resource_uuid, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid, e.type(),
                e.state().name(), e.level().name(), description, e.userId(), e.accountId(), o.domainId(),
                e.resourceType(), e.resourceUuid(), at);
        long id = jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class);
        EventResponse body = new EventResponse(uuid, e.type(), e.level().name(), description, o.accountName(),
                o.accountUuid(), o.domainUuid(), o.domainName(), username == null ? "system" : username,
                e.state().name(), e.resourceType(), e.resourceUuid(), now);
        // Scope: Local is the webhook's account, Domain its domain and the domains below, Global every event.
        jdbc.update("INSERT INTO webhook_delivery (uuid, webhook_id, event_id, payload, state, attempts, next_attempt,"
                + " created) SELECT UUID(), w.id, ?, ?, 'PENDING', 0, ?, ? FROM webhook w JOIN domain wd ON wd.id ="
                + " w.domain_id WHERE w.state = 'Enabled' AND (w.event_types IS NULL OR FIND_IN_SET(?, w.event_types)"
                + " > 0) AND (w.scope = 'Global' OR (w.scope = 'Local' AND w.account_id = ?) OR (w.scope = 'Domain'"
                + " AND LEFT(?, CHAR_LENGTH(wd.path)) = wd.path))", id, ApiJson.gson().toJson(body), at, at, e.type(),
                e.accountId(), o.domainPath());
        return uuid;
    }
}
