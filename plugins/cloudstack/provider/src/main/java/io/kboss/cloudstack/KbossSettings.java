package io.kboss.cloudstack;

import org.apache.cloudstack.framework.config.ConfigKey;

/**
 * The provider's settings, each per zone (a zone's value wins over the global one), all dynamic:
 * a change is used by the next call, without a restart. Set them with updateConfiguration, or
 * under Infrastructure → Zones → Settings in CloudStack's UI.
 */
final class KbossSettings {
    static final ConfigKey<String> URL = new ConfigKey<>("Advanced", String.class, "backup.plugin.kboss.url", "",
            "The address of the zone's kboss-server, e.g. https://kboss.example.com:8080 (its API endpoint "
                    + "https://kboss.example.com:8080/client/api is taken as well).",
            true, ConfigKey.Scope.Zone);

    static final ConfigKey<String> API_KEY = new ConfigKey<>("Advanced", String.class, "backup.plugin.kboss.api.key",
            "", "The API key of a root administrator of kboss-server (registerUserKeys there) that signs every call "
                    + "the zone's backup provider makes.",
            true, ConfigKey.Scope.Zone);

    static final ConfigKey<String> SECRET_KEY = new ConfigKey<>("Secure", String.class,
            "backup.plugin.kboss.secret.key", "", "The secret key that goes with backup.plugin.kboss.api.key.", true,
            ConfigKey.Scope.Zone);

    static final ConfigKey<Boolean> VALIDATE_TLS = new ConfigKey<>("Advanced", Boolean.class,
            "backup.plugin.kboss.validate.ssl", "true",
            "Whether kboss-server's TLS certificate and host name are checked. false trusts any certificate: for a "
                    + "test set-up with a self-signed certificate only.",
            true, ConfigKey.Scope.Zone);

    static final ConfigKey<Integer> REQUEST_TIMEOUT = new ConfigKey<>("Advanced", Integer.class,
            "backup.plugin.kboss.request.timeout", "60", "Seconds one call to kboss-server may take.", true,
            ConfigKey.Scope.Zone);

    static final ConfigKey<Integer> JOB_TIMEOUT = new ConfigKey<>("Advanced", Integer.class,
            "backup.plugin.kboss.job.timeout", "43200",
            "Seconds CloudStack waits for a kboss backup, restore or delete to end before it reports the operation "
                    + "failed; the work itself goes on in kboss-server, and the next backup sync picks up its result.",
            true, ConfigKey.Scope.Zone);

    private KbossSettings() {
    }

    static ConfigKey<?>[] all() {
        return new ConfigKey<?>[]{URL, API_KEY, SECRET_KEY, VALIDATE_TLS, REQUEST_TIMEOUT, JOB_TIMEOUT};
    }
}
