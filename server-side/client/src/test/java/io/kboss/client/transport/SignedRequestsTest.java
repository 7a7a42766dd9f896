package io.kboss.client.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.server.auth.domain.RequestSignature;
import io.kboss.server.auth.domain.SignatureExpiry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/**
 * The client signs as the server verifies: the same parameters checked by kboss-server's own
 * RequestSignature, with values that encode differently under the various URL-encodings.
 */
public class SignedRequestsTest {
    private static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    public void aSignedRequestVerifiesWithTheServersOwnSignatureCheck() {
        Map<String, String> params = signed(new SignedRequests("key-1", "secret-1", clock,
                Duration.ofMinutes(5)));

        assertTrue(params.toString(), RequestSignature.verify(params, params.get("signature"), "secret-1"));
        assertFalse("another secret does not verify",
                RequestSignature.verify(params, params.get("signature"), "secret-2"));
    }

    @Test
    public void theRequestCarriesKeyVersionThreeAndAnExpiresTheServerReadsAsNowPlusTheLifetime() {
        Map<String, String> params = signed(new SignedRequests("key-1", "s", clock, Duration.ofMinutes(5)));

        assertEquals("key-1", params.get("apiKey"));
        assertEquals("3", params.get("signatureVersion"));
        assertEquals("2030-05-01T10:05:00+0000", params.get("expires"));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), SignatureExpiry.parse(params.get("expires")));
    }

    @Test
    public void aChangedValueAfterSigningNoLongerVerifies() {
        Map<String, String> params = signed(new SignedRequests("key-1", "s", clock, Duration.ofMinutes(5)));
        params.put("name", "something else");

        assertFalse(RequestSignature.verify(params, params.get("signature"), "s"));
    }

    @Test
    public void theSecretKeyAppearsNowhereInTheRequestNorInItsDescription() {
        SignedRequests signer = new SignedRequests("key-123456789", "very-secret-value", clock, Duration.ofMinutes(5));
        Map<String, String> params = signed(signer);

        assertFalse(params.toString().contains("very-secret-value"));
        assertFalse(signer.describe().contains("very-secret-value"));
    }

    private static Map<String, String> signed(SignedRequests signer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("command", "createBackupOffering");
        params.put("name", "gold plan ~ 100% + more/less & \"quotes\" été");
        params.put("description", "a=b;c");
        params.put("zoneid", "2d3f6b1e-0000-4000-8000-000000000001");
        params.put("response", "json");
        signer.authenticate(params, HttpRequest.newBuilder(URI.create("http://127.0.0.1/client/api")));
        return params;
    }
}
