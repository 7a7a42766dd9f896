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
import java.util.List;
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
    }

    /** In the transaction that queued {@code op}. */
    void queued(Operation op) {
        Caller caller = CallerContext.current();
        record(op, EventState.Scheduled, EventLevel.INFO, "queued", caller == null ? null : caller.userId());
    }

    /** In the claim's transaction. */
    void started(Operation op) {
        record(op, EventState.Started, EventLevel.INFO, op.attempts() > 0
                ? "started (attempt " + (op.attempts() + 1)
                        + ")"
                : "started", userOf(op.id()));
    }

    /** In the ending transaction, after the row's end. */
    void ended(Operation op, OperationState state, String error) {
        boolean ok = state == OperationState.SUCCEEDED;
        String how = switch (state) {
            case SUCCEEDED -> "completed";
            case CANCELLED -> "cancelled" + (error == null ? "" : ": " + error);
            default -> "failed" + (error == null ? "" : ": " + error);
        };
        Subject s = record(op, EventState.Completed, ok ? EventLevel.INFO : EventLevel.ERROR, how, userOf(op.id()));
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

    private Subject record(Operation op, EventState state, EventLevel level, String how, Long userId) {
        Subject s = subject(op, userId);
        if (s == null) {
            return null; // the VM row is gone; nothing to attribute the event to
        }
        log.record(new NewEvent(eventType(op), state, level, describe(op, s) + " " + how, s.accountId(), userId,
                "VirtualMachine", s.vmUuid()));
        return s;
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

    private Subject subject(Operation op, Long userId) {
        if (op.vmId() == null) {
            return null;
        }
        List<Subject> found = jdbc.query("SELECT account_id, name, uuid FROM vm_instance WHERE id = ?",
                (rs, i) -> new Subject(rs.getLong(1), rs.getString(2), rs.getString(3), userId), op.vmId());
        return found.isEmpty() ? null : found.get(0);
    }

    /** The user whose API call queued the operation (its async job's), or null for the system's work. */
    private Long userOf(long operationId) {
        return jdbc.queryForList("SELECT user_id FROM async_job WHERE operation_id = ? ORDER BY id LIMIT 1",
                Long.class, operationId).stream().findFirst().orElse(null);
    }
}
