package io.kboss.server.backup.jdbc;

import io.kboss.server.config.InLists;
import io.kboss.server.backup.AttachedVolume;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.NewVm;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.host.VmDetails;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link VmInventory} on {@code vm_instance} and {@code volume}. */
@Component
public class JdbcVmInventory implements VmInventory {
    private static final String VM = "SELECT v.id, v.uuid, v.name, v.domain_uuid, v.account_id, v.domain_id, d.path,"
            + " v.zone_id, v.host_id, v.state, v.power_state, v.backup_offering_id FROM vm_instance v"
            + " JOIN domain d ON d.id = v.domain_id";
    private static final String DISK = "SELECT id, uuid, name, vm_id, device, path, storage_kind, format,"
            + " virtual_size FROM volume";

    private final JdbcTemplate jdbc;

    public JdbcVmInventory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<VmRef> findLive(String uuid) {
        return jdbc.query(VM + " WHERE v.uuid = ? AND v.removed IS NULL", JdbcVmInventory::vm, uuid).stream()
                .findFirst();
    }

    /**
     * Locks the VM's row alone, then reads it with its domain: a FOR UPDATE on the join would also lock
     * the domain's row, and so serialize every VM-locking transaction of a domain (the queue benchmark
     * found all its workers waiting on the ROOT domain's row).
     */
    @Override
    public Optional<VmRef> lockLive(String uuid) {
        List<Long> id = jdbc.queryForList("SELECT id FROM vm_instance WHERE uuid = ? AND removed IS NULL FOR UPDATE",
                Long.class, uuid);
        return id.isEmpty() ? Optional.empty() : Optional.of(byId(id.get(0)));
    }

    @Override
    public Optional<VmRef> byUuid(String uuid) {
        return jdbc.query(VM + " WHERE v.uuid = ?", JdbcVmInventory::vm, uuid).stream().findFirst();
    }

    @Override
    public VmRef byId(long id) {
        return jdbc.queryForObject(VM + " WHERE v.id = ?", JdbcVmInventory::vm, id);
    }

    /** Locks the VM's row alone (see {@link #lockLive}), then reads it. */
    @Override
    public VmRef lock(long id) {
        jdbc.queryForObject("SELECT id FROM vm_instance WHERE id = ? FOR UPDATE", Long.class, id);
        return byId(id);
    }

    @Override
    public List<DiskRef> liveDisks(long vmId) {
        return jdbc.query(DISK + " WHERE vm_id = ? AND removed IS NULL ORDER BY device_id, device",
                JdbcVmInventory::disk, vmId);
    }

    @Override
    public Optional<DiskRef> disk(String uuid) {
        return jdbc.query(DISK + " WHERE uuid = ?", JdbcVmInventory::disk, uuid).stream().findFirst();
    }

    @Override
    public Optional<DiskRef> disk(long id) {
        return jdbc.query(DISK + " WHERE id = ?", JdbcVmInventory::disk, id).stream().findFirst();
    }

