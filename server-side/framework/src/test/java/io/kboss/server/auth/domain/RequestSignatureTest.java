package io.kboss.server.auth.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class RequestSignatureTest {

    @Test
    public void canonicalStringSortsByNameEncodesSpacesAsPercent20AndLowerCases() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listZones");
        p.put("apiKey", "AbC");
        p.put("name", "a b+c");
        p.put("signature", "ignored");
        assertEquals("apikey=abc&command=listzones&name=a%20b%2bc", RequestSignature.canonical(p, false));
    }

    @Test
    public void signatureMadeWithTheSecretVerifiesAndAnyChangeBreaksIt() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listZones");
        p.put("apiKey", "key");
        p.put("response", "json");
        String sig = RequestSignature.sign(p, "secret");
        assertTrue(RequestSignature.verify(p, sig, "secret"));
        assertFalse(RequestSignature.verify(p, sig, "other-secret"));
        p.put("response", "xml");
        assertFalse(RequestSignature.verify(p, sig, "secret"));
        assertFalse(RequestSignature.verify(p, "not base64 !", "secret"));
    }

    @Test
    public void tildeIsAcceptedWhetherTheClientEncodedItOrNot() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listZones");
        p.put("name", "a~b");
        // python cs leaves ~ as is (RFC 3986); Java's URLEncoder writes %7E.
        String rfcCanonical = "command=listzones&name=a~b";
        assertEquals(rfcCanonical, RequestSignature.canonical(p, true));
        assertTrue(RequestSignature.verify(p, RequestSignature.sign(p, "s"), "s"));
    }

    @Test
    public void signatureOverTheRfc3986StringIsAcceptedAsPythonCsSendsIt() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listZones");
        p.put("name", "a~b");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(
                new javax.crypto.spec.SecretKeySpec("s".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
        String rfcSigned = java.util.Base64.getEncoder().encodeToString(
                mac.doFinal("command=listzones&name=a~b".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(RequestSignature.verify(p, rfcSigned, "s"));
        assertFalse(RequestSignature.verify(p, rfcSigned, "other"));
    }

    @Test
    public void expiresReadByHandAgreesWithTheFormatterAndRefusesMalformedOffsets() {
        assertEquals(Instant.parse("2030-01-01T05:30:00Z"), SignatureExpiry.parse("2030-01-01T00:00:00-0530"));
        assertEquals(Instant.parse("2030-01-01T05:30:00Z"), SignatureExpiry.parse(" 2030-01-01T00:00:00-05:30 "));
        assertEquals(Instant.parse("2030-01-01T00:00:00.250Z"), SignatureExpiry.parse("2030-01-01T00:00:00.25+0000"));
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), SignatureExpiry.parse("2030-01-01T00:00+00:00"));
        assertEquals(null, SignatureExpiry.parse("2030-01-01T00:00:00+19:00"));
        assertEquals(null, SignatureExpiry.parse("2030-01-01T00:00:00+00:0x"));
        assertEquals(null, SignatureExpiry.parse("2030-01-01 00:00:00+0000"));
        assertEquals(null, SignatureExpiry.parse(null));
    }

    @Test
    public void expiresIsParsedInCloudStackAndIsoForms() {
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), SignatureExpiry.parse("2030-01-01T00:00:00+0000"));
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), SignatureExpiry.parse("2030-01-01T01:00:00+01:00"));
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), SignatureExpiry.parse("2030-01-01T00:00:00Z"));
        assertEquals(null, SignatureExpiry.parse("2030-01-01T00:00:00"));
        assertEquals(null, SignatureExpiry.parse("tomorrow"));
    }

    @Test
    public void passwordHashMatchesOnlyTheRightPassword() {
        PasswordHash h = PasswordHash.create("correct horse".toCharArray(), new SecureRandom());
        assertTrue(h.matches("correct horse".toCharArray()));
        assertFalse(h.matches("correct hors".toCharArray()));
        assertFalse(h.toString().contains(h.hash()));
    }
}
