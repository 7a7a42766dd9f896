package io.kboss.test.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the query string of an API-key call the way a CloudStack client does (python {@code cs},
 * CloudMonkey): {@code apiKey}, {@code signatureVersion=3} and an {@code expires} a few minutes
 * ahead are added, every parameter but {@code signature} is sorted by name, joined as
 * {@code name=value} with values URL-encoded (spaces as {@code %20}), the whole string lower-cased
 * and signed with HMAC-SHA1 of the secret, Base64.
 *
 * <p>Written here rather than borrowed from the server's own signature class on purpose: a
 * benchmark client that shared the server's code would not show that an independent client is
 * accepted. One instance per thread ({@link Mac} is not thread-safe).
 */
final class SignedRequest {
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Duration VALIDITY = Duration.ofMinutes(5);

    private final String apiKey;
    private final Mac mac;
    private final Clock clock;

    SignedRequest(String apiKey, String secretKey, Clock clock) {
        this.apiKey = apiKey;
        this.clock = clock;
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no HmacSHA1; the benchmark needs it to sign requests", e);
        }
    }

    /** The signed query string (without the leading {@code ?}) for the given command parameters. */
    String queryFor(Map<String, String> commandParams) {
        // Sorted by lower-cased name, as CloudStack compares the lower-cased string.
        TreeMap<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(commandParams);
        all.put("apiKey", apiKey);
        all.put("signatureVersion", "3");
        all.put("expires", EXPIRES.format(clock.instant().plus(VALIDITY)));
        List<String> pairs = new ArrayList<>(all.size() + 1);
        for (Map.Entry<String, String> e : all.entrySet()) {
            pairs.add(e.getKey() + "=" + encode(e.getValue()));
        }
        String query = String.join("&", pairs);
        byte[] digest = mac.doFinal(query.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return query + "&signature=" + encode(Base64.getEncoder().encodeToString(digest));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
