package io.kboss.plugin.backup.kboss.offering.jdbc;

/**
 * listBackupOfferings served from memory: every live offering (details, zone and domain names
 * included) kept in an {@link OfferingSnapshot}, filtered, counted and paged in Java.
 *
 * <p><b>Why the answer is exact, across any number of management servers.</b> Every change of
 * what the list shows (create, update, delete of an offering; the renaming of a deleted zone)
 * increments the single row of {@code backup_offering_version} in the transaction that makes the
 * change, so the change and the new number become visible to other connections at the same
 * commit. Each list call first reads that number (one primary-key lookup, autocommit, so it sees
 * every committed change) and uses the snapshot only when it was built at that very number;
 * otherwise it rebuilds. A rebuild reads the number, then the offerings and their details, then the
 * number again, and keeps the result only when both readings agree: the number never goes back,
 * so equal readings mean no change committed in between and every statement saw the state of that
 * number (no long transaction needed). When they differ, it reads again.
 *
 * <p><b>What it costs.</b> Memory: one {@link OfferingView} per live offering, estimated from the
 * objects held (not measured) at about 1 KB each with its options and strings, so about 10 MB at
 * 10,000 offerings, held once per server (the previous snapshot is dropped when the new one is in
 * place). Time: a rebuild reads every live offering and its details (two statements), once per
 * change and server; list calls made meanwhile wait for it rather than rebuild too. A list call
 * walks the snapshot once, or takes a slice when nothing filters (a root admin's plain list).
 * Writers of offerings serialize on the version row, which they would nearly do anyway (zone-wide
 * name checks).
 */
public class LiveOfferings {
    private static final int REBUILD_ATTEMPTS = 5;

    private final JdbcBackupOfferingRepository offerings;
    private volatile OfferingSnapshot snapshot;

    public LiveOfferings(JdbcBackupOfferingRepository offerings) {
        this.offerings = offerings;
    }

    public OfferingPage list(OfferingQuery query) {
        return current(offerings.version()).page(query);
    }

    private OfferingSnapshot current(long version) {
        OfferingSnapshot s = snapshot;
        if (s != null && s.version() == version) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            // Another call may have rebuilt it (at this version or a newer one) while this one waited.
            if (s != null && s.version() >= version) {
                return s;
            }
            s = rebuild();
            snapshot = s;
            return s;
        }
    }

    private OfferingSnapshot rebuild() {
        for (int attempt = 1; attempt <= REBUILD_ATTEMPTS; attempt++) {
            long before = offerings.version();
            var entries = offerings.allLive();
            if (offerings.version() == before) {
                return new OfferingSnapshot(before, entries);
            }
        }
        throw new IllegalStateException("The backup offerings changed during each of " + REBUILD_ATTEMPTS
                + " attempts to read them all; listBackupOfferings can be retried in a moment. If this goes on,"
                + " something is changing offerings without pause: look for it in the servers' logs.");
    }
}
