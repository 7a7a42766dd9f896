package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.server.event.EventTypes;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationKind;

/**
 * The FILE_RESTORE kind of the operation queue: listBackupFiles and extractBackupFile. It only reads the
 * backup's files, so it holds nothing (several may read one backup, and the VM stays free); it waits while a
 * compression or a delete rewrites the VM's backup files (see {@link FileRestoreOperation#conflictsOnVm}). Its
 * own group limits how many libguestfs appliances a host boots at once.
 */
public final class FileRestoreKind {
    public static final LimitGroup LIMITS = new LimitGroup("filerestore", null, null,
            KbossSettings.FILE_RESTORE_MAX_PER_HOST);

    public static final OperationKind FILE_RESTORE = new OperationKind("FILE_RESTORE", "file restore",
            Exclusivity.NONE, LIMITS, KindPolicy.timeout(KbossSettings.FILE_RESTORE_TIMEOUT),
            EventTypes.BACKUP_RESTORE_FILE);

    private FileRestoreKind() {
    }
}
