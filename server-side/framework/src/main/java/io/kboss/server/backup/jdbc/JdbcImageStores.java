package io.kboss.server.backup.jdbc;

import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** {@link ImageStores} on {@code image_store}. */
@Component
public class JdbcImageStores implements ImageStores {
    private static final String STORE = "SELECT id, uuid, protocol, url, path FROM image_store";

    private final JdbcTemplate jdbc;

    public JdbcImageStores(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Free bytes now: the last check's, less what backups wrote since (more when they freed space). */
    static final String ESTIMATED_FREE = "CAST(free_bytes AS SIGNED) - (CAST(COALESCE(used_bytes, 0) AS SIGNED)"
            + " - CAST(COALESCE(used_bytes_at_check, 0) AS SIGNED))";

    @Override
    public Optional<ImageStoreRef> forNewBackup(long zoneId) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM image_store WHERE zone_id = ? AND removed IS NULL"
                + " AND state = 'Ready' AND readonly = 0 ORDER BY backups_only DESC, free_bytes IS NULL, "
                + ESTIMATED_FREE + " DESC, id", Long.class, zoneId);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ids.get(0);
        // Share-locked so deleteImageStore waits for the new backup's row. But a transaction that already
        // changed this store's used bytes will take the row exclusively at its commit, and a shared lock
        // taken first would then have to be upgraded: two such transactions (backups of a SEQUENTIAL backup
        // job ending at once, each queueing the next VM's backup) would each hold the shared lock and wait
        // for the other's, a deadlock. Such a transaction takes the exclusive lock now instead.
        Map<Long, long[]> pending = pendingChanges();
        String lock = pending != null && pending.containsKey(id) ? " FOR UPDATE" : " LOCK IN SHARE MODE";
        return jdbc.query(STORE + " WHERE id = ? AND removed IS NULL AND readonly = 0" + lock,
                (rs, i) -> new ImageStoreRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)),
                id).stream().findFirst();
    }

    /** The used-bytes changes the current transaction will write at its commit, by store; null when none. */
    @SuppressWarnings("unchecked")
    private Map<Long, long[]> pendingChanges() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        return (Map<Long, long[]>) TransactionSynchronizationManager.getResource(this);
    }

    @Override
    public ImageStoreRef byId(long id) {
        return jdbc.queryForObject(STORE + " WHERE id = ?", (rs, i) -> new ImageStoreRef(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), id);
    }

    /**
     * Counts the bytes in at the end of the caller's transaction. A store's row is one row every backup's
     * end updates: updated early, its lock would be held through the rest of each ending transaction and
     * its commit, and every end in the cloud would wait for it (the queue benchmark's workers did). So the
     * change is kept with the transaction and written just before it commits, as its last statements.
     * Outside a transaction it is written at once.
     *
     * <p>That exclusive lock at the commit must be the first lock the transaction takes on the row: a
     * transaction that share-locked it earlier would have to upgrade, and two doing so at once deadlock
     * (each waits for the other's shared lock). Hence V32 (a backup's status change no longer checks its
     * store key) and the exclusive lock in {@link #forNewBackup} once this transaction has a change.
     */
    @Override
    public void addUsed(long storeId, long bytes) {
        change(storeId, bytes, 0);
    }

    @Override
    public void releaseUsed(long storeId, long bytes) {
        change(storeId, 0, bytes);
    }

    private void change(long storeId, long added, long released) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(storeId, new long[]{added, released});
            return;
        }
        Map<Long, long[]> changes = pendingChanges();
        if (changes == null) {
            Map<Long, long[]> fresh = new TreeMap<>(); // in id order: stores are locked in one order
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    fresh.forEach(JdbcImageStores.this::write);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcImageStores.this);
                }
            });
            changes = fresh;
        }
        long[] c = changes.computeIfAbsent(storeId, id -> new long[2]);
        c[0] += added;
        c[1] += released;
    }

    private void write(long storeId, long[] change) {
        if (change[0] > 0) {
            jdbc.update("UPDATE image_store SET used_bytes = COALESCE(used_bytes, 0) + ? WHERE id = ?", change[0],
                    storeId);
        }
        if (change[1] > 0) {
            jdbc.update("UPDATE image_store SET used_bytes = IF(COALESCE(used_bytes, 0) > ?, used_bytes - ?, 0)"
                    + " WHERE id = ?", change[1], change[1], storeId);
        }
    }
}
