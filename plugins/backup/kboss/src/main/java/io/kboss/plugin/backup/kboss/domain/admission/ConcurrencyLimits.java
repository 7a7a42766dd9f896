package io.kboss.plugin.backup.kboss.domain.admission;

/**
 * How many operations may run at once: {@code backup.max.concurrent.operations} in the cloud and
 * {@code backup.max.concurrent.operations.per.host} on each host (OpenNebula's MAX_BACKUPS and
 * MAX_BACKUPS_HOST). Values below 1 mean unlimited. Whatever the caller passes as running counts:
 * the server passes running backups, restores and deletions (each moves a VM's worth of disk data
 * through the host: a copy, a flatten, or the merges of a delete).
 */
public record ConcurrencyLimits(int cloudWide, int perHost) {

    public static ConcurrencyLimits unlimited() {
        return new ConcurrencyLimits(0, 0);
    }

    boolean cloudAllows(int running) {
        return cloudWide < 1 || running < cloudWide;
    }

    boolean hostAllows(int runningOnHost) {
        return perHost < 1 || runningOnHost < perHost;
    }
}
