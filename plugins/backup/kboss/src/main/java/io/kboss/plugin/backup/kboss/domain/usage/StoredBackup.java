package io.kboss.plugin.backup.kboss.domain.usage;

import java.time.Instant;
import java.util.List;

/**
 * A backup's lifetime on its store: taken at {@code taken}, {@code size} bytes now, marked Removed at
 * {@code removed} (null while it is kept), and the changes of its size after it was taken (compression,
 * merges on delete), oldest first; a backup with none recorded counts with its size now throughout.
 */
public record StoredBackup(Instant taken, long size, Instant removed, List<Resize> resizes) {
    public StoredBackup {
        resizes = List.copyOf(resizes);
    }

    public StoredBackup(Instant taken, long size, Instant removed) {
        this(taken, size, removed, List.of());
    }

    /** The backup went from {@code before} to {@code after} bytes at {@code at}. */
    public record Resize(Instant at, long before, long after) {
    }
}
