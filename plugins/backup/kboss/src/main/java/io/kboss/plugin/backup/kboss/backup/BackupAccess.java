package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import java.util.List;

/** Finds the backup a call names and checks the caller may act on it (the owner's domain from the directory). */
public final class BackupAccess {
    private final BackupRepository backups;
    private final Directory directory;

    public BackupAccess(BackupRepository backups, Directory directory) {
        this.backups = backups;
        this.directory = directory;
    }

    /** The backup, unless it is unknown, deleted, or another account's (for a caller who may not see it). */
    public BackupRecord requireLive(String backupUuid, Caller caller) throws ApiException {
        BackupRecord b = backups.byUuid(backupUuid)
                .filter(x -> x.status() != BackupStatus.REMOVED && x.status() != BackupStatus.EXPUNGED)
                .orElseThrow(() -> ApiException.invalidParameter("No backup with id " + backupUuid
                        + " exists (or it was deleted); list them with listBackups"));
        check(b, caller);
        return b;
    }

    /** Refuses a caller who may not act on the backup's account. */
    public void check(BackupRecord b, Caller caller) throws ApiException {
        DomainRef domain = directory.domains(List.of(b.domainId())).get(b.domainId());
        if (domain == null || !caller.mayAccess(b.accountId(), domain.path())) {
            throw ApiException.permissionDenied("Backup " + b.uuid() + " belongs to another account; you may act "
                    + "only on your own account's backups");
        }
    }
}
