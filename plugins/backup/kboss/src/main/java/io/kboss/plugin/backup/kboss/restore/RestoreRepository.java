package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.RestoreDisk;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rows restore and delete read beyond what backup orchestration's repositories offer. */
public class RestoreRepository {
    private final JdbcTemplate jdbc;

    public RestoreRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The files of one backup, one per volume. */
    public List<BackupFile> files(long backupId) {
        return jdbc.query("SELECT backup_id, volume_id, device, relative_path FROM backup_volume WHERE backup_id = ?"
                + " ORDER BY device",
                (rs, i) -> new BackupFile(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4)),
                backupId);
    }

    /**
     * What a restore of the backup flattens, per volume: the files of its chain from the full backup
     * up to this one. Backups already Expunged have left the chain; their data lives in their children.
     */
    public List<RestoreDisk> chainToRestore(BackupRecord b) {
        Map<Long, RestoreDisk> byVolume = new LinkedHashMap<>();
        for (BackupFile f : files(b.id())) {
            RestoreDisk d = new RestoreDisk();
            d.targetDevice = f.device();
            byVolume.put(f.volumeId(), d);
        }
        List<BackupFile> chain = b.chainId() == null
                ? files(b.id())
                : jdbc.query("SELECT bv.backup_id, bv.volume_id, bv.device, bv.relative_path FROM backup_volume bv"
                        + " JOIN backup x ON x.id = bv.backup_id WHERE x.chain_id = ? AND x.position <= ?"
                        + " AND x.status NOT IN (?, ?) ORDER BY x.position",
                        (rs, i) -> new BackupFile(rs.getLong(1),
                                rs.getLong(2), rs.getString(3), rs.getString(4)),
                        b.chainId(), b.position(),
                        BackupStatus.REMOVED.apiName(), BackupStatus.EXPUNGED.apiName());
        for (BackupFile f : chain) {
            RestoreDisk d = byVolume.get(f.volumeId());
            if (d != null) {
                d.chainPaths.add(f.path());
            }
        }
        return new ArrayList<>(byVolume.values());
    }

    /** Whether the backup's offering lets its backups be restored with quick restore. */
    public boolean allowsQuickRestore(long offeringId) {
        return jdbc.query("SELECT value FROM backup_offering_details WHERE backup_offering_id = ? AND name = ?",
                (rs, i) -> Boolean.parseBoolean(rs.getString(1)), offeringId, OfferingParameter.ALLOW_QUICK_RESTORE)
                .stream().findFirst().orElse(false);
    }
}
