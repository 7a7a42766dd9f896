package io.kboss.server.settings;

import io.kboss.server.settings.Settings.Resolved;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.Collection;
import java.util.List;

/** A setting as CloudStack's listConfigurations shows it. */
record ConfigurationResponse(String name, String category, String value, String defaultvalue, String scope,
        String description, boolean isdynamic, String type, List<String> allowedvalues) {

    static ConfigurationResponse of(SettingDefinition<?> d, Resolved<?> r) {
        Collection<String> allowed = d.allowedValues();
        return new ConfigurationResponse(d.name(), d.category(), r.text(), d.defaultText(),
                d.scope() == SettingScope.GLOBAL ? "global" : d.scope().apiName(), d.description(), d.isDynamic(),
                d.type().apiName(), allowed.isEmpty() ? null : List.copyOf(allowed));
    }
}
