package io.kboss.plugin.backup.kboss.domain.offering;

/**
 * What the offering rules need to know about a zone.
 *
 * @param backupProvider         the zone's backup.framework.provider.plugin
 * @param backupFrameworkEnabled the zone's backup.framework.enabled
 */
public record ZoneFacts(long id, String uuid, String name, String backupProvider, boolean backupFrameworkEnabled) {
}
