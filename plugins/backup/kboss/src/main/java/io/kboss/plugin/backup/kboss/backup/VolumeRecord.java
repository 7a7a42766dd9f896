package io.kboss.plugin.backup.kboss.backup;

/** A live disk of a VM from {@code volume}. */
public record VolumeRecord(long id, String uuid, String device, String storageKind, String format,
        long virtualSize) {
}
