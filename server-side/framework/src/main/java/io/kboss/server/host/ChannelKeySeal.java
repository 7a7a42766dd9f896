package io.kboss.server.host;

import io.kboss.server.config.FrameworkProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals agent channel keys before they go to the database (AES-256-GCM, random 12-byte nonce
 * prefixed), with a key kept in {@code <work>/host-channel.key} (0600, created on first use).
 * Whoever holds a channel key can make the agent copy and overwrite any VM's disks, so a database
 * dump alone must not give it away. Several management servers on one database must share this
 * file (copy it when adding a server); a server without it cannot talk to the hosts and says so.
 */
@Component
public class ChannelKeySeal {
    static final String KEY_FILE = "host-channel.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Path keyFile;
    private final SecureRandom random;
    private volatile SecretKeySpec key;

    public ChannelKeySeal(FrameworkProperties properties, SecureRandom random) {
        this.keyFile = properties.workFolder().resolve(KEY_FILE);
        this.random = random;
    }

    public byte[] seal(byte[] channelKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(channelKey);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal an agent channel key with " + keyFile, e);
        }
    }

    public byte[] unseal(byte[] sealed, String hostName) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("Cannot open the channel key of host " + hostName + " with " + keyFile
                    + ": the host was paired by a management server with another key file. Copy that server's "
                    + KEY_FILE + " here (all servers on one database share it), or delete the host and pair it again "
                    + "(kboss-agent --reset-pairing on the host)", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadOrCreate(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadOrCreate() {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Files.createDirectories(keyFile.getParent());
                Path tmp = Files.createTempFile(keyFile.getParent(), KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    // A link cannot replace an existing file: two servers creating it at once keep one key.
                    Files.createLink(keyFile, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // The other one won; read its key below.
                } finally {
                    Files.delete(tmp);
                }
            }
            byte[] k = Files.readAllBytes(keyFile);
            if (k.length != 32) {
                throw new IllegalStateException(
                        keyFile + " holds " + k.length + " bytes, not a 32-byte key: restore it "
                                + "from another management server or a backup");
            }
            return k;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the host key file " + keyFile
                    + ": check that the work folder is writable by the server", e);
        }
    }
}
