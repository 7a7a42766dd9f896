package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupMode;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;

/**
 * One row of {@code backup}, as orchestration, restore and delete read it (listBackups reads its own
 * joined view, {@link BackupView}).
 *
 * @param domainId   the owner's domain (access checks read its path from the directory)
 * @param hostId     the host whose agent takes (took) the backup
 * @param chainId    null for an isolated backup or a request that never ran
 * @param position   its place in the chain (0 for the full), null without a chain
 * @param scheduleId the schedule that fired it, null for a manual backup
 * @param jobId      the backup job that took it, null for others
 */
public record BackupRecord(long id, String uuid, long vmId, long accountId, long domainId, long zoneId,
        long offeringId, Long hostId, Long imageStoreId, Long chainId, Long parentId, Integer position,
        BackupMode type, boolean isolated, boolean quiesceRequested, BackupStatus status, String agentJobId,
        Long scheduleId, Long jobId) {

    /** This backup as its row reads once {@code status} and the plan were written (no read back needed). */
    public BackupRecord with(BackupStatus newStatus, BackupMode newType, Long newChainId, Long newParentId,
            Integer newPosition) {
        return new BackupRecord(id, uuid, vmId, accountId, domainId, zoneId, offeringId, hostId, imageStoreId,
                newChainId, newParentId, newPosition, newType, isolated, quiesceRequested, newStatus, agentJobId,
                scheduleId, jobId);
    }

    /** This backup as its row reads once {@code status} was written. */
    public BackupRecord with(BackupStatus newStatus) {
        return with(newStatus, type, chainId, parentId, position);
    }

    /** The chain the backup grows: its schedule's, its backup job's, or the one of manual backups. */
    public ChainKey chainKey() {
        return ChainKey.of(scheduleId, jobId);
    }
}
