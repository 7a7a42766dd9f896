package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.domain.offering.DomainFacts;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingReferences;
import io.kboss.plugin.backup.kboss.domain.offering.ZoneFacts;
import java.util.Optional;
import io.kboss.server.backup.Directory;

/**
 * The offering rules' view of zones, domains and names: the framework's directory, the zones' settings,
 * and the offerings' own table.
 */
public class JdbcOfferingReferences implements OfferingReferences {
    private final Directory directory;
    private final ZoneBackupSettings settings;
    private final JdbcBackupOfferingRepository offerings;

    public JdbcOfferingReferences(Directory directory, ZoneBackupSettings settings,
            JdbcBackupOfferingRepository offerings) {
        this.directory = directory;
        this.settings = settings;
        this.offerings = offerings;
    }

    @Override
    public Optional<ZoneFacts> zone(String zoneUuid) {
        return directory.zone(zoneUuid).map(z -> new ZoneFacts(z.id(), z.uuid(), z.name(), settings.provider(z.id()),
                settings.frameworkEnabled(z.id())));
    }

    @Override
    public Optional<DomainFacts> domain(String domainUuid) {
        return directory.domain(domainUuid).map(d -> new DomainFacts(d.id(), d.uuid(), d.name()));
    }

    @Override
    public boolean nameTaken(long zoneId, String name, Long exceptOfferingId) {
        return offerings.nameTaken(zoneId, name, exceptOfferingId);
    }
}
