package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent.*;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of backup status changes. Every status change of a backup goes through {@link #next};
 * anything not in the table throws, so a late or duplicated agent answer cannot move a backup backwards.
 */
public final class BackupTransitions {
    private static final Map<BackupStatus, Map<BackupEvent, BackupStatus>> TABLE = new EnumMap<>(BackupStatus.class);

    static {
        allow(ALLOCATED, BackupEvent.QUEUED, BackupStatus.QUEUED);
        // A request refused before any disk work (validation, limits) fails cleanly.
        allow(ALLOCATED, FAILED_DISKS_CONSISTENT, FAILED);
        allow(ALLOCATED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        allow(BackupStatus.QUEUED, STARTED, BACKING_UP);
        allow(BackupStatus.QUEUED, FAILED_DISKS_CONSISTENT, FAILED);
        allow(BackupStatus.QUEUED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        allow(BACKING_UP, SUCCEEDED, BACKED_UP);
        allow(BACKING_UP, FAILED_DISKS_CONSISTENT, FAILED);
        allow(BACKING_UP, FAILED_DISKS_MAYBE_INCONSISTENT, ERROR);
        allow(BACKED_UP, RESTORE_STARTED, RESTORING);
        allow(BACKED_UP, BackupEvent.REMOVED, BackupStatus.REMOVED);
        allow(RESTORING, RESTORE_ENDED, BACKED_UP);
        allow(ERROR, BackupEvent.REMOVED, BackupStatus.REMOVED);
        allow(FAILED, BackupEvent.REMOVED, BackupStatus.REMOVED);
        // Expunging always passes through Removed, so a crash between the two leaves a hidden backup
        // whose files a retry removes, never a visible backup without files.
        allow(BackupStatus.REMOVED, BackupEvent.EXPUNGED, BackupStatus.EXPUNGED);
        TABLE.put(BackupStatus.EXPUNGED, Map.of());
    }

    private BackupTransitions() {
    }

    private static void allow(BackupStatus from, BackupEvent event, BackupStatus to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(BackupEvent.class)).put(event, to);
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static BackupStatus next(BackupStatus current, BackupEvent event) {
        BackupStatus to = TABLE.getOrDefault(current, Map.of()).get(event);
        if (to == null) {
            throw new IllegalTransitionException("backup", current, event, accepted(current));
        }
        return to;
    }

    /** The events {@code current} accepts; empty for a terminal status. */
    public static Set<BackupEvent> accepted(BackupStatus current) {
        return Collections.unmodifiableSet(TABLE.getOrDefault(current, Map.of()).keySet());
    }

    public static boolean isTerminal(BackupStatus status) {
        return accepted(status).isEmpty();
    }
}
