package io.kboss.server.backup;

import io.kboss.server.event.EventTypes;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationKind;

/**
 * The kinds of backup work every provider runs through the queue. All four hold their VM (one per VM
 * at a time), share the backup limit group and end within {@code kboss.timeout}.
 */
public final class BackupOperations {
    /** Backups, restores, volume restores and deletes count against the same limits. */
    public static final LimitGroup LIMITS = new LimitGroup("backup", BackupFrameworkSettings.MAX_CONCURRENT,
            BackupFrameworkSettings.MAX_CONCURRENT_PER_ZONE, BackupFrameworkSettings.MAX_CONCURRENT_PER_HOST);

    private static final KindPolicy POLICY = KindPolicy.timeout(BackupFrameworkSettings.TIMEOUT);

    /** createBackup and schedule firings; its backup is the one taken. */
    public static final OperationKind BACKUP = new OperationKind("BACKUP", "backup", Exclusivity.VM, LIMITS, POLICY,
            EventTypes.BACKUP_CREATE);
    /** restoreBackup; its backup is the one restored, its VM the one written. */
    public static final OperationKind RESTORE = new OperationKind("RESTORE", "restore", Exclusivity.VM, LIMITS,
            POLICY, EventTypes.BACKUP_RESTORE);
    /** restoreVolumeFromBackupAndAttachToVM; its VM is the one that receives the volume. */
    public static final OperationKind VOLUME_RESTORE = new OperationKind("VOLUME_RESTORE", "volume restore",
            Exclusivity.VM, LIMITS, POLICY, EventTypes.BACKUP_RESTORE_VOLUME);
    /** deleteBackup, retention and the sweep of Removed backups (see the operation's origin). */
    public static final OperationKind DELETE = new OperationKind("DELETE", "delete", Exclusivity.VM, LIMITS, POLICY,
            EventTypes.BACKUP_DELETE);

    private BackupOperations() {
    }
}
