package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one disk of a VM is backed up. {@code disk} is the guest device name from the domain XML
 * ({@code vda}); {@code target} the backup file the caller computed
 * ({@code <store>/backups/<accountId>/<volumeId>/<backupUuid>.qcow2}); {@code parentBackup} the
 * previous backup file of this disk for an incremental, null for a full.
 */
public record BackupTarget(String disk, Path target, Path parentBackup) {
    public BackupTarget {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(target, "target");
        if (!target.isAbsolute() || (parentBackup != null && !parentBackup.isAbsolute())) {
            throw new IllegalArgumentException("backup paths must be absolute: " + target + ", " + parentBackup);
        }
    }
}
