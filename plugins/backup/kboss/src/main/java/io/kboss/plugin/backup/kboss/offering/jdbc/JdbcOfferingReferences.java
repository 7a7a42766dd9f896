package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.offering.domain.DomainFacts;
import io.kboss.plugin.backup.kboss.offering.domain.OfferingReferences;
import io.kboss.plugin.backup.kboss.offering.domain.ZoneFacts;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The offering rules' view of zones, domains and names, read from the database and the settings. */
public class JdbcOfferingReferences implements OfferingReferences {
    private final JdbcTemplate jdbc;
    private final ZoneBackupSettings settings;
    private final JdbcBackupOfferingRepository offerings;

    public JdbcOfferingReferences(JdbcTemplate jdbc, ZoneBackupSettings settings,
            JdbcBackupOfferingRepository offerings) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.offerings = offerings;
    }

    @Override
    public Optional<ZoneFacts> zone(String zoneUuid) {
        return jdbc.query("SELECT id, uuid, name FROM zone WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> {
                    long id = rs.getLong("id");
                    return new ZoneFacts(id, rs.getString("uuid"), rs.getString("name"), settings.provider(id),
                            settings.frameworkEnabled(id));
                }, zoneUuid).stream().findFirst();
    }

    @Override
    public Optional<DomainFacts> domain(String domainUuid) {
        return jdbc.query("SELECT id, uuid, name FROM domain WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> new DomainFacts(rs.getLong("id"), rs.getString("uuid"), rs.getString("name")),
                domainUuid).stream().findFirst();
    }

    @Override
    public boolean nameTaken(long zoneId, String name, Long exceptOfferingId) {
        return offerings.nameTaken(zoneId, name, exceptOfferingId);
    }
}
