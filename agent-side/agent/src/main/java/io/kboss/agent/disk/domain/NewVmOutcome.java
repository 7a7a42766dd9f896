package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A VM created from a backup.
 *
 * @param volumes its volumes (for a quick restore, the overlays that become them)
 * @param running whether it runs now
 * @param consolidation for a quick restore, how its consolidation ended; null otherwise
 */
public record NewVmOutcome(String name, String uuid, List<Path> volumes, boolean running,
        QuickRestoreOutcome.Status consolidation, Duration timeToRunning, Duration elapsed) {
    public NewVmOutcome {
        volumes = List.copyOf(volumes);
    }
}
