package io.kboss.plugin.backup.kboss.domain.offering;

import java.time.Instant;
import java.util.Objects;

/**
 * A backup offering of the kboss provider: what the admin offers, in one zone, either to everyone
 * (no domain) or to one domain and its subdomains.
 *
 * @param id         database id; null until stored
 * @param externalId the provider-side id CloudStack keeps for imported offerings; KBOSS offerings
 *                   are not imported, so it is the offering's own uuid
 * @param domainId   null for a public offering
 */
public record BackupOffering(
        Long id,
        String uuid,
        String name,
        String description,
        long zoneId,
        String provider,
        String externalId,
        boolean userDrivenBackups,
        Long domainId,
        Instant created,
        KbossOfferingOptions options) {

    public BackupOffering {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(options, "options");
    }

    public boolean isPublic() {
        return domainId == null;
    }

    public BackupOffering withId(long newId) {
        return new BackupOffering(newId, uuid, name, description, zoneId, provider, externalId,
                userDrivenBackups, domainId, created, options);
    }
}
