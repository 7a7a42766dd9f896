package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;

/** Finds the backup a call names and checks the caller may act on it. */
final class BackupAccess {

    private BackupAccess() {
    }

    /** The backup, unless it is unknown, deleted, or another account's (for a caller who may not see it). */
    static BackupRecord require(BackupRepository backups, String backupUuid, Caller caller) throws ApiException {
        BackupRecord b = backups.byUuid(backupUuid)
                .filter(x -> x.status() != BackupStatus.REMOVED && x.status() != BackupStatus.EXPUNGED)
                .orElseThrow(() -> ApiException.invalidParameter("No backup with id " + backupUuid
                        + " exists (or it was deleted); list them with listBackups"));
        if (!caller.mayAccess(b.accountId(), b.domainPath())) {
            throw ApiException.permissionDenied("Backup " + backupUuid + " belongs to another account; you may act "
                    + "only on your own account's backups");
        }
        return b;
    }
}
