package io.kboss.server.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.server.config.FrameworkProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ChannelKeySealTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final byte[] channelKey = new byte[32];

    {
        new SecureRandom().nextBytes(channelKey);
    }

    private ChannelKeySeal sealIn(Path work) {
        return new ChannelKeySeal(FrameworkProperties.defaults("test", work, "pw"), new SecureRandom());
    }

    @Test
    public void aSealedKeyOpensWithTheSameKeyFileAlsoAfterARestartAndHidesTheKey() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        byte[] sealed = sealIn(work).seal(channelKey);
        assertFalse("the sealed bytes do not contain the key", indexOf(sealed, channelKey) >= 0);
        assertArrayEquals(channelKey, sealIn(work).unseal(sealed, "kvm1"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(work.resolve(ChannelKeySeal.KEY_FILE))));
    }

    @Test
    public void twoSealsOfOneKeyDifferBecauseEachHasItsOwnNonce() throws Exception {
        ChannelKeySeal seal = sealIn(tmp.newFolder("work").toPath());
        assertFalse(Arrays.equals(seal.seal(channelKey), seal.seal(channelKey)));
    }

    @Test
    public void aServerWithAnotherKeyFileSaysWhichFileToCopy() throws Exception {
        byte[] sealed = sealIn(tmp.newFolder("a").toPath()).seal(channelKey);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sealIn(tmp.newFolder("b").toPath()).unseal(sealed, "kvm1"));
        assertTrue(e.getMessage(), e.getMessage().contains("host kvm1") && e.getMessage().contains("Copy that server's "
                + ChannelKeySeal.KEY_FILE));
    }

    @Test
    public void aTruncatedKeyFileIsRefusedRatherThanReplaced() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        Files.write(work.resolve(ChannelKeySeal.KEY_FILE), new byte[5]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sealIn(work).seal(channelKey));
        assertTrue(e.getMessage(), e.getMessage().contains("not a 32-byte key"));
        assertEquals(5, Files.size(work.resolve(ChannelKeySeal.KEY_FILE)));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
