package io.kboss.server.event.log;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.Transactions;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * deleteEvents and archiveEvents on the {@code event} table. Who may change what, as CloudStack decides it:
 * users their own account's events, domain admins the events of their domain and the domains below, root
 * admins every event. Events outside that are never touched, whatever the filters say.
 *
 * <p>Named events ({@code ids}) are checked first, in the same transaction as the change: if one of them is
 * not an event the caller may change, nothing changes and the call is refused naming it, as CloudStack
 * changes nothing when it finds fewer events than ids. A deleted event takes its webhook deliveries with it
 * (pending ones too, as event.purge.delay does); an archived one keeps them.
 */
@Component
public class EventChanges {
    private static final Logger LOG = LoggerFactory.getLogger(EventChanges.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public EventChanges(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** @return how many events were deleted */
    int delete(Caller caller, EventSelection s) throws ApiException {
        int n = Transactions.run(tx, () -> {
            List<Object> args = new ArrayList<>();
            String where = where(caller, s, args, "delete");
            return jdbc.update("DELETE FROM event" + where, args.toArray());
        });
        LOG.info("{} of account {} deleted {} event(s) ({})", caller.username(), caller.accountName(), n, s);
        return n;
    }

    /** @return how many events were archived now (those archived before are not counted again) */
    int archive(Caller caller, EventSelection s) throws ApiException {
        int n = Transactions.run(tx, () -> {
            List<Object> args = new ArrayList<>();
            String where = where(caller, s, args, "archive");
            return jdbc.update("UPDATE event SET archived = 1" + where + " AND archived = 0", args.toArray());
        });
        LOG.info("{} of account {} archived {} event(s) ({})", caller.username(), caller.accountName(), n, s);
        return n;
    }

    /**
     * The WHERE clause for the caller's events matching the selection. With ids, first checks (locking them)
     * that every one is such an event.
     */
    private String where(Caller caller, EventSelection s, List<Object> args, String verb) throws ApiException {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        switch (caller.role()) {
            case ROOT_ADMIN :
                break;
            case DOMAIN_ADMIN :
                w.append(" AND domain_id IN (SELECT d.id FROM domain d WHERE LEFT(d.path, CHAR_LENGTH(?)) = ?)");
                args.add(caller.domainPath());
                args.add(caller.domainPath());
                break;
            default :
                w.append(" AND account_id = ?");
                args.add(caller.accountId());
        }
        if (!s.uuids().isEmpty()) {
            w.append(" AND uuid IN (").append(String.join(", ", s.uuids().stream().map(x -> "?").toList()))
                    .append(')');
            args.addAll(s.uuids());
            Set<String> missing = new LinkedHashSet<>(s.uuids());
            missing.removeAll(jdbc.queryForList("SELECT uuid FROM event" + w + " FOR UPDATE", String.class,
                    args.toArray()));
            if (!missing.isEmpty()) {
                throw ApiException.invalidParameter("Parameter ids: no event you may " + verb + " has ID "
                        + String.join(", ", missing) + "; nothing was changed (listEvents shows the events you may "
                        + "see)");
            }
        }
        if (s.type() != null) {
            w.append(" AND type = ?");
            args.add(s.type());
        }
        if (s.from() != null) {
            w.append(" AND created >= ?");
            args.add(Timestamp.from(s.from()));
        }
        if (s.to() != null) {
            w.append(" AND created <= ?");
            args.add(Timestamp.from(s.to()));
        }
        return w.toString();
    }
}
