package io.kboss.server.event.log;

import io.kboss.server.api.dispatch.ApiJson;
import io.kboss.server.backup.Transactions;
import io.kboss.server.config.InLists;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.NewEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code event} table and the webhook deliveries an event queues. The event rows, and one
 * {@code webhook_delivery} per enabled webhook whose scope and event types match each of them, are
 * written in the caller's transaction: the body every attempt of a delivery sends is fixed here, so its
 * signature is the same on each retry.
 *
 * <p>A batch costs the same few statements whatever its size (its accounts' owners, its users' names
 * when it has users, one INSERT of every event, the matching webhooks, and one INSERT of their
 * deliveries when any match): the queue's claim records a Started event for each operation it claims
 * while it holds its limit group's lock, so a statement per event would hold that lock once per
 * operation claimed.
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

    private record Owner(String accountUuid, String accountName, long domainId, String domainUuid,
            String domainName) {
    }

    @Override
    public String record(NewEvent e) {
        return recordAll(List.of(e)).get(0);
    }

    @Override
    public List<String> recordAll(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return Transactions.retried(tx, () -> write(events));
    }

    private List<String> write(List<NewEvent> events) {
        Set<Long> accountIds = new LinkedHashSet<>();
        Set<Long> userIds = new LinkedHashSet<>();
        for (NewEvent e : events) {
            accountIds.add(e.accountId());
            if (e.userId() != null) {
                userIds.add(e.userId());
            }
        }
        Map<Long, Owner> owners = owners(accountIds);
        Map<Long, String> usernames = usernames(userIds);
        // Millisecond precision, as the column keeps it: the webhook body says what listEvents says.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Timestamp at = Timestamp.from(now);
        List<String> uuids = new ArrayList<>(events.size());
        Map<String, String> bodies = new HashMap<>();
        List<Object> args = new ArrayList<>(events.size() * 11);
        for (NewEvent e : events) {
            Owner o = owners.get(e.accountId());
            if (o == null) {
                throw new IllegalArgumentException("event " + e.type() + " names account " + e.accountId()
                        + ", which does not exist");
            }
            String uuid = UUID.randomUUID().toString();
            String description = e.description().length() > MAX_DESCRIPTION
                    ? e.description().substring(0, MAX_DESCRIPTION - 1) + "…"
                    : e.description();
            String username = e.userId() == null ? null : usernames.get(e.userId());
            bodies.put(uuid, ApiJson.gson().toJson(new EventResponse(uuid, e.type(), e.level().name(), description,
                    o.accountName(), o.accountUuid(), o.domainUuid(), o.domainName(),
                    username == null ? "system" : username, e.state().name(), e.resourceType(), e.resourceUuid(),
                    now)));
            uuids.add(uuid);
            args.addAll(Arrays.asList(uuid, e.type(), e.state().name(), e.level().name(), description,
                    e.userId(), e.accountId(), o.domainId(), e.resourceType(), e.resourceUuid(), at));
        }
        jdbc.update("INSERT INTO event (uuid, type, state, level, description, user_id, account_id, domain_id,"
                + " resource_type, resource_uuid, created) VALUES "
                + String.join(", ", Collections.nCopies(events.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
                args.toArray());
        queueDeliveries(uuids, bodies, at);
        return uuids;
    }

    /**
     * One delivery per enabled webhook each new event matches. Scope: Local is the webhook's account,
     * Domain its domain and the domains below (the event's domain path starts with the webhook's), Global
     * every event. The match is read from the rows just written, so it sees exactly what listEvents will.
     */
    private record Match(String eventUuid, long eventId, long webhookId) {
    }

    private void queueDeliveries(List<String> uuids, Map<String, String> bodies, Timestamp at) {
        List<String> padded = InLists.padded(uuids);
        List<Match> matches = jdbc.query("SELECT e.uuid, e.id, w.id FROM event e JOIN domain ed ON ed.id ="
                + " e.domain_id JOIN webhook w ON w.state = 'Enabled' JOIN domain wd ON wd.id = w.domain_id"
                + " WHERE e.uuid IN (" + InLists.marks(padded.size()) + ") AND (w.event_types IS NULL OR"
                + " FIND_IN_SET(e.type, w.event_types) > 0) AND (w.scope = 'Global' OR (w.scope = 'Local' AND"
                + " w.account_id = e.account_id) OR (w.scope = 'Domain' AND LEFT(ed.path, CHAR_LENGTH(wd.path))"
                + " = wd.path)) ORDER BY e.id, w.id",
                (rs, i) -> new Match(rs.getString(1), rs.getLong(2), rs.getLong(3)), padded.toArray());
        if (matches.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(matches.size() * 5);
        for (Match m : matches) {
            args.addAll(Arrays.asList(m.webhookId(), m.eventId(), bodies.get(m.eventUuid()), at, at));
        }
        jdbc.update("INSERT INTO webhook_delivery (uuid, webhook_id, event_id, payload, state, attempts, next_attempt,"
                + " created) VALUES "
                + String.join(", ", Collections.nCopies(matches.size(), "(UUID(), ?, ?, ?, 'PENDING', 0, ?, ?)")),
                args.toArray());
    }

    private Map<Long, Owner> owners(Collection<Long> accountIds) {
        Map<Long, Owner> out = new HashMap<>();
        List<Long> ids = InLists.padded(accountIds);
        jdbc.query("SELECT a.id, a.uuid, a.name, a.domain_id, d.uuid, d.name FROM account a JOIN domain d ON d.id ="
                + " a.domain_id WHERE a.id IN (" + InLists.marks(ids.size()) + ")", rs -> {
                    out.put(rs.getLong(1), new Owner(rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6)));
                }, ids.toArray());
        return out;
    }

    private Map<Long, String> usernames(Collection<Long> userIds) {
        Map<Long, String> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<Long> ids = InLists.padded(userIds);
        jdbc.query("SELECT id, username FROM `user` WHERE id IN (" + InLists.marks(ids.size()) + ")",
                rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                }, ids.toArray());
        return out;
    }
}
