package io.kboss.agent.pairing;

import static org.junit.Assert.assertEquals;

import io.kboss.agent.job.JobJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The state folder's mode: QEMU (another user) must pass through it to the default mount points and
 * validation overlays inside it, while its secrets and job journal stay the agent's own. A fresh
 * machine's first validation failed with "QEMU cannot reach the validation scratch folder" when the
 * folder was created rwx------.
 */
public class StateFolderModeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aNewStateFolderLetsOthersThroughButNotLookInside() throws Exception {
        Path state = tmp.getRoot().toPath().resolve("state");
        Pairing.open(state, new SecureRandom());
        new JobJournal(state);

        assertEquals("rwx--x--x", mode(state));
        assertEquals("rw-------", mode(state.resolve("pairing-secret")));
        assertEquals("rwx------", mode(state.resolve("jobs")));
    }

    @Test
    public void aFolderAnEarlierAgentMadeRwxOnlyForItsOwnerGetsTheSearchBits() throws Exception {
        Path state = Files.createDirectory(tmp.getRoot().toPath().resolve("old-state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));

        Pairing.open(state, new SecureRandom());

        assertEquals("rwx--x--x", mode(state));
    }

    @Test
    public void aFolderOthersCouldListOrWriteIsClosedToThem() throws Exception {
        Path state = Files.createDirectory(tmp.getRoot().toPath().resolve("open-state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

        Pairing.open(state, new SecureRandom());

        assertEquals("rwx--x--x", mode(state));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
