package io.kboss.plugin.backup.kboss.offering.jdbc;

/** The two zone settings that decide whether kboss offerings may be created in a zone. */
public interface ZoneBackupSettings {

    /** backup.framework.provider.plugin as it resolves for the zone. */
    String provider(long zoneId);

    /** backup.framework.enabled as it resolves for the zone. */
    boolean frameworkEnabled(long zoneId);
}
