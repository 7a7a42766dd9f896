package io.kboss.server.backup;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Zones, domains, accounts and hosts by uuid and by id: what providers name in answers and check in calls. */
public interface Directory {

    /** A live zone by uuid. */
    Optional<ZoneRef> zone(String uuid);

    Map<Long, ZoneRef> zones(Collection<Long> ids);

    /** A live domain by uuid. */
    Optional<DomainRef> domain(String uuid);

    Map<Long, DomainRef> domains(Collection<Long> ids);

    Map<Long, AccountRef> accounts(Collection<Long> ids);

    /** The ids of the domain at {@code path} and every domain below it. */
    Collection<Long> domainTree(String path);

    /** A live host of the zone that is Up, by uuid. */
    Optional<Long> upHost(String hostUuid, long zoneId);
}
