package io.kboss.plugin.backup.kboss.domain.compression;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which host's agent compresses a backup. Any Up host of the backup's zone reaches its files (the zone's
 * stores are mounted by every host), so the work goes where it can start soonest: the host that took the
 * backup while it has room under its per-host limit (no move for nothing), otherwise the Up host with the
 * most room, otherwise (every host full) the Up host with the fewest compressions, so the backlog spreads.
 * Admission still checks the limits when the job is claimed; this only picks the queue it waits in.
 */
public final class CompressionPlacement {
    private CompressionPlacement() {
    }

    /**
     * An Up host and its compressions queued or running now.
     *
     * @param limit {@code backup.compression.max.concurrent.operations.per.host} at its cluster; below 1 no limit
     */
    public record HostLoad(long hostId, int live, int limit) {
        boolean hasRoom() {
            return limit < 1 || live < limit;
        }

        long room() {
            return limit < 1 ? Long.MAX_VALUE : (long) limit - live;
        }
    }

    /** The host to queue on; empty when the zone has no Up host (the caller keeps the backup's host). */
    public static Optional<Long> choose(Long backupHost, List<HostLoad> upHosts) {
        Optional<HostLoad> own = upHosts.stream().filter(h -> backupHost != null && h.hostId() == backupHost)
                .findFirst();
        if (own.isPresent() && own.get().hasRoom()) {
            return Optional.of(own.get().hostId());
        }
        Optional<HostLoad> roomiest = upHosts.stream().filter(HostLoad::hasRoom)
                .max(Comparator.comparingLong(HostLoad::room).thenComparing(Comparator.comparingLong(
                        HostLoad::hostId).reversed()));
        if (roomiest.isPresent()) {
            return Optional.of(roomiest.get().hostId());
        }
        return upHosts.stream().min(Comparator.comparingInt(HostLoad::live).thenComparingLong(HostLoad::hostId))
                .map(HostLoad::hostId);
    }

    /**
     * Where a queued compression should wait for its next attempt, placed as {@link #choose} places a new one:
     * another host than {@code current} when that host has room, or when {@code current} is no longer Up (not
     * in {@code upHosts}); empty to leave it where it is (its host is the one to choose, or every Up host is
     * as full as its own, so it waits as well where it is, or the zone has no Up host).
     *
     * @param upHosts the zone's Up hosts and their compressions, the one being placed not counted
     */
    public static Optional<Long> chooseAgain(long current, Long backupHost, List<HostLoad> upHosts) {
        Optional<HostLoad> best = choose(backupHost, upHosts).flatMap(id -> upHosts.stream().filter(h -> h
                .hostId() == id).findFirst());
        if (best.isEmpty() || best.get().hostId() == current) {
            return Optional.empty();
        }
        boolean currentUp = upHosts.stream().anyMatch(h -> h.hostId() == current);
        return best.get().hasRoom() || !currentUp ? Optional.of(best.get().hostId()) : Optional.empty();
    }
}
