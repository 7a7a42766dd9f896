package io.kboss.server.settings;

import io.kboss.server.api.ApiException;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;

/** Checks shared by updateConfiguration and resetConfiguration. */
final class SettingsCommands {
    private SettingsCommands() {
    }

    static SettingDefinition<?> definition(SettingsRegistry registry, String name) throws ApiException {
        SettingDefinition<?> d = registry.find(name);
        if (d == null) {
            throw ApiException.invalidParameter("There is no setting named " + name
                    + "; listConfigurations shows the settings");
        }
        return d;
    }

    static void checkScope(SettingDefinition<?> d, SettingScope requested) throws ApiException {
        if (!d.allowsScope(requested)) {
            String allowed = d.scope() == SettingScope.GLOBAL
                    ? "only globally (no zoneid, clusterid or accountid)"
                    : "globally or per " + d.scope().apiName() + " (" + d.scope().apiName() + "id)";
            throw ApiException.invalidParameter("Setting " + d.name() + " can be set " + allowed + ", not per "
                    + requested.apiName());
        }
    }
}
