package io.kboss.plugin.backup.kboss.domain.chain;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One backup in a chain, as far as chain decisions need it.
 *
 * @param checkpoint the libvirt checkpoint taken with this backup, the next increment is taken from it;
 *                   null for an isolated backup, which takes none and is never a parent
 */
public record ChainLink(long backupId, BackupStatus status, String checkpoint, Instant takenAt) {
    public ChainLink {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(takenAt, "takenAt");
        if (checkpoint != null && checkpoint.isBlank()) {
            throw new IllegalArgumentException(
                    "backup " + backupId + " has a blank checkpoint name; use null for none");
        }
    }

    public ChainLink withStatus(BackupStatus newStatus) {
        return new ChainLink(backupId, newStatus, checkpoint, takenAt);
    }
}
