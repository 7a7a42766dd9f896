package io.kboss.test.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.libvirt.LibvirtException;

/**
 * The tiny guest of test/lab/build-tiny-guest.sh, built once into the project's .work/lab cache (the
 * script does nothing when its cache is current), and the wait for its guest agent.
 */
public final class TinyGuestImage {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private TinyGuestImage() {
    }

    /** Builds (or reuses) the guest and returns its folder. */
    public static Path build() throws InterruptedException {
        Path root = projectRoot();
        Path cache = root.resolve(".work/lab");
        Programs.run(List.of("bash", root.resolve("test/lab/build-tiny-guest.sh").toString(), cache.toString()),
                BUILD_TIMEOUT);
        return cache.resolve("tiny-guest");
    }

    /** Waits up to 60 s for the guest's agent to answer a guest-ping. */
    public static void waitForAgent(LabDomain vm) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            try {
                vm.agent("{\"execute\":\"guest-ping\"}", 1);
                return;
            } catch (LibvirtException e) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException(
                "the tiny guest's agent did not answer within 60 s; see " + vm.dir.resolve("console.log"));
    }

    /** The folder holding test/lab, from the module a test runs in. */
    private static Path projectRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("test/lab/build-tiny-guest.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no test/lab/build-tiny-guest.sh above " + System.getProperty("user.dir"));
    }
}
