package io.kboss.agent.contract.auth;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.Test;

public class PairingCodeTest {

    @Test
    public void aPrintedCodeParsesBackToTheSameSecretInAnyCaseAndSpacing() {
        byte[] secret = PairingCode.newSecret(new SecureRandom());
        String code = PairingCode.format(secret);

        assertEquals(39, code.length());
        assertTrue(code.matches("([A-Z2-7]{4}-){7}[A-Z2-7]{4}"));
        assertArrayEquals(secret, PairingCode.parse(code));
        assertArrayEquals(secret, PairingCode.parse(code.toLowerCase().replace("-", " ")));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aMistypedCodeIsRefused() {
        PairingCode.parse("ABCD-EFGH-1JKL-MNOP-QRST-UVWX-YZ23-4567");
    }

    @Test
    public void theChannelKeyDependsOnBothNonces() {
        byte[] secret = new byte[20];
        byte[] k1 = PairingCode.deriveChannelKey(secret, "s1", "a1");
        assertArrayEquals(k1, PairingCode.deriveChannelKey(secret, "s1", "a1"));
        assertFalse(Arrays.equals(k1, PairingCode.deriveChannelKey(secret, "s2", "a1")));
        assertFalse(Arrays.equals(k1, PairingCode.deriveChannelKey(secret, "s1", "a2")));
    }

    @Test
    public void aSignatureChangesWithEachSignedPart() {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String base = ChannelSignature.signRequest(key, "POST", "/p", 1, "n", body);
        assertTrue(ChannelSignature.matches(base, ChannelSignature.signRequest(key, "post", "/p", 1, "n", body)));
        assertNotEquals(base, ChannelSignature.signRequest(key, "POST", "/q", 1, "n", body));
        assertNotEquals(base, ChannelSignature.signRequest(key, "POST", "/p", 2, "n", body));
        assertNotEquals(base, ChannelSignature.signRequest(key, "POST", "/p", 1, "m", body));
        assertNotEquals(base, ChannelSignature.signRequest(key, "POST", "/p", 1, "n", "{ }".getBytes()));
        assertNotEquals(base, ChannelSignature.signRequest("j".getBytes(), "POST", "/p", 1, "n", body));
        assertFalse(ChannelSignature.matches(base, null));
    }
}