    @Override
    public boolean domainDefined(long vmId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT domain_defined FROM vm_instance WHERE id = ?",
                Boolean.class, vmId));
    }

    @Override
    public Optional<VmSize> size(long vmId) {
        return jdbc.query("SELECT cpus, memory_bytes FROM vm_instance WHERE id = ? AND cpus IS NOT NULL"
                + " AND memory_bytes IS NOT NULL", (rs, i) -> new VmSize(rs.getInt(1), rs.getLong(2)), vmId).stream()
                .findFirst();
    }

    @Override
    public Optional<String> diskFolder(long vmId) {
        return jdbc.query("SELECT path FROM volume WHERE vm_id = ? AND removed IS NULL AND storage_kind = 'FILE'"
                + " ORDER BY device_id, device LIMIT 1", (rs, i) -> rs.getString(1), vmId).stream()
                .map(p -> Path.of(p).getParent()).filter(Objects::nonNull).map(Object::toString).findFirst();
    }

    @Override
    public void setState(long vmId, String state) {
        jdbc.update("UPDATE vm_instance SET state = ? WHERE id = ?", state, vmId);
    }

    @Override
    public void setOffering(long vmId, Long offeringId) {
        jdbc.update("UPDATE vm_instance SET backup_offering_id = ? WHERE id = ?", offeringId, vmId);
    }

    @Override
    public long countAssigned(long offeringId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM vm_instance WHERE backup_offering_id = ? AND removed IS"
                + " NULL", Long.class, offeringId);
        return n == null ? 0 : n;
    }

    @Override
    public String registerAttachedVolume(AttachedVolume v, Instant now) {
        List<String> seen = jdbc.query("SELECT uuid FROM volume WHERE vm_id = ? AND removed IS NULL AND device = ?"
                + " AND path = ? FOR UPDATE", (rs, i) -> rs.getString(1), v.vmId(), v.device(), v.path());
        if (!seen.isEmpty()) {
            jdbc.update("UPDATE volume SET name = ? WHERE uuid = ?", v.name(), seen.get(0));
            return seen.get(0);
        }
        jdbc.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                + " SELECT ?, ?, v.id, v.account_id, v.domain_id, v.zone_id, ?, (SELECT COUNT(*) FROM volume x"
                + " WHERE x.vm_id = v.id AND x.removed IS NULL), 'DATADISK', ?, ?, 'qcow2', ?, 'FILE', 'Ready', ?"
                + " FROM vm_instance v WHERE v.id = ?", v.uuid(), v.name(), v.device(), v.bus(), v.path(),
                v.virtualSize(), Timestamp.from(now), v.vmId());
        return v.uuid();
    }

    @Override
    public VmRef registerNewVm(NewVm n, Instant now) {
        String state = n.running() ? "Running" : "Stopped";
        String power = n.running() ? "PowerOn" : "PowerOff";
        List<Long> found = jdbc.queryForList("SELECT id FROM vm_instance WHERE domain_uuid = ? AND removed IS NULL"
                + " FOR UPDATE", Long.class, n.libvirtUuid());
        long id;
        if (found.isEmpty()) {
            jdbc.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id,"
                    + " state, power_state, created) SELECT ?, ?, ?, a.id, a.domain_id, ?, ?, ?, ?, ? FROM account a"
                    + " WHERE a.id = ?", n.uuid(), n.name(), n.libvirtUuid(), n.zoneId(), n.hostId(), state, power,
                    Timestamp.from(now), n.accountId());
            id = jdbc.queryForObject("SELECT id FROM vm_instance WHERE uuid = ?", Long.class, n.uuid());
        } else {
            // Discovery was first: it registered the domain as the admin's. It becomes the owner's.
            id = found.get(0);
            jdbc.update("UPDATE vm_instance v JOIN account a ON a.id = ? SET v.account_id = a.id, v.domain_id ="
                    + " a.domain_id WHERE v.id = ?", n.accountId(), id);
            jdbc.update("UPDATE volume v JOIN vm_instance m ON m.id = v.vm_id SET v.account_id = m.account_id,"
                    + " v.domain_id = m.domain_id WHERE v.vm_id = ?", id);
        }
        int deviceId = 0;
        for (NewVm.Disk d : n.disks()) {
            boolean known = !jdbc.queryForList("SELECT id FROM volume WHERE vm_id = ? AND removed IS NULL AND device"
                    + " = ?", Long.class, id, d.device()).isEmpty();
            if (!known) {
                jdbc.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                        + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                        + " SELECT UUID(), ?, v.id, v.account_id, v.domain_id, v.zone_id, ?, ?, ?, 'virtio', ?, ?, ?,"
                        + " 'FILE', 'Ready', ? FROM vm_instance v WHERE v.id = ?", n.name() + "-" + d.device(),
                        d.device(), deviceId, deviceId == 0 ? "ROOT" : "DATADISK", d.path(), d.format(),
                        d.virtualSize(), Timestamp.from(now), id);
            }
            deviceId++;
        }
        return byId(id);
    }

    @Override
    public Map<Long, VmRef> byIds(Collection<Long> vmIds) {
        Map<Long, VmRef> out = new HashMap<>();
        if (!vmIds.isEmpty()) {
            jdbc.query(VM + " WHERE v.id IN (" + InLists.marks(vmIds.size()) + ")", (rs, i) -> {
                VmRef v = vm(rs, i);
                out.put(v.id(), v);
                return v;
            }, vmIds.toArray());
        }
        return out;
    }

    @Override
    public Map<String, String> details(long vmId) {
        return new VmDetails(jdbc).of(vmId);
    }

    @Override
    public List<Long> idsNamedLike(String likePattern) {
        return jdbc.queryForList("SELECT id FROM vm_instance WHERE LOWER(name) LIKE ?", Long.class, likePattern);
    }

    @Override
    public java.util.Set<Long> removedAmong(Collection<Long> vmIds) {
        if (vmIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.queryForList("SELECT id FROM vm_instance WHERE removed IS NOT NULL"
                + " AND id IN (" + InLists.marks(vmIds.size()) + ")", Long.class, vmIds.toArray()));
    }

    @Override
    public Map<Long, VolumeFacts> volumeFacts(Collection<Long> volumeIds) {
        Map<Long, VolumeFacts> out = new HashMap<>();
        if (!volumeIds.isEmpty()) {
            jdbc.query("SELECT id, uuid, volume_type, device_id, path FROM volume WHERE id IN ("
                    + InLists.marks(volumeIds.size()) + ")", rs -> {
                        out.put(rs.getLong(1), new VolumeFacts(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getInt(4), rs.getString(5)));
                    }, volumeIds.toArray());
        }
        return out;
    }

    private static VmRef vm(ResultSet rs, int row) throws SQLException {
        return new VmRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getLong(8), rs.getObject(9, Long.class), rs.getString(10),
                rs.getString(11), rs.getObject(12, Long.class));
    }

    private static DiskRef disk(ResultSet rs, int row) throws SQLException {
        return new DiskRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9));
    }
}
