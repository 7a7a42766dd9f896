package io.kboss.server.backup;

import io.kboss.server.event.EventTypes;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindLimits;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationKind;

/**
 * The kinds of backup work every provider runs through the queue. All four hold their VM (one per VM
 * at a time), share the backup limit group and end within {@code kboss.timeout}. Each also has limits of
 * its own ({@code backup.<kind>.max.concurrent.operations[.per.zone|.per.host]}, none by default), so an
 * operator can hold back, say, restores on a host without holding back its backups.
 */
public final class BackupOperations {
    /** Backups, restores, volume restores and deletes count against the same limits. */
    public static final LimitGroup LIMITS = new LimitGroup("backup", BackupFrameworkSettings.MAX_CONCURRENT,
            BackupFrameworkSettings.MAX_CONCURRENT_PER_ZONE, BackupFrameworkSettings.MAX_CONCURRENT_PER_HOST);

    /**
     * The limits of a new VM from a backup of its own (a provider's kind that counts against the backup
     * group): kept here beside the others so that every setting of the group's kinds is defined in one place.
     */
    public static final KindLimits VM_FROM_BACKUP_LIMITS = new KindLimits(
            BackupFrameworkSettings.VM_FROM_BACKUP_MAX_CONCURRENT,
            BackupFrameworkSettings.VM_FROM_BACKUP_MAX_CONCURRENT_PER_ZONE,
            BackupFrameworkSettings.VM_FROM_BACKUP_MAX_CONCURRENT_PER_HOST);

    private static final KindPolicy POLICY = KindPolicy.timeout(BackupFrameworkSettings.TIMEOUT);

    /** createBackup and schedule firings; its backup is the one taken. */
    public static final OperationKind BACKUP = new OperationKind("BACKUP", "backup", Exclusivity.VM, LIMITS,
            new KindLimits(BackupFrameworkSettings.CREATE_MAX_CONCURRENT,
                    BackupFrameworkSettings.CREATE_MAX_CONCURRENT_PER_ZONE,
                    BackupFrameworkSettings.CREATE_MAX_CONCURRENT_PER_HOST),
            POLICY,
            EventTypes.BACKUP_CREATE);
    /** restoreBackup; its backup is the one restored, its VM the one written. */
    public static final OperationKind RESTORE = new OperationKind("RESTORE", "restore", Exclusivity.VM, LIMITS,
            new KindLimits(BackupFrameworkSettings.RESTORE_MAX_CONCURRENT,
                    BackupFrameworkSettings.RESTORE_MAX_CONCURRENT_PER_ZONE,
                    BackupFrameworkSettings.RESTORE_MAX_CONCURRENT_PER_HOST),
            POLICY, EventTypes.BACKUP_RESTORE);
    /** restoreVolumeFromBackupAndAttachToVM; its VM is the one that receives the volume. */
    public static final OperationKind VOLUME_RESTORE = new OperationKind("VOLUME_RESTORE", "volume restore",
            Exclusivity.VM, LIMITS,
            new KindLimits(BackupFrameworkSettings.VOLUME_RESTORE_MAX_CONCURRENT,
                    BackupFrameworkSettings.VOLUME_RESTORE_MAX_CONCURRENT_PER_ZONE,
                    BackupFrameworkSettings.VOLUME_RESTORE_MAX_CONCURRENT_PER_HOST),
            POLICY, EventTypes.BACKUP_RESTORE_VOLUME);
    /** deleteBackup, retention and the sweep of Removed backups (see the operation's origin). */
    public static final OperationKind DELETE = new OperationKind("DELETE", "delete", Exclusivity.VM, LIMITS,
            new KindLimits(BackupFrameworkSettings.DELETE_MAX_CONCURRENT,
                    BackupFrameworkSettings.DELETE_MAX_CONCURRENT_PER_ZONE,
                    BackupFrameworkSettings.DELETE_MAX_CONCURRENT_PER_HOST),
            POLICY,
            EventTypes.BACKUP_DELETE);

    private BackupOperations() {
    }
}
