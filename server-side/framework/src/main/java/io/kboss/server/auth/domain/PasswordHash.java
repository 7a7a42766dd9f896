package io.kboss.server.auth.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password stored as PBKDF2-HMAC-SHA256 with a random salt. The algorithm string records the
 * iteration count, so raising it later still verifies old hashes.
 */
public record PasswordHash(String hash, String salt, String algorithm) {
    private static final String PREFIX = "PBKDF2WithHmacSHA256:";
    /** OWASP's 2023 advice is 600,000; lower keeps a login near 100 ms on a 2-core host. */
    static final int ITERATIONS = 120_000;
    private static final int KEY_BITS = 256;

    public static PasswordHash create(char[] password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return new PasswordHash(b64.encodeToString(key), b64.encodeToString(salt), PREFIX + ITERATIONS);
    }

    /** Constant-time check of a password against this hash. */
    public boolean matches(char[] password) {
        if (algorithm == null || !algorithm.startsWith(PREFIX)) {
            return false;
        }
        int iterations = Integer.parseInt(algorithm.substring(PREFIX.length()));
        byte[] expected = Base64.getDecoder().decode(hash);
        byte[] actual = derive(password, Base64.getDecoder().decode(salt), iterations);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + "]";
    }
}
