package io.kboss.db;

import java.util.List;

/**
 * The schema as {@link SchemaUpgrader#status()} found it, without changing anything.
 *
 * @param database the database (schema) name
 * @param currentVersion the highest version applied successfully, 0 when none
 * @param latestKnownVersion the highest script version this build has
 * @param applied every row of {@code kboss_schema_version}, in version order
 * @param pending the scripts an upgrade would run, in order
 * @param problems why an upgrade would be refused (newer schema, edited script, earlier failure…);
 *     empty when it may run
 */
public record SchemaStatus(String database, int currentVersion, int latestKnownVersion, List<AppliedVersion> applied,
        List<Migration> pending, List<String> problems) {

    public SchemaStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        problems = List.copyOf(problems);
    }

    /** True when every known script is applied and nothing stands in the way. */
    public boolean isUpToDate() {
        return pending.isEmpty() && problems.isEmpty();
    }
}
