package io.kboss.server.auth.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CloudStack's request signature: every parameter but {@code signature}, sorted by name, joined as
 * {@code name=value} with {@code &}, values URL-encoded with spaces as {@code %20}, the whole string
 * lower-cased, HMAC-SHA1 with the user's secret key, Base64.
 *
 * <p>CloudStack encodes with Java's URLEncoder; clients such as python {@code cs} use RFC 3986
 * quoting, which differs only in a few characters ({@code ~}). Both encodings are tried, so
 * either kind of client is accepted; comparisons are constant-time.
 */
public final class RequestSignature {
    private RequestSignature() {
    }

    /**
     * @param params the request's parameters with names as sent and decoded values
     * @param signature the {@code signature} sent (its parameter is ignored inside {@code params})
     */
    public static boolean verify(Map<String, String> params, String signature, String secretKey) {
        if (signature == null || secretKey == null) {
            return false;
        }
        byte[] sent;
        try {
            sent = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Stop at the first encoding that matches: which one matched tells nothing about the secret.
        // The RFC 3986 string differs only where a value holds '~'; otherwise it is the same HMAC.
        String javaStyle = canonical(params, false);
        if (MessageDigest.isEqual(sent, hmac(javaStyle, secretKey))) {
            return true;
        }
        String rfcStyle = canonical(params, true);
        return !rfcStyle.equals(javaStyle) && MessageDigest.isEqual(sent, hmac(rfcStyle, secretKey));
    }

    /** Signs the given parameters as a client would (used by tests and tools). */
    public static String sign(Map<String, String> params, String secretKey) {
        return Base64.getEncoder().encodeToString(hmac(canonical(params, false), secretKey));
    }

    static String canonical(Map<String, String> params, boolean rfc3986) {
        List<String> names = new ArrayList<>();
        for (String n : params.keySet()) {
            if (!n.equalsIgnoreCase("signature")) {
                names.add(n);
            }
        }
        names.sort(null);
        StringBuilder s = new StringBuilder();
        for (String n : names) {
            if (s.length() > 0) {
                s.append('&');
            }
            s.append(n).append('=').append(encode(params.get(n), rfc3986));
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }

    static String encode(String value, boolean rfc3986) {
        String e = URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
        return rfc3986 ? e.replace("%7E", "~") : e;
    }

    private static byte[] hmac(String message, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }
}
