package io.kboss.plugin.backup.kboss.domain.offering;

import java.util.Optional;

/**
 * The outside facts the offering rules check: the zone and domain an offering refers to, and the
 * names already used in a zone. Implemented at the edge over the database and settings.
 */
public interface OfferingReferences {

    /** The zone with this uuid, unless it does not exist or was removed. */
    Optional<ZoneFacts> zone(String zoneUuid);

    /** The domain with this uuid, unless it does not exist or was removed. */
    Optional<DomainFacts> domain(String domainUuid);

    /**
     * Whether a live offering in the zone already has this name (compared as the database compares
     * it: case-insensitively), other than the offering {@code exceptOfferingId} (null on create).
     */
    boolean nameTaken(long zoneId, String name, Long exceptOfferingId);
}
