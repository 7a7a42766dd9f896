package io.kboss.plugin.backup.kboss.domain.chain;

import java.util.Objects;

/**
 * One disk as the chain policy sees it. A resized disk counts as a different disk: increments are
 * bitmaps over the old geometry, so a new size starts a new chain.
 */
public record ChainDisk(String volumeUuid, long virtualSizeBytes) {
    public ChainDisk {
        Objects.requireNonNull(volumeUuid, "volumeUuid");
        if (virtualSizeBytes < 0) {
            throw new IllegalArgumentException("disk " + volumeUuid + " has a negative size " + virtualSizeBytes);
        }
    }
}
