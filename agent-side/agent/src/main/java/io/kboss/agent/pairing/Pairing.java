package io.kboss.agent.pairing;

import io.kboss.agent.contract.auth.PairingCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The agent's pairing with one management server, kept in its state folder.
 *
 * <p>Unpaired, the folder holds {@code pairing-secret} (0600): the code the operator hands to the
 * server. Pairing replaces it with {@code channel-key} (0600) and deletes the secret, so the
 * printed code is worthless afterwards and a second pairing is refused. Only
 * {@link #reset()} — run by the operator on the host ({@code kboss-agent --reset-pairing}) — makes
 * the agent pairable again. {@code agent-id} identifies the host across resets.
 */
public final class Pairing {
    private static final String SECRET = "pairing-secret";
    private static final String CHANNEL = "channel-key";
    private static final String SERVER = "paired-server";
    private static final String AGENT_ID = "agent-id";

    private final Path stateDir;
    private final SecureRandom random;
    private final String agentId;
    private volatile byte[] channelKey;
    private volatile byte[] pairingSecret;

    private Pairing(Path stateDir, SecureRandom random) throws IOException {
        this.stateDir = stateDir;
        this.random = random;
        openForPassage(stateDir);
        Path idFile = stateDir.resolve(AGENT_ID);
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, UUID.randomUUID().toString());
        }
        this.agentId = Files.readString(idFile).trim();
        if (Files.exists(stateDir.resolve(CHANNEL))) {
            channelKey = Base64.getDecoder().decode(Files.readString(stateDir.resolve(CHANNEL)).trim());
        } else if (Files.exists(stateDir.resolve(SECRET))) {
            pairingSecret = PairingCode.parse(Files.readString(stateDir.resolve(SECRET)).trim());
        } else {
            newSecret();
        }
    }

    /**
     * Creates the state folder {@code rwx--x--x}, or gives an existing one (earlier agents made it
     * {@code rwx------}) the others' search bit. Only the agent's user may list it, and its secrets are
     * 0600 files; but QEMU, which runs as another user, must pass through it to the default store
     * mount points ({@code mnt/}) and validation overlays ({@code validation/}) kept inside it: a
     * quick-restored or validation VM reads its backing files there.
     */
    static void openForPassage(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx--x--x")));
        }
        // createDirectories applies the umask; set the mode itself so a 077 umask cannot undo the search bits.
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(stateDir));
        mode.removeAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
        mode.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        if (!mode.equals(Files.getPosixFilePermissions(stateDir))) {
            Files.setPosixFilePermissions(stateDir, mode);
        }
    }

    /** Opens the pairing state, creating the agent id and a pairing secret on first start. */
    public static Pairing open(Path stateDir, SecureRandom random) {
        try {
            return new Pairing(stateDir, random);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the agent's pairing state in " + stateDir
                    + ": check that the folder is writable by the agent's user", e);
        }
    }

    public String agentId() {
        return agentId;
    }

    public boolean isPaired() {
        return channelKey != null;
    }

    public Optional<byte[]> channelKey() {
        return Optional.ofNullable(channelKey);
    }

    public Optional<byte[]> pairingSecret() {
        return Optional.ofNullable(pairingSecret);
    }

    /** The code to hand to the server, while unpaired. */
    public Optional<String> pairingCode() {
        byte[] secret = pairingSecret;
        return secret == null ? Optional.empty() : Optional.of(PairingCode.format(secret));
    }

    public Optional<String> pairedServerId() {
        try {
            Path f = stateDir.resolve(SERVER);
            return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Completes a pairing whose request was already verified with the pairing secret. Returns the
     * agent's nonce; the channel key is derived from both nonces and stored.
     *
     * @throws IllegalStateException when already paired (the caller answers 401)
     */
    public synchronized String completePairing(String serverId, String serverNonce) throws IOException {
        if (channelKey != null || pairingSecret == null) {
            throw new IllegalStateException("already paired");
        }
        String agentNonce = PairingCode.newNonce(random);
        byte[] key = PairingCode.deriveChannelKey(pairingSecret, serverNonce, agentNonce);
        SecretFiles.write(stateDir.resolve(CHANNEL), Base64.getEncoder().encode(key));
        Files.writeString(stateDir.resolve(SERVER), serverId == null ? "" : serverId);
        Files.deleteIfExists(stateDir.resolve(SECRET));
        channelKey = key;
        pairingSecret = null;
        return agentNonce;
    }

    /** Forgets the paired server and makes a new pairing code; returns it. */
    public synchronized String reset() {
        try {
            Files.deleteIfExists(stateDir.resolve(CHANNEL));
            Files.deleteIfExists(stateDir.resolve(SERVER));
            channelKey = null;
            newSecret();
            return PairingCode.format(pairingSecret);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset pairing in " + stateDir, e);
        }
    }

    private void newSecret() throws IOException {
        byte[] secret = PairingCode.newSecret(random);
        SecretFiles.write(stateDir.resolve(SECRET), PairingCode.format(secret).getBytes(StandardCharsets.US_ASCII));
        pairingSecret = secret;
    }
}
