package io.kboss.agent.contract.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The one-time code an agent prints for the operator to hand to the management server, and the
 * derivation of the channel key from it.
 *
 * <p>The code is 20 random bytes written in base32 in groups of four ({@code ABCD-EFGH-...}), easy
 * to read aloud and type. Pairing derives the channel key as
 * {@code HMAC-SHA256(code, "kboss-pair-v1" | serverNonce | agentNonce)}: fresh for every pairing,
 * never sent over the network, and useless to whoever finds the code after it was used, because
 * the agent forgets the code once paired and refuses a second pairing.
 */
public final class PairingCode {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public static final int BYTES = 20;

    private PairingCode() {
    }

    public static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public static String format(byte[] secret) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        int chars = 0;
        for (byte b : secret) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                if (chars > 0 && chars % 4 == 0) {
                    out.append('-');
                }
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
                chars++;
            }
        }
        return out.toString();
    }

    /** Accepts the code as printed, in any letter case, with or without dashes and spaces. */
    public static byte[] parse(String code) {
        String clean = code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (clean.length() != BYTES * 8 / 5) {
            throw new IllegalArgumentException("A pairing code has " + BYTES * 8 / 5
                    + " letters and digits (dashes optional); copy it again from the agent's output or state folder");
        }
        byte[] out = new byte[BYTES];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("A pairing code holds only A-Z and 2-7; '" + c
                        + "' is not one of them");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    public static byte[] deriveChannelKey(byte[] secret, String serverNonce, String agentNonce) {
        return ChannelSignature.hmac(secret, "kboss-pair-v1\n" + serverNonce + "\n" + agentNonce);
    }

    public static String newNonce(SecureRandom random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }
}
