package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupFileInfo;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.BackupResult;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupTransitions;
import io.kboss.server.backup.DiskRef;
import io.kboss.server.backup.VmRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The backup rows. Every status change goes through {@link #transition}, which asks
 * {@link BackupTransitions} for the next status and applies it only if the row still has the
 * status the caller saw: a late or repeated answer can neither skip a state nor move a backup back.
 */
public class BackupRepository {
    private static final String SELECT = "SELECT b.id, b.uuid, b.vm_id, b.account_id, b.domain_id, b.zone_id,"
            + " b.backup_offering_id, b.host_id, b.image_store_id, b.chain_id, b.parent_id, b.position, b.type,"
            + " b.isolated, b.quiesce_requested, b.status, b.agent_job_id, b.schedule_id, b.backup_job_id"
            + " FROM backup b";

    private final JdbcTemplate jdbc;

    public BackupRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A new backup request, Allocated and Queued at once (nothing runs between the two).
     *
     * @param key the chain it grows: a schedule's, a backup job's, or the manual one
     */
    public long insertQueued(String uuid, String name, String description, VmRef vm, long offeringId,
            long imageStoreId, ChainKey key, boolean isolated, boolean quiesce, Instant now) {
        BackupStatus queued = BackupTransitions.next(BackupStatus.ALLOCATED, BackupEvent.QUEUED);
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO backup (uuid, vm_id, account_id, domain_id, zone_id,"
                    + " backup_offering_id, type, isolated, quiesce_requested, status, image_store_id, host_id,"
                    + " created, updated, schedule_id, backup_job_id, name, description)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'FULL', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, uuid);
            ps.setLong(2, vm.id());
            ps.setLong(3, vm.accountId());
            ps.setLong(4, vm.domainId());
            ps.setLong(5, vm.zoneId());
            ps.setLong(6, offeringId);
            ps.setBoolean(7, isolated);
            ps.setBoolean(8, quiesce);
            ps.setString(9, queued.apiName());
            ps.setLong(10, imageStoreId);
            ps.setObject(11, vm.hostId());
            ps.setTimestamp(12, Timestamp.from(now));
            ps.setTimestamp(13, Timestamp.from(now));
            ps.setObject(14, key.scheduleId());
            ps.setObject(15, key.jobId());
            ps.setString(16, name);
            ps.setString(17, description);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public BackupRecord byId(long id) {
        return jdbc.queryForObject(SELECT + " WHERE b.id = ?", BackupRepository::backup, id);
    }

    /** The backup, its row locked until the transaction ends. */
    public BackupRecord byIdForUpdate(long id) {
        return jdbc.queryForObject(SELECT + " WHERE b.id = ? FOR UPDATE", BackupRepository::backup, id);
    }

    public Optional<BackupRecord> byUuid(String uuid) {
        return jdbc.query(SELECT + " WHERE b.uuid = ?", BackupRepository::backup, uuid).stream().findFirst();
    }

    /**
     * The one place a backup's status changes.
     *
     * @throws io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException when the table has no such move
     * @throws IllegalStateException when the row no longer has status {@code from} (someone else moved it)
     */
    public BackupStatus transition(long id, BackupStatus from, BackupEvent event, String error, Instant now) {
        BackupStatus to = BackupTransitions.next(from, event);
        int n = jdbc.update("UPDATE backup SET status = ?, error = COALESCE(?, error), updated = ?"
                + (to == BackupStatus.BACKED_UP ? ", date = ?" : ", date = date") + " WHERE id = ? AND status = ?",
                ps -> {
                    int i = 1;
                    ps.setString(i++, to.apiName());
                    ps.setString(i++, error == null ? null : truncate(error));
                    ps.setTimestamp(i++, Timestamp.from(now));
                    if (to == BackupStatus.BACKED_UP) {
                        ps.setTimestamp(i++, Timestamp.from(now));
                    }
                    ps.setLong(i++, id);
                    ps.setString(i, from.apiName());
                });
        if (n != 1) {
            throw new IllegalStateException("backup " + id + " is no longer " + from + " (event '" + event
                    + "' was not applied): another management server or a concurrent call changed it first");
        }
        return to;
    }

    /**
     * Starts a planned backup: Queued to BackingUp together with what the chain policy decided, in one
     * statement that applies only while the row is still Queued (as {@link #transition} does).
     *
     * @throws IllegalStateException when the row is no longer Queued
     */
    public void start(long id, BackupMode type, Long chainId, Long parentId, Integer position, String fullReason,
            Instant now) {
        BackupStatus to = BackupTransitions.next(BackupStatus.QUEUED, BackupEvent.STARTED);
        int n = jdbc.update("UPDATE backup SET status = ?, updated = ?, type = ?, chain_id = ?, parent_id = ?,"
                + " position = ?, full_reason = ? WHERE id = ? AND status = ?", to.apiName(), Timestamp.from(now),
                type.name(), chainId, parentId, position, fullReason, id, BackupStatus.QUEUED.apiName());
        if (n != 1) {
            throw new IllegalStateException("backup " + id + " is no longer " + BackupStatus.QUEUED + " (event '"
                    + BackupEvent.STARTED + "' was not applied): another management server changed it first");
        }
    }

    /** What the chain policy decided when the backup was admitted. */
    public void recordPlan(long id, BackupMode type, Long chainId, Long parentId, Integer position, String fullReason) {
        jdbc.update(
                "UPDATE backup SET type = ?, chain_id = ?, parent_id = ?, position = ?, full_reason = ? WHERE id = ?",
                type.name(), chainId, parentId, position, fullReason, id);
    }

    /**
     * A new backup's files, one row per volume, in one statement.
     *
     * @param files the volumes' files; {@link VolumeFile#parentPath} is the parent's file (null for a full)
     */
    public void insertVolumes(long backupId, List<DiskRef> volumes, List<VolumeFile> files) {
        StringBuilder sql = new StringBuilder("INSERT INTO backup_volume (backup_id, volume_id, device, relative_path,"
                + " backing_relative_path, virtual_size) VALUES ");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            DiskRef v = volumes.get(i);
            VolumeFile f = files.get(i);
            args.addAll(Arrays.asList(backupId, v.id(), v.device(), f.path(), f.parentPath(),
                    v.virtualSize()));
        }
        jdbc.update(sql.toString(), args.toArray());
    }

    /** A backup's checkpoint and its files by volume id: what an increment on top of it starts from. */
    public record Parent(Checkpoint checkpoint, Map<Long, String> pathsByVolume) {
    }

    /** The parent of an increment, in one read: its checkpoint and the file of each of its volumes. */
    public Parent parent(long backupId) {
        Map<Long, String> paths = new HashMap<>();
        Checkpoint[] checkpoint = new Checkpoint[1];
        jdbc.query("SELECT b.checkpoint_name, b.checkpoint_xml, bv.volume_id, bv.relative_path FROM backup b"
                + " LEFT JOIN backup_volume bv ON bv.backup_id = b.id WHERE b.id = ?", rs -> {
                    checkpoint[0] = new Checkpoint(rs.getString(1), rs.getString(2));
                    long volumeId = rs.getLong(3);
                    if (!rs.wasNull()) {
                        paths.put(volumeId, rs.getString(4));
                    }
                }, backupId);
        if (checkpoint[0] == null) {
            throw new IllegalStateException("the parent backup " + backupId + " has no row any more");
        }
        return new Parent(checkpoint[0], paths);
    }

    /** The parent's file of a volume, which an increment's file is rebased onto. */
    public Optional<String> volumePath(long backupId, long volumeId) {
        return jdbc.query("SELECT relative_path FROM backup_volume WHERE backup_id = ? AND volume_id = ?",
                (rs, i) -> rs.getString(1), backupId, volumeId).stream().findFirst();
    }

    /** One disk of a backup: where its file goes and, for an increment, the parent's file. */
    public record VolumeFile(String device, long volumeId, String path, String parentPath) {
    }

    public List<VolumeFile> volumeFiles(long backupId) {
        return jdbc.query("SELECT device, volume_id, relative_path, backing_relative_path FROM backup_volume"
                + " WHERE backup_id = ? ORDER BY device",
                (rs, i) -> new VolumeFile(rs.getString(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4)),
                backupId);
    }

    /** The libvirt checkpoint a backup created and its definition, which the next increment starts from. */
    public record Checkpoint(String name, String xml) {
    }

    public Checkpoint checkpointOf(long backupId) {
        return jdbc.queryForObject("SELECT checkpoint_name, checkpoint_xml FROM backup WHERE id = ?",
                (rs, i) -> new Checkpoint(rs.getString(1), rs.getString(2)), backupId);
    }

    public void recordAgentJob(long id, String agentJobId) {
        jdbc.update("UPDATE backup SET agent_job_id = ? WHERE id = ?", agentJobId, id);
    }

    public void recordProgress(long id, long done, long total, Instant now) {
        jdbc.update("UPDATE backup SET progress_bytes_done = ?, progress_bytes_total = ?, updated = ? WHERE id = ?",
                done, total, Timestamp.from(now), id);
    }

    /**
     * Ends a backup BackedUp with its files, sizes, checkpoint and quiesce outcome: the backup row's part is
     * one statement that applies only while the row is still BackingUp (as {@link #transition} does).
     *
     * @return the bytes written
     * @throws IllegalStateException when the row is no longer BackingUp
     */
    public long backedUp(long id, BackupResult r, Instant now) {
        BackupStatus to = BackupTransitions.next(BackupStatus.BACKING_UP, BackupEvent.SUCCEEDED);
        long[] sizes = recordFiles(id, r);
        int n = jdbc.update("UPDATE backup SET size = ?, virtual_size = ?, checkpoint_name = ?, checkpoint_xml = ?,"
                + " quiesced = ?, frozen_ms = ?, domain_xml = ?, status = ?, updated = ?, date = ? WHERE id = ?"
                + " AND status = ?", sizes[0], sizes[1], r.checkpoint, r.checkpointXml, r.quiesced,
                r.quiesced ? r.frozenMillis : null, r.domainXml, to.apiName(), Timestamp.from(now),
                Timestamp.from(now), id, BackupStatus.BACKING_UP.apiName());
        if (n != 1) {
            throw new IllegalStateException("backup " + id + " is no longer " + BackupStatus.BACKING_UP + " (event '"
                    + BackupEvent.SUCCEEDED + "' was not applied): another management server changed it first");
        }
        return sizes[0];
    }

    /** Each file's sizes and backing file; returns the backup's {physical, virtual} sizes. */
    private long[] recordFiles(long id, BackupResult r) {
        long size = 0;
        long virtual = 0;
        for (BackupFileInfo f : r.files) {
            size += f.physicalSizeBytes;
            virtual += f.virtualSizeBytes;
            jdbc.update("UPDATE backup_volume SET size = ?, virtual_size = ?, backing_relative_path = ?"
                    + " WHERE backup_id = ? AND device = ?", f.physicalSizeBytes, f.virtualSizeBytes, f.backingPath,
                    id, f.targetDevice);
        }
        return new long[]{size, virtual};
    }

    /** Backups' uuids by id, in one query (removed backups too); ids without a row are left out. */
    public Map<Long, String> uuids(Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT id, uuid FROM backup WHERE id IN (" + String.join(", ", Collections.nCopies(ids
                .size(), "?")) + ")", rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                }, ids.toArray());
        return out;
    }

    /** The VM's libvirt definition when the backup was taken (V18); empty for older backups. */
    public Optional<String> domainXml(long id) {
        return jdbc.queryForList("SELECT domain_xml FROM backup WHERE id = ?", String.class, id).stream()
                .filter(Objects::nonNull).findFirst();
    }

    private static String truncate(String s) {
        return s.length() <= 4096 ? s : s.substring(0, 4093) + "...";
    }

    private static BackupRecord backup(ResultSet rs, int row) throws SQLException {
        return new BackupRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), nullableLong(rs, 8), nullableLong(rs, 9), nullableLong(rs, 10),
                nullableLong(rs, 11), rs.getObject(12, Integer.class), BackupMode.valueOf(rs.getString(13)),
                rs.getBoolean(14), rs.getBoolean(15), BackupStatus.fromApiName(rs.getString(16)), rs.getString(17),
                nullableLong(rs, 18), nullableLong(rs, 19));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
