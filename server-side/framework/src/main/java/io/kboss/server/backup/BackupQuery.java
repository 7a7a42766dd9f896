package io.kboss.server.backup;

import java.util.Collection;

/**
 * What listBackups asks a provider for.
 *
 * @param backupUuid  only this backup, or null
 * @param vm          only backups of this VM, or null
 * @param likePattern the keyword as an SQL LIKE pattern (matched against the backup's uuid, its name and its
 *                    VM's name), or null
 * @param offset      how many of the provider's matching backups to skip
 * @param limit       how many to answer at most (0: only the total)
 * @param filter      listBackups' other filters
 */
public record BackupQuery(String backupUuid, VmRef vm, String likePattern, long offset, int limit, Filter filter) {

    public BackupQuery(String backupUuid, VmRef vm, String likePattern, long offset, int limit) {
        this(backupUuid, vm, likePattern, offset, limit, Filter.NONE);
    }

    /**
     * listBackups' filters beyond id, VM and keyword; each null (or false) filters nothing.
     *
     * @param zoneId       only backups of this zone
     * @param name         only backups with exactly this name
     * @param offeringUuid only backups taken with this backup offering
     * @param status       only backups in this status (Allocated, Queued, BackingUp, BackedUp, Error, Failed,
     *                     Restoring; Removed and Expunged ones are never listed)
     * @param accountId    only backups of this account
     * @param domainIds    only backups of these domains
     * @param imageStoreId only backups on this image store
     * @param vmDetails    answer each backup's VM details
     * @param type         Full (full backups of a chain), Incremental, or Isolated (isolated full backups)
     * @param from         only backups taken (not yet taken: asked for) at or after this time
     * @param to           only backups taken (not yet taken: asked for) at or before this time
     */
    public record Filter(Long zoneId, String name, String offeringUuid, String status, Long accountId,
            Collection<Long> domainIds, Long imageStoreId, boolean vmDetails, String type, java.time.Instant from,
            java.time.Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null, null, false, null, null,
                null);
    }
}
