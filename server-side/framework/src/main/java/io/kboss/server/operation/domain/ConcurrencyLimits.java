package io.kboss.server.operation.domain;

/**
 * The limits one decision is taken under: cloud-wide, per zone and per host. Per-zone and per-host
 * values may differ between zones and hosts (their settings have zone and cluster scope).
 */
public interface ConcurrencyLimits {

    Limit cloud();

    Limit zone(long zoneId);

    Limit host(long hostId);

    /** The same limits everywhere. */
    static ConcurrencyLimits uniform(Limit cloud, Limit zone, Limit host) {
        return new ConcurrencyLimits() {
            @Override
            public Limit cloud() {
                return cloud;
            }

            @Override
            public Limit zone(long zoneId) {
                return zone;
            }

            @Override
            public Limit host(long hostId) {
                return host;
            }
        };
    }
}
