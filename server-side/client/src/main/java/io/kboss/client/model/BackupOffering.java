package io.kboss.client.model;

import java.time.Instant;

/**
 * A backup offering (listBackupOfferings, createBackupOffering): CloudStack's fields and the kboss
 * options. {@code backupChainSize} 0 means the zone's {@code backup.chain.size};
 * {@code compressionLibrary} and {@code validationSteps} are present only when compress or validate
 * is on.
 */
public record BackupOffering(String id, String name, String description, String externalId, String zoneId,
        String zoneName, boolean allowUserDrivenBackups, String provider, Instant created, String domainId,
        String domain, boolean compress, String compressionLibrary, boolean validate, String validationSteps,
        boolean allowQuickRestore, boolean allowExtractFile, int backupChainSize) {
}
