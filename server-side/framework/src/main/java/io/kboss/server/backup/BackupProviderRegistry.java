package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.operation.KindLimits;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The backup providers of the running server (every {@link BackupProvider} bean) and which one a
 * zone uses. Also contributes the framework's settings, because the provider key's allowed values
 * are the registered providers.
 */
@Component
public class BackupProviderRegistry implements SettingsContributor {
    private final Map<String, BackupProvider> byName = new TreeMap<>();
    private final Settings settings;
    private final SettingDefinition<String> providerKey;

    private final Directory directory;

    public BackupProviderRegistry(List<BackupProvider> providers, Settings settings, Directory directory) {
        for (BackupProvider p : providers) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalStateException("Two backup providers are named " + p.name());
            }
        }
        this.settings = settings;
        this.directory = directory;
        this.providerKey = SettingDefinition.string("backup.framework.provider.plugin", "kboss")
                .category(BackupFrameworkSettings.CATEGORY).scope(SettingScope.ZONE)
                .description("The backup provider used in the zone; must name a registered provider "
                        + "(see listBackupProviders)")
                .allowedValues(() -> Collections.unmodifiableSet(byName.keySet()))
                .build();
    }

    /** The key {@code backup.framework.provider.plugin}. */
    public SettingDefinition<String> providerKey() {
        return providerKey;
    }

    @Override
    public List<SettingDefinition<?>> settings() {
        List<SettingDefinition<?>> all = new ArrayList<>(List.of(BackupFrameworkSettings.ENABLED, providerKey,
                BackupFrameworkSettings.CHAIN_SIZE, BackupFrameworkSettings.MAX_CONCURRENT,
                BackupFrameworkSettings.MAX_CONCURRENT_PER_ZONE, BackupFrameworkSettings.MAX_CONCURRENT_PER_HOST,
                BackupFrameworkSettings.TIMEOUT));
        // The backup kinds' own limits, listed with the group's.
        for (KindLimits k : List.of(BackupOperations.BACKUP.ownLimits(), BackupOperations.RESTORE.ownLimits(),
                BackupOperations.VOLUME_RESTORE.ownLimits(), BackupOperations.DELETE.ownLimits(),
                BackupOperations.VM_FROM_BACKUP_LIMITS)) {
            all.addAll(k.keys());
        }
        return List.copyOf(all);
    }

    public Collection<BackupProvider> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public BackupProvider find(String name) {
        return byName.get(name);
    }

    /**
     * The provider the zone uses.
     *
     * @param zoneId internal id of the zone
     * @param zoneName shown in refusals
     * @throws ApiException 431 when the framework is disabled in the zone or its provider is unknown
     */
    public BackupProvider providerOfZone(long zoneId, String zoneName) throws ApiException {
        ScopeChain scope = ScopeChain.zone(zoneId);
        if (!settings.value(BackupFrameworkSettings.ENABLED, scope)) {
            throw ApiException.invalidParameter("The backup framework is disabled in zone " + zoneName
                    + "; set backup.framework.enabled to true for the zone (updateConfiguration) first");
        }
        String name = settings.value(providerKey, scope);
        BackupProvider p = byName.get(name);
        if (p == null) {
            throw ApiException.invalidParameter("Zone " + zoneName + " uses backup provider '" + name
                    + "', which is not installed; installed: " + String.join(", ", byName.keySet())
                    + ". Set backup.framework.provider.plugin for the zone to one of them");
        }
        return p;
    }

    /** The provider of the VM's zone (see {@link #providerOfZone}). */
    public BackupProvider providerOfVm(VmRef vm) throws ApiException {
        ZoneRef zone = directory.zones(List.of(vm.zoneId())).get(vm.zoneId());
        return providerOfZone(vm.zoneId(), zone == null ? String.valueOf(vm.zoneId()) : zone.name());
    }

    /**
     * The provider that holds the backup, whichever zone uses which provider now: a zone that changed
     * providers keeps its old backups restorable and deletable.
     *
     * @throws ApiException 431 when no provider has a backup of that uuid
     */
    public BackupProvider providerOfBackup(String backupUuid) throws ApiException {
        for (BackupProvider p : byName.values()) {
            if (p.hasBackup(backupUuid)) {
                return p;
            }
        }
        throw ApiException.invalidParameter("No backup with id " + backupUuid + " exists (or it was deleted); list "
                + "them with listBackups");
    }
}
