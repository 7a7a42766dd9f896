package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;

/** One backup row, as the orchestration needs it while the backup is taken. */
public record BackupRecord(long id, String uuid, long vmId, long accountId, long zoneId, Long hostId,
        Long imageStoreId, Long chainId, Long parentId, String type, boolean isolated, boolean quiesceRequested,
        BackupStatus status, String agentJobId, Long scheduleId) {

    /** The chain the backup grows: its schedule's, or the one of manual backups. */
    public ChainKey chainKey() {
        return scheduleId == null ? ChainKey.manual() : ChainKey.schedule(scheduleId);
    }
}
