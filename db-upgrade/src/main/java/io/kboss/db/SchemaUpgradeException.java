package io.kboss.db;

/**
 * The schema could not be brought up to date. The message says what failed and what to do;
 * {@link #kind()} lets callers (the CLI's exit code, the server's start-up) tell the cases apart.
 */
public class SchemaUpgradeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the upgrade stopped. */
    public enum Kind {
        /** The database records a version newer than any script this build knows. */
        NEWER_SCHEMA,
        /** An applied script's text changed, a recorded script is missing, or scripts are out of order. */
        VALIDATION,
        /** A script failed now, or failed in an earlier run and was not repaired. */
        SCRIPT_FAILED,
        /** Another process held the upgrade lock for longer than the wait allowed. */
        LOCK_NOT_OBTAINED,
        /** The scripts on the classpath are malformed (bad name, duplicate version, unsplittable). */
        INVALID_SCRIPTS,
        /** The database could not be reached or answered with an error outside any script. */
        DATABASE
    }

    private final Kind kind;

    public SchemaUpgradeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SchemaUpgradeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
