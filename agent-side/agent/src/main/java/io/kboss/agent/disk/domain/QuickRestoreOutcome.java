package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Outcome of a quick restore or of resuming its consolidation.
 *
 * @param status CONSOLIDATED: the VM no longer needs the backup files; VM_STOPPED: the VM stopped
 *     before block pull finished, its disks still read through the backups (resume consolidation
 *     or redo the restore); CANCELLED: the caller cancelled the pull, same state as VM_STOPPED
 *     but the VM still runs
 * @param disks each disk's overlay (now its volume) and where the volume it replaced was set aside
 *     (null when it could not be set aside, or on a resume that found nothing set aside)
 * @param timeToRunning from the call until the VM ran (zero when resuming a running VM)
 */
public record QuickRestoreOutcome(Status status, List<Disk> disks, Duration timeToRunning, Duration elapsed) {
    public enum Status {
        CONSOLIDATED, VM_STOPPED, CANCELLED
    }

    /** A restored disk: the VM's disk {@code disk} now uses {@code volume}; {@code replaced} is its former volume, set aside. */
    public record Disk(String disk, Path volume, Path replaced) {
    }

    public QuickRestoreOutcome {
        disks = List.copyOf(disks);
    }
}
