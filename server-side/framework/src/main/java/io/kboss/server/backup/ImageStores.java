package io.kboss.server.backup;

import java.util.Optional;

/** The image stores (secondary storage) of the zones, and the space backups use on them. */
public interface ImageStores {

    /** The zone's first Ready store, which new backups are written to. */
    Optional<ImageStoreRef> readyOfZone(long zoneId);

    ImageStoreRef byId(long id);

    /** Backups grew the store's used bytes. */
    void addUsed(long storeId, long bytes);

    /** Backups gave bytes back (never below zero). */
    void releaseUsed(long storeId, long bytes);
}
