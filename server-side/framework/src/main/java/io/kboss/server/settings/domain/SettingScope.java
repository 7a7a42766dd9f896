package io.kboss.server.settings.domain;

import java.util.Locale;

/**
 * Where a setting value may be set. Resolution looks from the most specific scope to the least:
 * account, cluster, zone, global, then the definition's default.
 */
public enum SettingScope {
    ACCOUNT, CLUSTER, ZONE, GLOBAL;

    /** The lower-case name CloudStack's API shows as {@code scope}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
