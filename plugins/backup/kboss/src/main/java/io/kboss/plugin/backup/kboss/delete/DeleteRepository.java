package io.kboss.plugin.backup.kboss.delete;

import io.kboss.plugin.backup.kboss.usage.SizeChanges;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What deleteBackup changes beyond statuses: the chain's rows after backups left it, and the
 * image store's used space. An Expunged backup leaves its chain (no chain, position or parent),
 * and the survivors are numbered 0, 1, ... again, so the chain reads and grows as if the deleted
 * backups had never been there.
 */
public class DeleteRepository {
    private final JdbcTemplate jdbc;

    public DeleteRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The chain the backup is in, as the delete planner needs it. */
    public BackupChain chain(long chainId, ChainKey key) {
        List<ChainLink> links = jdbc.query("SELECT id, status, checkpoint_name, created FROM backup WHERE chain_id = ?"
                + " AND status <> ? ORDER BY position",
                (rs, i) -> new ChainLink(rs.getLong(1),
                        BackupStatus.fromApiName(rs.getString(2)), rs.getString(3), rs.getTimestamp(4).toInstant()),
                chainId, BackupStatus.EXPUNGED.apiName());
        // The disk set plays no part in pruning; the planner only carries it into the resulting chain.
        return new BackupChain(key, links, DiskSet.of(), Optional.empty());
    }

    /** The survivor of a merge now stands on {@code newParentId}, or alone as a full backup. */
    public void repoint(long survivorId, Long newParentId) {
        if (newParentId == null) {
            jdbc.update("UPDATE backup SET parent_id = NULL, type = 'FULL' WHERE id = ?", survivorId);
            jdbc.update("UPDATE backup_volume SET backing_relative_path = NULL WHERE backup_id = ?", survivorId);
        } else {
            jdbc.update("UPDATE backup SET parent_id = ? WHERE id = ?", newParentId, survivorId);
            jdbc.update("UPDATE backup_volume bv JOIN backup_volume p ON p.volume_id = bv.volume_id AND p.backup_id = ?"
                    + " SET bv.backing_relative_path = p.relative_path WHERE bv.backup_id = ?", newParentId,
                    survivorId);
        }
    }

    /**
     * A merge rewrote the survivor's file at {@code relativePath}: it is now {@code size} bytes, and the
     * backup's size is the sum of its files again; a change is recorded at {@code now} for the storage history.
     */
    public void recordMergedSize(long survivorId, String relativePath, long size, Instant now) {
        long before = SizeChanges.sizeOf(jdbc, survivorId);
        jdbc.update("UPDATE backup_volume SET size = ? WHERE backup_id = ? AND relative_path = ?", size, survivorId,
                relativePath);
        jdbc.update("UPDATE backup SET size = (SELECT SUM(size) FROM backup_volume WHERE backup_id = ?) WHERE id = ?",
                survivorId, survivorId);
        SizeChanges.recordSince(jdbc, survivorId, before, SizeChanges.Reason.MERGE, now);
    }

    /**
     * The backup was marked Removed by the deletion {@code requestId}; a backup Removed earlier keeps the
     * first deletion's id, under which its steps may already have run on the agent.
     */
    public void markRemovedAt(long backupId, Instant now, String requestId) {
        jdbc.update("UPDATE backup SET removed = COALESCE(removed, ?), delete_request_id = COALESCE(delete_request_id,"
                + " ?) WHERE id = ?", Timestamp.from(now), requestId, backupId);
    }

    /** The request id of the deletion that marked the backup Removed, if one did. */
    public Optional<String> deleteRequestId(long backupId) {
        return jdbc.queryForList("SELECT delete_request_id FROM backup WHERE id = ? AND delete_request_id IS NOT NULL",
                String.class, backupId).stream().findFirst();
    }

    /**
     * Records that the result of the agent's delete step {@code stepRequestId} is in the rows.
     *
     * @return false when it already was (another server, or an earlier pass, applied it)
     */
    public boolean markStepApplied(String stepRequestId, long backupId, Instant now) {
        return jdbc.update("INSERT IGNORE INTO backup_delete_step (request_id, backup_id, applied) VALUES (?, ?, ?)",
                stepRequestId, backupId, Timestamp.from(now)) == 1;
    }

    /** A backup Removed by a deletion: its chain (null when in none). */
    public record Removed(long backupId, Long chainId) {
    }

    /** The backups deletion {@code requestId} marked Removed that are still there (not Expunged). */
    public List<Removed> removedBy(String requestId) {
        return jdbc.query("SELECT id, chain_id FROM backup WHERE delete_request_id = ? AND status = ? ORDER BY id",
                (rs, i) -> new Removed(rs.getLong(1), rs.getObject(2, Long.class)), requestId,
                BackupStatus.REMOVED.apiName());
    }

    /** Backups Removed before {@code before} and still not Expunged: deletions that did not finish. */
    public List<RemovedLeftover> removedLeftovers(Instant before) {
        return jdbc.query("SELECT vm_id, chain_id, id FROM backup WHERE status = ? AND removed < ?"
                + " ORDER BY vm_id, chain_id, id", (rs, i) -> {
                    long chain = rs.getLong(2);
                    return new RemovedLeftover(rs.getLong(1), rs.wasNull() ? null : chain, rs.getLong(3));
                }, BackupStatus.REMOVED.apiName(), Timestamp.from(before));
    }

    /** A backup still Removed; {@code chainId} null when it is in no chain. */
    public record RemovedLeftover(long vmId, Long chainId, long backupId) {
    }

    /** An Expunged backup has no files: it leaves its chain. */
    public void leaveChain(long backupId) {
        jdbc.update("UPDATE backup SET chain_id = NULL, position = NULL, parent_id = NULL WHERE id = ?", backupId);
    }

    /** Numbers the chain's remaining backups 0, 1, ... in their order and records its length. */
    public void renumber(long chainId) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM backup WHERE chain_id = ? ORDER BY position", Long.class,
                chainId);
        // Ascending: each new position is at most the old one and its slot is already free.
        for (int i = 0; i < ids.size(); i++) {
            jdbc.update("UPDATE backup SET position = ? WHERE id = ?", i, ids.get(i));
        }
        jdbc.update("UPDATE backup_chain SET length = ? WHERE id = ?", ids.size(), chainId);
    }
}
