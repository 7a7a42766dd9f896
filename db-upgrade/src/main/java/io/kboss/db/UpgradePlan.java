package io.kboss.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an upgrade would do, computed from the scripts this build knows and the versions the
 * database records, and every reason it must not run. Pure: no database access.
 */
final class UpgradePlan {
    private final List<Migration> pending;
    private final List<SchemaUpgradeException> problems;

    private UpgradePlan(List<Migration> pending, List<SchemaUpgradeException> problems) {
        this.pending = List.copyOf(pending);
        this.problems = List.copyOf(problems);
    }

    static UpgradePlan of(MigrationScripts scripts, List<AppliedVersion> applied) {
        Map<Integer, AppliedVersion> appliedByVersion = new HashMap<>();
        int highestApplied = 0;
        for (AppliedVersion a : applied) {
            appliedByVersion.put(a.version(), a);
            highestApplied = Math.max(highestApplied, a.version());
        }
        Map<Integer, Migration> known = new HashMap<>();
        scripts.all().forEach(m -> known.put(m.version(), m));

        List<SchemaUpgradeException> problems = new ArrayList<>();
        for (AppliedVersion a : applied) {
            if (!a.success()) {
                problems.add(failedEarlier(a));
            }
        }
        if (highestApplied > scripts.latestVersion()) {
            problems.add(new SchemaUpgradeException(SchemaUpgradeException.Kind.NEWER_SCHEMA,
                    "The database schema is at version " + highestApplied + ", but this KBOSS build knows schema "
                            + "versions up to " + scripts.latestVersion() + ". A newer KBOSS upgraded it: run that "
                            + "release or a later one, or restore the backup taken before that upgrade. "
                            + "Nothing was changed."));
        }
        for (AppliedVersion a : applied) {
            Migration m = known.get(a.version());
            if (m == null && a.version() < scripts.latestVersion()) {
                problems.add(new SchemaUpgradeException(SchemaUpgradeException.Kind.VALIDATION,
                        "The database records schema version " + a.version() + " (" + a.description()
                                + "), but this build has no script V" + a.version() + "__*.sql. Restore the "
                                + "missing script; applied scripts must never be removed."));
            } else if (m != null && a.success() && !m.checksum().equals(a.checksum())) {
                problems.add(new SchemaUpgradeException(SchemaUpgradeException.Kind.VALIDATION,
                        "Schema script " + m.scriptName() + " was changed after it was applied on " + a.appliedAt()
                                + " (recorded checksum " + a.checksum().substring(0, 12) + "…, script now "
                                + m.checksum().substring(0, 12) + "…). Applied scripts must never be edited: revert "
                                + "the edit and put the change in a new script V" + (scripts.latestVersion() + 1)
                                + "__<description>.sql (in development, drop and recreate the database instead)."));
            }
        }
        List<Migration> pending = new ArrayList<>();
        for (Migration m : scripts.all()) {
            if (appliedByVersion.containsKey(m.version())) {
                continue;
            }
            if (m.version() < highestApplied) {
                problems.add(new SchemaUpgradeException(SchemaUpgradeException.Kind.VALIDATION,
                        "Schema script " + m.scriptName() + " was never applied, but the database is already at "
                                + "version " + highestApplied + "; scripts apply in order only. Renumber it to V"
                                + (scripts.latestVersion() + 1) + " (or drop and recreate a development database)."));
            }
            pending.add(m);
        }
        return new UpgradePlan(pending, problems);
    }

    private static SchemaUpgradeException failedEarlier(AppliedVersion a) {
        return new SchemaUpgradeException(SchemaUpgradeException.Kind.SCRIPT_FAILED,
                "Schema version " + a.version() + " (" + a.description() + ") failed on " + a.appliedAt() + ": "
                        + a.error() + " Repair the database by hand (or restore a backup), then run "
                        + "DELETE FROM " + SchemaVersionTable.NAME + " WHERE version = " + a.version()
                        + " and start the upgrade again.");
    }

    List<Migration> pending() {
        return pending;
    }

    List<SchemaUpgradeException> problems() {
        return problems;
    }

    /** Throws the first problem, with the others attached as suppressed, if there is any. */
    void requireRunnable() {
        if (problems.isEmpty()) {
            return;
        }
        SchemaUpgradeException first = problems.get(0);
        for (int i = 1; i < problems.size(); i++) {
            first.addSuppressed(problems.get(i));
        }
        throw first;
    }
}
