package io.kboss.server.operation.engine;

import io.kboss.server.event.AlertType;
import io.kboss.server.alert.Alerts;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CallerContext;
import io.kboss.server.event.EventLevel;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.EventState;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.NewEvent;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationState;
import io.kboss.server.config.InLists;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The events of queued work: Scheduled when an operation is queued, Started when a server claims it,
 * Completed when it ends (ERROR when it failed or was cancelled), each in the transaction that changes
 * the operation's row, so an event is never lost nor recorded for a change that rolled back. The event
 * belongs to the VM's account; its user is the API caller who queued it (none for schedules, retention,
 * sweeps). A FAILED end also raises an alert: a failed backup is {@link AlertType#BACKUP_FAILED}, a
 * failed validation {@link AlertType#VALIDATION_FAILED}, anything else {@link AlertType#OPERATION_FAILED}.
 */
public class OperationEvents {
    private final EventLog log;
    private final Alerts alerts;
    private final OperationKinds kinds;
    private final JdbcTemplate jdbc;

    public OperationEvents(EventLog log, Alerts alerts, OperationKinds kinds, JdbcTemplate jdbc) {
        this.log = log;
        this.alerts = alerts;
        this.kinds = kinds;
        this.jdbc = jdbc;
    }

    private record Subject(long accountId, String vmName, String vmUuid, Long userId) {
        Subject by(Long user) {
            return new Subject(accountId, vmName, vmUuid, user);
        }
    }

    /** In the transaction that queued {@code op}. */
    void queued(Operation op) {
        Caller caller = CallerContext.current();
        Subject s = subjects(List.of(op)).get(op.id());
        if (s != null) { // else the VM row is gone; nothing to attribute the event to
            // Whoever queued it is the caller (none for the system's own work).
            log.record(event(op, s.by(caller == null ? null : caller.userId()), EventState.Scheduled, EventLevel.INFO,
                    "queued"));
        }
    }

    /**
     * In the claim's transaction, which holds its limit group's lock: the claimed operations' subjects are
     * read and their events written in the same few statements however many were claimed.
     */
    void started(List<Operation> ops) {
        Map<Long, Subject> subjects = subjects(ops);
        List<NewEvent> events = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            Subject s = subjects.get(op.id());
            if (s != null) { // else the VM row is gone; nothing to attribute the event to
                String how = op.attempts() > 0 ? "started (attempt " + (op.attempts() + 1) + ")" : "started";
                events.add(event(op, s, EventState.Started, EventLevel.INFO, how));
            }
        }
        log.recordAll(events);
    }

    /** In the ending transaction, after the row's end. */
    void ended(Operation op, OperationState state, String error) {
        boolean ok = state == OperationState.SUCCEEDED;
        String how = switch (state) {
            case SUCCEEDED -> "completed";
            case CANCELLED -> "cancelled" + (error == null ? "" : ": " + error);
            default -> "failed" + (error == null ? "" : ": " + error);
        };
        Subject s = subjects(List.of(op)).get(op.id());
        if (s != null) { // else the VM row is gone; nothing to attribute the event to
            log.record(event(op, s, EventState.Completed, ok ? EventLevel.INFO : EventLevel.ERROR, how));
        }
        if (state == OperationState.FAILED) {
            String type = eventType(op);
            AlertType alert = EventTypes.BACKUP_CREATE.equals(type)
                    ? AlertType.BACKUP_FAILED
                    : EventTypes.BACKUP_VALIDATE.equals(type)
                            ? AlertType.VALIDATION_FAILED
                            : AlertType.OPERATION_FAILED;
            alerts.raise(alert, describe(op, s) + " failed" + (error == null ? "" : ": " + error), op.zoneId());
        }
    }

    private NewEvent event(Operation op, Subject s, EventState state, EventLevel level, String how) {
        return new NewEvent(eventType(op), state, level, describe(op, s) + " " + how, s.accountId(), s.userId(),
                "VirtualMachine", s.vmUuid());
    }

    private String describe(Operation op, Subject s) {
        String noun = kinds.kind(op.kind()).map(OperationKind::noun).orElse(op.kind().toLowerCase());
        String vm = s == null ? "a VM" : "VM " + s.vmName();
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " " + op.uuid() + " of " + vm + " ("
                + op.origin().toLowerCase() + ")";
    }

    private String eventType(Operation op) {
        return kinds.kind(op.kind()).map(OperationKind::eventType).orElse("KBOSS." + op.kind().replace('_', '.'));
    }

    /**
     * The VM of each operation that has one, with the user whose API call queued it (its first async job's;
     * null for the system's work), in one query.
     */
    private Map<Long, Subject> subjects(List<Operation> ops) {
        List<Long> ids = new ArrayList<>();
        for (Operation op : ops) {
            if (op.vmId() != null) {
                ids.add(op.id());
            }
        }
        Map<Long, Subject> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Long> padded = InLists.padded(ids);
        jdbc.query("SELECT o.id, v.account_id, v.name, v.uuid, (SELECT j.user_id FROM async_job j WHERE"
                + " j.operation_id = o.id ORDER BY j.id LIMIT 1) FROM operation o JOIN vm_instance v ON v.id = o.vm_id"
                + " WHERE o.id IN (" + InLists.marks(padded.size()) + ")", rs -> {
                    out.put(rs.getLong(1), new Subject(rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, Long.class)));
                }, padded.toArray());
        return out;
    }
}
