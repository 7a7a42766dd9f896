package io.kboss.server.operation;

/** Who asked for an operation, as stored in {@code operation.origin}. */
public final class Origin {
    /** An API call; its async job shows the operation. */
    public static final String API = "API";
    /** A backup schedule's firing. */
    public static final String SCHEDULE = "SCHEDULE";
    /** Retention after a scheduled backup (a delete of the backups past maxbackups). */
    public static final String RETENTION = "RETENTION";
    /** The sweep of Removed backups (a delete that finishes deletions stopped half way). */
    public static final String SWEEP = "SWEEP";
    /** Work in progress when V8 folded the old queues into this one. */
    public static final String MIGRATED = "MIGRATED";

    private Origin() {
    }
}
