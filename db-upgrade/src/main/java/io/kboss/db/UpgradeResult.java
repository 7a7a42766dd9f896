package io.kboss.db;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link SchemaUpgrader#upgrade()} did.
 *
 * @param database the database (schema) name
 * @param fromVersion the version before the upgrade, 0 for an empty database
 * @param toVersion the version after it
 * @param applied the scripts run by this call, in order; empty when the schema was already current
 * @param elapsed the whole call, including the wait for the lock
 */
public record UpgradeResult(String database, int fromVersion, int toVersion, List<Step> applied, Duration elapsed) {

    /** One script run by this upgrade. */
    public record Step(int version, String description, int statements, long executionMs) {
    }

    public UpgradeResult {
        applied = List.copyOf(applied);
    }

    /** True when nothing needed doing. */
    public boolean wasUpToDate() {
        return applied.isEmpty();
    }

    @Override
    public String toString() {
        if (applied.isEmpty()) {
            return "schema of database '" + database + "' is up to date at version " + toVersion + " (checked in "
                    + elapsed.toMillis() + " ms)";
        }
        return "schema of database '" + database + "' upgraded from version " + fromVersion + " to " + toVersion
                + " in " + elapsed.toMillis() + " ms: " + applied.stream()
                        .map(s -> "V" + s.version() + " " + s.description() + " (" + s.statements() + " statements, "
                                + s.executionMs() + " ms)")
                        .collect(Collectors.joining(", "));
    }
}
