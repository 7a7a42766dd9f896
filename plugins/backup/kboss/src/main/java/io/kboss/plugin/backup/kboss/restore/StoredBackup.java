package io.kboss.plugin.backup.kboss.restore;

import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;

/**
 * A backup as restore and delete read it: who owns it, where its files are and where it sits in its chain.
 *
 * @param chainId  null for an isolated backup or a request that never ran
 * @param position its place in the chain (0 for the full), null without a chain
 */
public record StoredBackup(long id, String uuid, long vmId, long accountId, String domainPath, long zoneId,
        long offeringId, Long imageStoreId, Long chainId, Integer position, Long scheduleId, BackupStatus status) {

    public ChainKey chainKey() {
        return scheduleId == null ? ChainKey.manual() : ChainKey.schedule(scheduleId);
    }
}
