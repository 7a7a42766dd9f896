package io.kboss.client.transport;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
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
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CloudStack's request signature, version 3: {@code apiKey}, {@code signatureVersion=3} and an
 * {@code expires} a little in the future are added; every parameter is then URL-encoded (spaces as
 * {@code %20}), sorted by name, joined as {@code name=value} with {@code &}, lower-cased, and
 * signed with HMAC-SHA1 under the secret key; the Base64 of that is the {@code signature}.
 *
 * <p>The secret key never leaves this object: not in a request, not in {@link #describe}.
 */
public final class SignedRequests implements Authentication {
    /** CloudStack's form of expires, e.g. 2024-05-01T10:00:00+0000. */
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String apiKey;
    private final SecretKeySpec secretKey;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param lifetime how long after it is signed a request stays valid; it covers the clocks of
     *     client and server disagreeing, so not shorter than a minute
     */
    public SignedRequests(String apiKey, String secretKey, Clock clock, Duration lifetime) {
        if (apiKey == null || apiKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("An API key and its secret key are both needed to sign requests; "
                    + "registerUserKeys makes them for a user");
        }
        this.apiKey = apiKey;
        this.secretKey = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    @Override
    public void authenticate(Map<String, String> params, HttpRequest.Builder request) {
        params.put("apiKey", apiKey);
        params.put("signatureVersion", "3");
        params.put("expires", EXPIRES.format(clock.instant().plus(lifetime)));
        params.put("signature", signature(params));
    }

    @Override
    public String describe() {
        return "API key " + apiKey.substring(0, Math.min(8, apiKey.length())) + "...";
    }

    /** The signature of {@code params} (a {@code signature} among them is left out). */
    String signature(Map<String, String> params) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(secretKey);
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical(params).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute HmacSHA1", e);
        }
    }

    static String canonical(Map<String, String> params) {
        List<String> names = new ArrayList<>(params.keySet());
        names.remove("signature");
        names.sort(null);
        StringBuilder s = new StringBuilder();
        for (String name : names) {
            if (s.length() > 0) {
                s.append('&');
            }
            s.append(name).append('=').append(encode(params.get(name)));
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }

    /** A value as it is sent and signed: form-encoded, with spaces as %20 rather than +. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
