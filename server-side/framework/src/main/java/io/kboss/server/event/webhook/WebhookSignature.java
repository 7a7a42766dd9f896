package io.kboss.server.event.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery's body: {@code sha256=} and the lower-case hex of HMAC-SHA256 over the body's
 * UTF-8 bytes with the webhook's secret key, sent in the {@value #HEADER} header (docs/events-and-webhooks.md
 * shows how a receiver checks it).
 */
public final class WebhookSignature {
    public static final String HEADER = "X-KBOSS-Signature";

    private WebhookSignature() {
    }

    public static String of(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK; signing a webhook body failed", e);
        }
    }
}
