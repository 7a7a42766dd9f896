package io.kboss.server.backup;

import java.util.Collection;
import java.util.List;

/**
 * What a provider's backups use, for the account and domain limits (types backup and backup_storage):
 * each provider counts its own backups, the framework adds them up. Counted are the backups that hold
 * or will hold data (queued, running, taken, being restored from), not failed or deleted ones.
 */
public interface BackupUsage {
    /** A number of backups and the bytes they occupy on their stores. */
    record Used(long backups, long storedBytes) {
        public static final Used NONE = new Used(0, 0);

        public Used plus(Used o) {
            return new Used(backups + o.backups, storedBytes + o.storedBytes);
        }
    }

    /** The account's backups. */
    Used ofAccount(long accountId);

    /** The backups of the accounts of these domains. */
    Used ofDomains(Collection<Long> domainIds);

    /**
     * The VMs of the account's counted backups whose size is not known yet (queued or being taken), one
     * entry per backup: the framework counts each at its VM's expected backup size against backup_storage,
     * so a burst of backups cannot pass the storage limit before any of them has ended.
     */
    default List<Long> unsizedOfAccount(long accountId) {
        return List.of();
    }

    /** As {@link #unsizedOfAccount}, for the accounts of these domains. */
    default List<Long> unsizedOfDomains(Collection<Long> domainIds) {
        return List.of();
    }
}
