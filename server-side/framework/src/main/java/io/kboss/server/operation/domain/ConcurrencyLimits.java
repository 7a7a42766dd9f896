package io.kboss.server.operation.domain;

/**
 * The limits one decision is taken under: the group's cloud-wide, per zone and per host, and each kind's
 * own at the same three scopes. Per-zone and per-host values may differ between zones and hosts (their
 * settings have zone and cluster scope).
 */
public interface ConcurrencyLimits {

    Limit cloud();

    Limit zone(long zoneId);

    Limit host(long hostId);

    /** The kind's own cloud-wide limit; none unless the kind has one. */
    default Limit kindCloud(String kind) {
        return Limit.unlimited(Limit.NONE);
    }

    /** The kind's own limit in the zone. */
    default Limit kindZone(String kind, long zoneId) {
        return Limit.unlimited(Limit.NONE);
    }

    /** The kind's own limit on the host. */
    default Limit kindHost(String kind, long hostId) {
        return Limit.unlimited(Limit.NONE);
    }

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
