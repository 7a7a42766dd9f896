package io.kboss.agent.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.ReplacedVolumes;
import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A volume an in-place quick restore set aside goes back under its name when the job dies first. */
public class FileLeftoversTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ProcessRunner programs = new ProcessRunner();

    private Path volumeSetAsideBehindAnOverlay() throws Exception {
        Path volume = tmp.getRoot().toPath().resolve("vol.qcow2");
        Path backup = tmp.getRoot().toPath().resolve("backup.qcow2");
        programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", volume.toString(), "8M"),
                Duration.ofSeconds(30));
        programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", backup.toString(), "8M"),
                Duration.ofSeconds(30));
        Files.move(volume, Path.of(volume + ".replaced-volume"));
        programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backup.toString(),
                volume.toString()), Duration.ofSeconds(30));
        return volume;
    }

    @Test
    public void theOverlayIsDeletedAndTheVolumeRenamedBack() throws Exception {
        Path volume = volumeSetAsideBehindAnOverlay();
        long size = Files.size(Path.of(volume + ".replaced-volume"));
        String done = FileLeftovers.putBack(new Leftover(LeftoverKind.SET_ASIDE_VOLUME, "vm", volume.toString()));
        assertTrue(done, done.startsWith("put " + volume + " back"));
        assertFalse(Files.exists(Path.of(volume + ".replaced-volume")));
        assertEquals(size, Files.size(volume));
        assertFalse("the volume is the original, not the overlay", ReplacedVolumes.isOverlay(volume));
        assertTrue("a second cleanup finds nothing to do",
                FileLeftovers.putBack(new Leftover(LeftoverKind.SET_ASIDE_VOLUME, "vm", volume.toString()))
                        .startsWith("nothing"));
    }

    @Test
    public void whatIsNotTheRestoresOverlayIsNeverDeleted() throws Exception {
        Path volume = volumeSetAsideBehindAnOverlay();
        Files.delete(volume);
        programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", volume.toString(), "8M"),
                Duration.ofSeconds(30));
        assertThrows(IOException.class,
                () -> FileLeftovers.putBack(new Leftover(LeftoverKind.SET_ASIDE_VOLUME, "vm", volume.toString())));
        assertTrue(Files.exists(volume) && Files.exists(Path.of(volume + ".replaced-volume")));
    }
}
