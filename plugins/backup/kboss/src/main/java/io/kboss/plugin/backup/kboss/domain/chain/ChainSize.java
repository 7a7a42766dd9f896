package io.kboss.plugin.backup.kboss.domain.chain;

/**
 * How many backups one chain may hold, the full one included: 1 means every backup is full, a value
 * below 1 means unlimited.
 */
public record ChainSize(int limit) {

    /**
     * The effective size: the offering's backupchainsize when it is above 0, otherwise the zone's
     * {@code backup.chain.size}.
     *
     * @param offeringChainSize the offering's value; null or 0 (and below) mean "use the zone's"
     * @param zoneChainSize     the zone's backup.chain.size
     */
    public static ChainSize resolve(Integer offeringChainSize, int zoneChainSize) {
        return new ChainSize(offeringChainSize != null && offeringChainSize > 0 ? offeringChainSize : zoneChainSize);
    }

    public boolean isUnlimited() {
        return limit < 1;
    }

    /** Whether a chain that already holds {@code length} backups may take one more incremental. */
    public boolean admitsAnotherAfter(int length) {
        return isUnlimited() || length < limit;
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : String.valueOf(limit);
    }
}
