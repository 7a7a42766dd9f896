package io.kboss.server.host;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code vm_instance} and {@code volume} tables: what discovery writes and the listings read. */
@Component
public class VmRepository {
    private static final String VM_COLUMNS = "v.id, v.uuid, v.name, v.domain_uuid, v.state, v.power_state, v.host_id,"
            + " h.uuid, h.name, v.zone_id, z.uuid, z.name, v.account_id, a.uuid, a.name, v.domain_id, d.uuid, d.name,"
            + " d.path, v.backup_offering_id, o.uuid, o.name, v.disk_set_fingerprint, v.created, v.domain_persistent,"
            + " v.domain_defined, v.cpus, v.memory_bytes";
    private static final String VM_FROM = " FROM vm_instance v JOIN zone z ON z.id = v.zone_id"
            + " JOIN account a ON a.id = v.account_id JOIN domain d ON d.id = v.domain_id"
            + " LEFT JOIN host h ON h.id = v.host_id LEFT JOIN backup_offering o ON o.id = v.backup_offering_id";
    private static final String VOLUME_COLUMNS = "vol.id, vol.uuid, vol.name, vol.vm_id, v.uuid, v.name, vol.device,"
            + " vol.device_id, vol.volume_type, vol.path, vol.format, vol.virtual_size, vol.allocated_size,"
            + " vol.storage_kind, vol.state, vol.zone_id, z.uuid, z.name, vol.account_id, a.name, vol.domain_id, d.uuid,"
            + " d.name, vol.created";
    private static final String VOLUME_FROM = " FROM volume vol JOIN zone z ON z.id = vol.zone_id"
            + " JOIN account a ON a.id = vol.account_id JOIN domain d ON d.id = vol.domain_id"
            + " LEFT JOIN vm_instance v ON v.id = vol.vm_id";

    private final JdbcTemplate jdbc;

    public VmRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Vm(long id, String uuid, String name, String domainUuid, String state, String powerState, Long hostId,
            String hostUuid, String hostName, long zoneId, String zoneUuid, String zoneName, long accountId,
            String accountUuid, String accountName, long domainId, String ownerDomainUuid,
            String ownerDomainName, String ownerDomainPath, Long backupOfferingId, String backupOfferingUuid,
            String backupOfferingName, String diskSetFingerprint, Instant created, boolean domainPersistent,
            boolean domainDefined, Integer cpus, Long memoryBytes) {
    }

    public record Volume(long id, String uuid, String name, Long vmId, String vmUuid, String vmName, String device,
            int deviceId, String type, String path, String format, long virtualSize, long allocatedSize,
            String storageKind, String state, long zoneId, String zoneUuid, String zoneName, long accountId,
            String accountName, long domainId, String ownerDomainUuid, String ownerDomainName,
            Instant created) {
    }

    /** Who may see what: null accountId and null domainPath mean everything (root admin). */
    public record Visibility(Long accountId, String domainPathPrefix) {
        public static Visibility all() {
            return new Visibility(null, null);
        }
    }

    public record VmFilter(Visibility visibility, String uuid, Long hostId, Long zoneId, String state,
            String nameLike) {
    }

    public record VolumeFilter(Visibility visibility, String uuid, String vmUuid, String type, String nameLike) {
    }

    /** The account discovered VMs belong to until assignVirtualMachine gives them away. */
    public record Owner(long accountId, long domainId) {
    }

    public Owner adminAccount() {
        return jdbc.queryForObject("SELECT id, domain_id FROM account WHERE name = 'admin' AND role = 'ROOT_ADMIN'"
                + " AND removed IS NULL ORDER BY id LIMIT 1", (rs, i) -> new Owner(rs.getLong(1), rs.getLong(2)));
    }

    public Optional<Vm> findLiveByDomainUuid(String domainUuid) {
        return jdbc.query("SELECT " + VM_COLUMNS + VM_FROM + " WHERE v.domain_uuid = ? AND v.removed IS NULL",
                VmRepository::vm, domainUuid).stream().findFirst();
    }

