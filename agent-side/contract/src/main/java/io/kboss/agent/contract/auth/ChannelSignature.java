package io.kboss.agent.contract.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signatures of the agent channel, computed the same way on both ends.
 *
 * <p>A request is signed over its method, path (with query), timestamp, nonce and the SHA-256 of
 * its body; the answer over the request's nonce, the status and the SHA-256 of the answer body,
 * so an answer cannot be replayed onto another request or forged by someone in the path.
 */
public final class ChannelSignature {
    private static final String HMAC = "HmacSHA256";

    private ChannelSignature() {
    }

    public static String signRequest(byte[] key, String method, String pathAndQuery, long timestampMillis,
            String nonce, byte[] body) {
        String canonical = "KBOSS-REQUEST-V1\n" + method.toUpperCase(java.util.Locale.ROOT) + "\n" + pathAndQuery
                + "\n" + timestampMillis + "\n" + nonce + "\n" + sha256Hex(body);
        return hmacBase64(key, canonical);
    }

    public static String signResponse(byte[] key, String requestNonce, int status, byte[] body) {
        String canonical = "KBOSS-RESPONSE-V1\n" + requestNonce + "\n" + status + "\n" + sha256Hex(body);
        return hmacBase64(key, canonical);
    }

    /** Constant-time comparison, so timing tells an attacker nothing about a near miss. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String hmacBase64(byte[] key, String data) {
        return Base64.getEncoder().encodeToString(hmac(key, data));
    }
}
