package io.kboss.client.request;

/**
 * How restoreBackup restores: {@code quickRestore} starts the VM at once on overlays over the
 * backup and consolidates its disks in the background (only when the backup's offering allows
 * it); {@code hostId} picks the host to restore on (root admins only). Null leaves the default.
 * restoreVolumeFromBackupAndAttachToVM takes the same options: there quickRestore attaches the
 * volume at once and fills it while the VM runs, and hostId may only name the VM's own host.
 */
public record RestoreOptions(Boolean quickRestore, String hostId) {
    public static RestoreOptions defaults() {
        return new RestoreOptions(null, null);
    }

    public RestoreOptions quick(boolean quick) {
        return new RestoreOptions(quick, hostId);
    }

    public RestoreOptions onHost(String host) {
        return new RestoreOptions(quickRestore, host);
    }
}
