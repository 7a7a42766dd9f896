package io.kboss.server.backup;

import io.kboss.server.api.ApiException;

/**
 * The account and domain limits a new backup counts against (backup and backup_storage), for every path
 * that queues one: createBackup, schedule firings, and providers' own multi-VM runs (backup jobs).
 */
public interface BackupLimits {
    /**
     * Checks, in the caller's transaction and under the account's and its domains' row locks (held until
     * that transaction ends), that the account may have one more backup and that the backup storage in
     * use plus the VM's expected backup size stays within the limits. Must run in the transaction that
     * queues the backup, so that the new row is the reservation.
     *
     * @throws ApiException 535 naming the limit, the usage and the expected size, when it does not fit
     */
    void reserveBackup(long accountId, long vmId) throws ApiException;
}
