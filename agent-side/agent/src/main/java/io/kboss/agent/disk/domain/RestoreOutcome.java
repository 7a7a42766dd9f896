package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The volumes a restore wrote, and how long it took. */
public record RestoreOutcome(List<RestoredVolume> volumes, Duration elapsed) {
    /** One volume now holding the disk as it was at backup time. */
    public record RestoredVolume(String disk, Path volume, String format, long virtualSize) {
    }

    public RestoreOutcome {
        volumes = List.copyOf(volumes);
    }
}
