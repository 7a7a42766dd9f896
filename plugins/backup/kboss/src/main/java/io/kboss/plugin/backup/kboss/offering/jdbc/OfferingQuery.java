package io.kboss.plugin.backup.kboss.offering.jdbc;

/**
 * The filters of listBackupOfferings; null fields do not filter.
 *
 * @param keywordPattern an SQL LIKE pattern matched against name and description
 */
public record OfferingQuery(String offeringUuid, String zoneUuid, String name, String keywordPattern,
        OfferingVisibility visibility, long offset, int limit) {
}
