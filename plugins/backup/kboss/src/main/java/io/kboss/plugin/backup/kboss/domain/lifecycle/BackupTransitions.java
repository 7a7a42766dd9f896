package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent.*;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.*;

import java.util.Set;

/**
 * The one table of backup status changes. Every status change of a backup goes through {@link #next};
 * anything not in the table throws, so a late or duplicated agent answer cannot move a backup backwards.
 */
public final class BackupTransitions {
    private static final TransitionTable<BackupStatus, BackupEvent> TABLE = new TransitionTable<>("backup",
            BackupStatus.class, BackupEvent.class, BackupStatus::apiName);

    static {
        TABLE.allow(ALLOCATED, BackupEvent.QUEUED, BackupStatus.QUEUED);
        // A request refused before any disk work (validation, limits) fails cleanly.
        TABLE.allow(ALLOCATED, FAILED_DISKS_CONSISTENT, FAILED);
        TABLE.allow(ALLOCATED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        TABLE.allow(BackupStatus.QUEUED, STARTED, BACKING_UP);
        TABLE.allow(BackupStatus.QUEUED, FAILED_DISKS_CONSISTENT, FAILED);
        TABLE.allow(BackupStatus.QUEUED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        TABLE.allow(BACKING_UP, SUCCEEDED, BACKED_UP);
        TABLE.allow(BACKING_UP, FAILED_DISKS_CONSISTENT, FAILED);
        TABLE.allow(BACKING_UP, FAILED_DISKS_MAYBE_INCONSISTENT, ERROR);
        TABLE.allow(BACKED_UP, RESTORE_STARTED, RESTORING);
        TABLE.allow(BACKED_UP, BackupEvent.REMOVED, BackupStatus.REMOVED);
        TABLE.allow(RESTORING, RESTORE_ENDED, BACKED_UP);
        TABLE.allow(ERROR, BackupEvent.REMOVED, BackupStatus.REMOVED);
        TABLE.allow(FAILED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        // Expunging always passes through Removed, so a crash between the two leaves a hidden backup
        // whose files a retry removes, never a visible backup without files.
        TABLE.allow(BackupStatus.REMOVED, BackupEvent.EXPUNGED, BackupStatus.EXPUNGED);
        // Expunged has no row: it accepts nothing (terminal).
    }

    private BackupTransitions() {
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static BackupStatus next(BackupStatus current, BackupEvent event) {
        return TABLE.next(current, event);
    }

    /** The events {@code current} accepts; empty for a terminal status. */
    public static Set<BackupEvent> accepted(BackupStatus current) {
        return TABLE.accepted(current);
    }

    public static boolean isTerminal(BackupStatus status) {
        return accepted(status).isEmpty();
    }
}
