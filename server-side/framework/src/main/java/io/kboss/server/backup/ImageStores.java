package io.kboss.server.backup;

import java.util.Optional;

/** The image stores (secondary storage) of the zones, and the space backups use on them. */
public interface ImageStores {

    /**
     * The store a new backup of the zone is written to, its row share-locked until the caller's transaction
     * ends (so deleteImageStore waits for the backup's row and then sees it): among the zone's Ready stores
     * not made read-only, those dedicated to backups if there are any, the one with the most free space
     * (as its last capacity check found it, less what backups wrote since); stores never checked come
     * after, oldest first. In a transaction that already changed that store's used bytes ({@link #addUsed},
     * {@link #releaseUsed}), the row is locked exclusively instead: the change is written at the commit, and a
     * shared lock held until then would have to be upgraded (two such transactions at once deadlock).
     */
    Optional<ImageStoreRef> forNewBackup(long zoneId);

    ImageStoreRef byId(long id);

    /**
     * Backups grew the store's used bytes; written as the caller's transaction commits (a hot row, held
     * briefly). Call it before anything in the same transaction that share-locks the store's row
     * ({@link #forNewBackup}): the row's exclusive lock must not have to upgrade a shared one.
     */
    void addUsed(long storeId, long bytes);

    /** Backups gave bytes back (never below zero). */
    void releaseUsed(long storeId, long bytes);
}
