package io.kboss.client.request;

/**
 * How createBackup takes a backup: {@code quiesceVm} freezes the guest's file systems through its
 * guest agent while the backup starts (the backup fails when the agent does not answer);
 * {@code isolated} takes a full backup outside the VM's chains that nothing is ever built on. Null
 * leaves the server's default (false).
 */
public record BackupOptions(Boolean quiesceVm, Boolean isolated) {
    public static BackupOptions defaults() {
        return new BackupOptions(null, null);
    }

    public BackupOptions quiesced(boolean quiesce) {
        return new BackupOptions(quiesce, isolated);
    }

    public BackupOptions isolated(boolean isolatedFull) {
        return new BackupOptions(quiesceVm, isolatedFull);
    }
}
