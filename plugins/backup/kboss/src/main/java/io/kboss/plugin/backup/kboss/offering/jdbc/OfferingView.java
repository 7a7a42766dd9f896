package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;

/** An offering with the names of the zone and domain it refers to, as API responses show it. */
public record OfferingView(BackupOffering offering, String zoneUuid, String zoneName, String domainUuid,
        String domainName) {
}
