package io.kboss.plugin.backup.kboss.domain.admission;

/**
 * How many operations may run at once: {@code backup.max.concurrent.operations} in the cloud and
 * {@code backup.max.concurrent.operations.per.host} on each host (OpenNebula's MAX_BACKUPS and
 * MAX_BACKUPS_HOST). Values below 1 mean unlimited. Whatever the caller passes as running counts:
 * the server passes running backups and restores (each moves a VM's worth of disk data through the
 * host); deletes take their VM but are not admitted through here yet.
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
