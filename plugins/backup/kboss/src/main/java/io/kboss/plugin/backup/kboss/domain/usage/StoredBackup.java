package io.kboss.plugin.backup.kboss.domain.usage;

import java.time.Instant;

/**
 * A backup's lifetime on its store: taken at {@code taken}, {@code size} bytes, marked Removed at
 * {@code removed} (null while it is kept).
 */
public record StoredBackup(Instant taken, long size, Instant removed) {
}
