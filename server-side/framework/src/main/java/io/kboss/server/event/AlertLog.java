package io.kboss.server.event;

/**
 * Where alerts for administrators are raised (listAlerts). {@link #raise} joins the caller's transaction,
 * so an alert commits with the failure it reports. The framework raises the alerts of failed operations
 * itself; a provider raises those of failures its operations answer as results (a backup a validation
 * found NotValid).
 */
public interface AlertLog {

    /** Raises an alert; {@code zoneId} may be null. The description must not carry secrets. */
    void raise(AlertType type, String description, Long zoneId);
}
