package io.kboss.agent.disk.domain;

import java.time.Duration;
import java.util.List;

/**
 * What a backup produced.
 *
 * @param kind FULL or INCREMENTAL as actually taken
 * @param fullReason when an incremental was asked for but a full was taken (the previous
 *     checkpoint's bitmap is gone), why; null otherwise. The caller must start a new chain.
 * @param checkpointName the checkpoint this backup created
 * @param checkpointXml the checkpoint's definition; keep it with the backup and pass it back as
 *     {@link BackupRequest#previousCheckpointXml()} so a lost checkpoint can be redefined
 * @param vmWasRunning true for a libvirt push backup, false for a stopped VM read with qemu-img
 * @param quiesced whether the guest's filesystems were frozen
 * @param frozen how long they were frozen (zero when not quiesced)
 * @param notQuiescedReason why a PREFERRED quiesce fell back to crash-consistent; null otherwise
 */
public record BackupOutcome(BackupKind kind, String fullReason, String checkpointName, String checkpointXml,
        List<DiskBackupOutcome> disks, boolean vmWasRunning, boolean quiesced, Duration frozen,
        String notQuiescedReason, Duration elapsed) {

    public BackupOutcome {
        disks = List.copyOf(disks);
    }
}
