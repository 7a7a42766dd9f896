package io.kboss.plugin.backup.kboss.domain.offering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A fixed set of zones, domains and offering names for rule tests. */
final class KnownReferences implements OfferingReferences {
    final Map<String, ZoneFacts> zones = new HashMap<>();
    final Map<String, DomainFacts> domains = new HashMap<>();
    final List<BackupOffering> offerings = new ArrayList<>();

    KnownReferences zone(ZoneFacts zone) {
        zones.put(zone.uuid(), zone);
        return this;
    }

    KnownReferences domain(DomainFacts domain) {
        domains.put(domain.uuid(), domain);
        return this;
    }

    @Override
    public Optional<ZoneFacts> zone(String zoneUuid) {
        return Optional.ofNullable(zones.get(zoneUuid));
    }

    @Override
    public Optional<DomainFacts> domain(String domainUuid) {
        return Optional.ofNullable(domains.get(domainUuid));
    }

    @Override
    public boolean nameTaken(long zoneId, String name, Long exceptOfferingId) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return offerings.stream().anyMatch(o -> o.zoneId() == zoneId
                && o.name().toLowerCase(Locale.ROOT).equals(wanted)
                && !o.id().equals(exceptOfferingId));
    }
}
