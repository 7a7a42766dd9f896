package io.kboss.agent.disk;

import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Restarts the machine's libvirtd the way an upgrade would, for the one test that needs it.
 * Teammates share this libvirtd, so the outage is kept to the restart itself: kill, start, and
 * wait until qemu:///system answers again.
 */
final class LibvirtDaemon {
    private static final ProcessRunner runner = new ProcessRunner();

    private LibvirtDaemon() {
    }

    static void restart() throws InterruptedException {
        String pid = runner.run(List.of("pgrep", "-x", "libvirtd"), Duration.ofSeconds(10)).stdout().trim();
        if (!pid.isEmpty()) {
            runner.run(List.of("kill", pid.split("\\s+")[0]), Duration.ofSeconds(10));
            for (int i = 0; i < 100; i++) {
                if (runner.run(List.of("pgrep", "-x", "libvirtd"), Duration.ofSeconds(10), Set.of(0, 1))
                        .exitStatus() == 1) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        runner.run(List.of("libvirtd", "-d"), Duration.ofSeconds(30));
        for (int i = 0; i < 240; i++) {
            if (runner.run(List.of("virsh", "-c", LabDomain.URI, "version"), Duration.ofSeconds(60), Set.of(0, 1))
                    .exitStatus() == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("libvirtd did not answer within 60 s after its restart");
    }
}