    public Optional<Vm> findLive(String uuid) {
        return jdbc.query("SELECT " + VM_COLUMNS + VM_FROM + " WHERE v.uuid = ? AND v.removed IS NULL",
                VmRepository::vm, uuid).stream().findFirst();
    }

    public List<Vm> liveOnHost(long hostId) {
        return jdbc.query("SELECT " + VM_COLUMNS + VM_FROM + " WHERE v.host_id = ? AND v.removed IS NULL ORDER BY v.id",
                VmRepository::vm, hostId);
    }

    public long insertVm(String uuid, String name, String domainUuid, Owner owner, long zoneId, long hostId,
            String state, String powerState, Instant now) {
        jdbc.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " power_state, power_state_updated, last_seen, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                uuid, name, domainUuid, owner.accountId(), owner.domainId(), zoneId, hostId, state, powerState,
                Timestamp.from(now), Timestamp.from(now), Timestamp.from(now));
        return jdbc.queryForObject("SELECT id FROM vm_instance WHERE uuid = ?", Long.class, uuid);
    }

    /**
     * What the hypervisor says now. The state is written only if it is still the one discovery read,
     * so a backup that set BackingUp in between is not overwritten.
     */
    public void updateSeen(long vmId, String name, long hostId, long zoneId, String expectedState, String state,
            String powerState, Instant now) {
        jdbc.update(
                "UPDATE vm_instance SET name = ?, host_id = ?, zone_id = ?, power_state = ?, power_state_updated = ?,"
                        + " last_seen = ?, state = IF(state = ?, ?, state) WHERE id = ?",
                name, hostId, zoneId, powerState,
                Timestamp.from(now), Timestamp.from(now), expectedState, state, vmId);
    }

    /**
     * Whether the host's libvirt keeps the VM's definition when it stops (false: a transient domain, as
     * CloudStack runs its VMs); seen by discovery, so the domain is defined now.
     */
    public void setDomainSeen(long vmId, boolean persistent) {
        jdbc.update("UPDATE vm_instance SET domain_persistent = ?, domain_defined = 1 WHERE id = ?", persistent, vmId);
    }

    /**
     * A transient domain is gone from its host: the VM stopped (CloudStack stops its VMs so). The row and its
     * volumes stay, powered off and no longer defined, so that restores can write its disks by their paths;
     * as in {@link #updateSeen}, the state is written only if it is still the one discovery read.
     *
     * @return whether the row changed (false: removed meanwhile, or already marked)
     */
    public boolean markDomainGone(long vmId, String expectedState, String state, Instant now) {
        return jdbc.update("UPDATE vm_instance SET domain_defined = 0, power_state = 'PowerOff',"
                + " power_state_updated = ?, state = IF(state = ?, ?, state) WHERE id = ? AND removed IS NULL"
                + " AND domain_defined = 1", Timestamp.from(now), expectedState, state, vmId) == 1;
    }

    /** The VM's vCPUs and memory as discovery reads them (null when the host did not report them). */
    public void setSize(long vmId, Integer cpus, Long memoryBytes) {
        jdbc.update("UPDATE vm_instance SET cpus = ?, memory_bytes = ? WHERE id = ?", cpus, memoryBytes, vmId);
    }

    /**
     * A lifecycle event's or a power command's news: the VM's power state is now {@code powerState}. Like
     * {@link #updateSeen}, the state is written only if it is still the one the caller read, so a backup that
     * set BackingUp in between is not overwritten.
     *
     * @return whether the row changed (false: the VM was removed meanwhile, or nothing was new)
     */
    public boolean updatePower(long vmId, String expectedState, String state, String powerState, Instant now) {
        return jdbc.update("UPDATE vm_instance SET power_state = ?, power_state_updated = ?, last_seen = ?,"
                + " state = IF(state = ?, ?, state) WHERE id = ? AND removed IS NULL", powerState, Timestamp.from(now),
                Timestamp.from(now), expectedState, state, vmId) == 1;
    }

    /**
     * Whether a stopVirtualMachine job still waits for the VM to power off: the job is pending while its
     * management server runs it, and is failed when that server stops (at once at an orderly stop or its
     * restart, else when its lease runs out). A Stopping VM nobody waits for any more is Running again
     * while it is on ({@link VmPowerState#nextVmState(String, boolean)}).
     */
    public boolean stopAwaited(String vmUuid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM async_job WHERE status = 0 AND command = 'stopVirtualMachine'"
                + " AND instance_type = 'VirtualMachine' AND instance_uuid = ?", Long.class, vmUuid) > 0;
    }

    /** The operation holding the VM (a backup, restore or delete, queued or running), as "KIND (STATE)". */
    public Optional<String> busyWith(long vmId) {
        return jdbc.query("SELECT CONCAT(kind, ' (', state, ')') FROM operation WHERE vm_lock = ?",
                (rs, i) -> rs.getString(1), vmId).stream().findFirst();
    }

    public void setFingerprint(long vmId, String fingerprint) {
        jdbc.update("UPDATE vm_instance SET disk_set_fingerprint = ? WHERE id = ?", fingerprint, vmId);
    }

    /** The domain is gone from its host: the VM and its volumes are removed (their backups stay). */
    public void removeVm(long vmId, Instant now) {
        jdbc.update("UPDATE volume SET removed = ?, state = 'Destroy' WHERE vm_id = ? AND removed IS NULL",
                Timestamp.from(now), vmId);
        jdbc.update("UPDATE vm_instance SET removed = ?, state = 'Expunging' WHERE id = ? AND removed IS NULL",
                Timestamp.from(now), vmId);
    }

    /**
     * Forgets a VM whose host no longer defines it (a transient VM that stopped) as {@link #removeVm} forgets
     * an undefined one: the VM and its volumes are removed, their backups stay. In one conditional UPDATE, so
     * that neither a start seen by discovery nor an operation queued meanwhile (both take the VM's row) is
     * lost.
     *
     * @return whether it was forgotten (false: defined again, held by an operation, or removed meanwhile)
     */
    public boolean expungeUndefined(long vmId, Instant now) {
        int n = jdbc.update("UPDATE vm_instance v SET removed = ?, state = 'Expunging' WHERE id = ? AND removed IS NULL"
                + " AND domain_defined = 0 AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = v.id)",
                Timestamp.from(now), vmId);
        if (n == 1) {
            jdbc.update("UPDATE volume SET removed = ?, state = 'Destroy' WHERE vm_id = ? AND removed IS NULL",
                    Timestamp.from(now), vmId);
        }
        return n == 1;
    }

    /** A deleted host's VMs lose their host; a host added again for the same agent finds them by domain uuid. */
    public int detachFromHost(long hostId) {
        return jdbc.update("UPDATE vm_instance SET host_id = NULL, power_state = 'PowerUnknown' WHERE host_id = ?"
                + " AND removed IS NULL", hostId);
    }

    public List<Volume> liveVolumes(long vmId) {
        return jdbc.query("SELECT " + VOLUME_COLUMNS + VOLUME_FROM + " WHERE vol.vm_id = ? AND vol.removed IS NULL"
                + " ORDER BY vol.device_id", VmRepository::volume, vmId);
    }

    public void insertVolume(String uuid, String name, Vm vm, String device, int deviceId, String type, String bus,
            String path, String format, long virtualSize, long allocatedSize, String storageKind,
            Instant now) {
        jdbc.update(
                "INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id, volume_type,"
                        + " bus, path, format, virtual_size, allocated_size, storage_kind, state, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Ready', ?)",
                uuid, name, vm.id(), vm.accountId(),
                vm.domainId(), vm.zoneId(), device, deviceId, type, bus, path, format, virtualSize, allocatedSize,
                storageKind, Timestamp.from(now));
    }

    public void updateVolume(long volumeId, int deviceId, String type, String bus, String path, String format,
            long virtualSize, long allocatedSize, String storageKind) {
        jdbc.update("UPDATE volume SET device_id = ?, volume_type = ?, bus = ?, path = ?, format = ?, virtual_size = ?,"
                + " allocated_size = ?, storage_kind = ? WHERE id = ?", deviceId, type, bus, path, format, virtualSize,
                allocatedSize, storageKind, volumeId);
    }

    public void removeVolume(long volumeId, Instant now) {
        jdbc.update("UPDATE volume SET removed = ?, state = 'Destroy' WHERE id = ? AND removed IS NULL",
                Timestamp.from(now), volumeId);
    }

    /** Gives a VM and its volumes to another account; only while the VM is live and no operation holds it. */
    public boolean assign(long vmId, long accountId, long domainId) {
        int n = jdbc.update("UPDATE vm_instance v SET account_id = ?, domain_id = ? WHERE id = ? AND removed IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = v.id)", accountId, domainId, vmId);
        if (n == 1) {
            jdbc.update("UPDATE volume SET account_id = ?, domain_id = ? WHERE vm_id = ? AND removed IS NULL",
                    accountId, domainId, vmId);
        }
        return n == 1;
    }

    public List<Vm> listVms(VmFilter f, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = vmWhere(f, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT " + VM_COLUMNS + VM_FROM + where + " ORDER BY v.id LIMIT ? OFFSET ?",
                VmRepository::vm,
                args.toArray());
    }

    public long countVms(VmFilter f) {
        List<Object> args = new ArrayList<>();
        String where = vmWhere(f, args);
        return jdbc.queryForObject("SELECT COUNT(*)" + VM_FROM + where, Long.class, args.toArray());
    }

    public List<Volume> listVolumes(VolumeFilter f, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = volumeWhere(f, args);
        args.add(limit);
        args.add(offset);
        return jdbc
                .query("SELECT " + VOLUME_COLUMNS + VOLUME_FROM + where + " ORDER BY vol.vm_id, vol.device_id, vol.id"
                        + " LIMIT ? OFFSET ?", VmRepository::volume, args.toArray());
    }

    public long countVolumes(VolumeFilter f) {
        List<Object> args = new ArrayList<>();
        String where = volumeWhere(f, args);
        return jdbc.queryForObject("SELECT COUNT(*)" + VOLUME_FROM + where, Long.class, args.toArray());
    }

    private static String vmWhere(VmFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE v.removed IS NULL");
        visibility(w, args, f.visibility(), "v");
        add(w, args, " AND v.uuid = ?", f.uuid());
        add(w, args, " AND v.host_id = ?", f.hostId());
        add(w, args, " AND v.zone_id = ?", f.zoneId());
        add(w, args, " AND v.state = ?", f.state());
        add(w, args, " AND LOWER(v.name) LIKE ?", f.nameLike());
        return w.toString();
    }

    private static String volumeWhere(VolumeFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE vol.removed IS NULL");
        visibility(w, args, f.visibility(), "vol");
        add(w, args, " AND vol.uuid = ?", f.uuid());
        add(w, args, " AND v.uuid = ?", f.vmUuid());
        add(w, args, " AND vol.volume_type = ?", f.type());
        add(w, args, " AND LOWER(vol.name) LIKE ?", f.nameLike());
        return w.toString();
    }

    private static void visibility(StringBuilder w, List<Object> args, Visibility v, String alias) {
        add(w, args, " AND " + alias + ".account_id = ?", v.accountId());
        add(w, args, " AND d.path LIKE CONCAT(?, '%')", v.domainPathPrefix());
    }

    private static void add(StringBuilder w, List<Object> args, String clause, Object value) {
        if (value != null) {
            w.append(clause);
            args.add(value);
        }
    }

    private static Vm vm(ResultSet rs, int row) throws SQLException {
        return new Vm(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6),
                rs.getObject(7, Long.class), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11),
                rs.getString(12), rs.getLong(13), rs.getString(14), rs.getString(15), rs.getLong(16), rs.getString(17),
                rs.getString(18), rs.getString(19), rs.getObject(20, Long.class), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getTimestamp(24).toInstant(), rs.getBoolean(25), rs.getBoolean(26),
                rs.getObject(27, Integer.class), rs.getObject(28, Long.class));
    }

    private static Volume volume(ResultSet rs, int row) throws SQLException {
        return new Volume(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getLong(12), rs.getLong(13), rs.getString(14), rs.getString(15), rs.getLong(16), rs.getString(17),
                rs.getString(18), rs.getLong(19), rs.getString(20), rs.getLong(21), rs.getString(22), rs.getString(23),
                rs.getTimestamp(24).toInstant());
    }
}
