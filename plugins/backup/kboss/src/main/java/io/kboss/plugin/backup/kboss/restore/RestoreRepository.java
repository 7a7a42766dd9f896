package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.RestoreDisk;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.offering.domain.OfferingParameter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** A host of the zone that is Up, by its uuid. */
    public Optional<Long> upHost(String hostUuid, long zoneId) {
        return jdbc.query("SELECT id FROM host WHERE uuid = ? AND zone_id = ? AND removed IS NULL AND status = 'Up'",
                (rs, i) -> rs.getLong(1), hostUuid, zoneId).stream().findFirst();
    }

    /** A volume of the backup's VM, also one removed since the backup was taken. */
    public record SourceVolume(long id, String uuid, String name, long vmId, String device, String path,
            long virtualSize) {
    }

    public Optional<SourceVolume> volumeById(long id) {
        return jdbc.query("SELECT id, uuid, name, vm_id, device, path, virtual_size FROM volume WHERE id = ?",
                (rs, i) -> new SourceVolume(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)),
                id).stream().findFirst();
    }

    public Optional<SourceVolume> volume(String uuid) {
        return jdbc.query("SELECT id, uuid, name, vm_id, device, path, virtual_size FROM volume WHERE uuid = ?",
                (rs, i) -> new SourceVolume(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)),
                uuid).stream().findFirst();
    }

    /**
     * Registers a restored volume the agent attached to the VM as {@code device}, as a DATADISK of
     * the VM's account. Discovery matches disks by device: if it already saw the new disk (it may
     * run between the attach and this call) its row is taken over, so there is one row either way.
     *
     * @return the uuid of the volume's row
     */
    public String registerAttachedVolume(String uuid, String name, long vmId, String device, String bus,
            String path, long virtualSize, Instant now) {
        List<String> seen = jdbc.query("SELECT uuid FROM volume WHERE vm_id = ? AND removed IS NULL AND device = ?"
                + " AND path = ? FOR UPDATE", (rs, i) -> rs.getString(1), vmId, device, path);
        if (!seen.isEmpty()) {
            jdbc.update("UPDATE volume SET name = ? WHERE uuid = ?", name, seen.get(0));
            return seen.get(0);
        }
        jdbc.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                + " SELECT ?, ?, v.id, v.account_id, v.domain_id, v.zone_id, ?, (SELECT COUNT(*) FROM volume x"
                + " WHERE x.vm_id = v.id AND x.removed IS NULL), 'DATADISK', ?, ?, 'qcow2', ?, 'FILE', 'Ready', ?"
                + " FROM vm_instance v WHERE v.id = ?", uuid, name, device, bus, path, virtualSize,
                Timestamp.from(now), vmId);
        return uuid;
    }

    /** The folder of the VM's first file disk, where a restored volume is written beside its disks. */
    public Optional<String> diskFolder(long vmId) {
        return jdbc.query("SELECT path FROM volume WHERE vm_id = ? AND removed IS NULL AND storage_kind = 'FILE'"
                + " ORDER BY device_id, device LIMIT 1", (rs, i) -> rs.getString(1), vmId).stream()
                .map(p -> java.nio.file.Path.of(p).getParent()).filter(java.util.Objects::nonNull)
                .map(Object::toString).findFirst();
    }
}
