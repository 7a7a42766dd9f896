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

    /** An account by uuid, removed ones too (history names them), with its domain for permission checks. */
    Optional<AccountOwner> account(String uuid);

    /** The ids of the domain at {@code path} and every domain below it. */
    Collection<Long> domainTree(String path);

    /** A host that was not removed, whatever its status, by uuid. */
    Optional<Long> host(String hostUuid);

    /** The cluster of a host, if it is in one: cluster-scoped settings of work on it are read there. */
    Optional<Long> clusterOfHost(long hostId);

    /** Hosts' uuids by id (removed hosts too: history names them). */
    Map<Long, String> hostUuids(Collection<Long> ids);

    /** A live host of the zone that is Up, by uuid. */
    Optional<Long> upHost(String hostUuid, long zoneId);

    /** A live account of the domain by name (CloudStack's account + domainid). */
    Optional<AccountRef> account(long domainId, String name);

    /** A live image store by uuid, and its zone's id. */
    Optional<ImageStoreRef> imageStore(String uuid);

    /** Whether the host exists and is Up. */
    boolean isUp(long hostId);

    /** An Up host of the zone (the least busy first is not promised), if it has one. */
    Optional<Long> anyUpHost(long zoneId);

    /**
     * The zone's Up hosts, lowest id first. Every host of a zone mounts the zone's image stores (they are
     * zone-wide), so each of them reaches a backup's files.
     */
    java.util.List<Long> upHosts(long zoneId);
}
