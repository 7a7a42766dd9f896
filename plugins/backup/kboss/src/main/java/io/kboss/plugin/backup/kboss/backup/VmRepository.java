package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.backup.domain.ProtectableDisk;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/** The VM and volume rows backup orchestration reads and the few VM columns it changes. */
public class VmRepository {
    private static final String SELECT = "SELECT v.id, v.uuid, v.name, v.domain_uuid, v.account_id, v.domain_id,"
            + " d.path, v.zone_id, v.host_id, v.state, v.power_state, v.backup_offering_id"
            + " FROM vm_instance v JOIN domain d ON d.id = v.domain_id";

    private final JdbcTemplate jdbc;

    public VmRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The live VM, its row locked until the transaction ends: every change of a VM's backups starts here. */
    public Optional<VmRecord> findLiveForUpdate(String uuid) {
        return jdbc.query(SELECT + " WHERE v.uuid = ? AND v.removed IS NULL FOR UPDATE", VmRepository::vm, uuid)
                .stream().findFirst();
    }

    public Optional<VmRecord> findLive(String uuid) {
        return jdbc.query(SELECT + " WHERE v.uuid = ? AND v.removed IS NULL", VmRepository::vm, uuid).stream()
                .findFirst();
    }

    public VmRecord byId(long id) {
        return jdbc.queryForObject(SELECT + " WHERE v.id = ?", VmRepository::vm, id);
    }

    public VmRecord byIdForUpdate(long id) {
        return jdbc.queryForObject(SELECT + " WHERE v.id = ? FOR UPDATE", VmRepository::vm, id);
    }

    public List<VolumeRecord> liveVolumes(long vmId) {
        return jdbc.query("SELECT id, uuid, device, storage_kind, format, virtual_size FROM volume"
                + " WHERE vm_id = ? AND removed IS NULL ORDER BY device_id, device",
                (rs, i) -> new VolumeRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6)),
                vmId);
    }

    public List<ProtectableDisk> disks(long vmId) {
        return liveVolumes(vmId).stream().map(v -> new ProtectableDisk(v.device(), v.storageKind(), v.format()))
                .collect(Collectors.toList());
    }

    public void setOffering(long vmId, Long offeringId) {
        jdbc.update("UPDATE vm_instance SET backup_offering_id = ? WHERE id = ?", offeringId, vmId);
    }

    public void setState(long vmId, String state) {
        jdbc.update("UPDATE vm_instance SET state = ? WHERE id = ?", state, vmId);
    }

    private static VmRecord vm(ResultSet rs, int row) throws SQLException {
        long host = rs.getLong(9);
        Long hostId = rs.wasNull() ? null : host;
        long offering = rs.getLong(12);
        Long offeringId = rs.wasNull() ? null : offering;
        return new VmRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getLong(8), hostId, rs.getString(10), rs.getString(11), offeringId);
    }
}
