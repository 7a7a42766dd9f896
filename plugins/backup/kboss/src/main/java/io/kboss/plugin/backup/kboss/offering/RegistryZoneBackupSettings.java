package io.kboss.plugin.backup.kboss.offering;

import io.kboss.plugin.backup.kboss.offering.jdbc.ZoneBackupSettings;
import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;

/** Reads the zone's backup settings through the framework, resolving zone → global → default. */
public class RegistryZoneBackupSettings implements ZoneBackupSettings {
    private final Settings settings;
    private final BackupProviderRegistry providers;

    public RegistryZoneBackupSettings(Settings settings, BackupProviderRegistry providers) {
        this.settings = settings;
        this.providers = providers;
    }

    @Override
    public String provider(long zoneId) {
        return settings.value(providers.providerKey(), ScopeChain.zone(zoneId));
    }

    @Override
    public boolean frameworkEnabled(long zoneId) {
        return settings.value(BackupFrameworkSettings.ENABLED, ScopeChain.zone(zoneId));
    }
}
