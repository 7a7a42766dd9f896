package io.kboss.cloudstack;

import com.cloud.utils.exception.CloudRuntimeException;
import io.kboss.client.KbossClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients made from the zone settings (backup.plugin.kboss.*). A client is kept while its zone's
 * settings stay the same, so its HTTP connections are reused; a changed setting makes a new one at
 * the next call.
 */
final class ConfiguredConnections implements KbossConnections {
    /** What a client is made from; the secret is part of it, so it is never logged or shown. */
    private record Settings(String url, String apiKey, String secretKey, boolean validateTls, int requestSeconds) {
    }

    private record Connection(Settings settings, KbossClient client) {
    }

    private final Map<Long, Connection> byZone = new ConcurrentHashMap<>();

    @Override
    public KbossClient forZone(long zoneId) {
        Settings s = new Settings(text(KbossSettings.URL.valueIn(zoneId)), text(KbossSettings.API_KEY.valueIn(zoneId)),
                text(KbossSettings.SECRET_KEY.valueIn(zoneId)), !Boolean.FALSE.equals(KbossSettings.VALIDATE_TLS
                        .valueIn(zoneId)),
                positive(KbossSettings.REQUEST_TIMEOUT.valueIn(zoneId), 60));
        if (s.url().isEmpty() || s.apiKey().isEmpty() || s.secretKey().isEmpty()) {
            throw new CloudRuntimeException("The kboss backup provider of zone " + zoneId + " is not set up: "
                    + missing(s) + " empty. Set " + KbossSettings.URL.key() + " to kboss-server's address, and "
                    + KbossSettings.API_KEY.key() + " and " + KbossSettings.SECRET_KEY.key() + " to the keys of a "
                    + "kboss-server root administrator (registerUserKeys there), for the zone or globally");
        }
        return byZone.compute(zoneId, (zone, known) -> known != null && known.settings().equals(s)
                ? known
                : new Connection(s, connect(s))).client();
    }

    @Override
    public Duration jobTimeout(long zoneId) {
        return Duration.ofSeconds(positive(KbossSettings.JOB_TIMEOUT.valueIn(zoneId), 43200));
    }

    private static KbossClient connect(Settings s) {
        try {
            return KbossClient.builder(s.url()).apiKey(s.apiKey(), s.secretKey()).validateTls(s.validateTls())
                    .requestTimeout(Duration.ofSeconds(s.requestSeconds())).build();
        } catch (IllegalArgumentException bad) {
            throw new CloudRuntimeException(KbossSettings.URL.key() + " is '" + s.url() + "': " + bad.getMessage(),
                    bad);
        }
    }

    private static String missing(Settings s) {
        StringBuilder m = new StringBuilder();
        for (String[] field : new String[][]{{KbossSettings.URL.key(), s.url()},
                {KbossSettings.API_KEY.key(), s.apiKey()}, {KbossSettings.SECRET_KEY.key(), s.secretKey()}}) {
            if (field[1].isEmpty()) {
                m.append(m.length() == 0 ? "" : ", ").append(field[0]);
            }
        }
        return m + (m.indexOf(",") < 0 ? " is" : " are");
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static int positive(Integer value, int fallback) {
        return value == null || value < 1 ? fallback : value;
    }
}
