package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.admission.OperationKind;
import io.kboss.plugin.backup.kboss.domain.admission.OperationRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The restores in progress (V6 {@code backup_restore}; V7 adds volume restores): Queued while
 * admission holds them back, Running once admitted. Admission reads the queued ones beside queued backups; recovery reads the
 * rows whose restoreBackup job died with its server. A row lives from the request to the end.
 */
public class RestoreQueue {
    public static final String QUEUED = "Queued";
    public static final String RUNNING = "Running";
    /** What a restore takes its VM for ({@code vm_instance.busy_operation}). */
    public static final String BUSY_RESTORE = "RESTORE";
    private static final String SELECT = "SELECT id, backup_id, vm_id, host_id, quick, request_id, state, created,"
            + " started, volume_id, destination_path, new_volume_uuid FROM backup_restore";

    /**
     * One restore as stored; {@code requestId} is the agent request id of its job. A volume restore
     * (restoreVolumeFromBackupAndAttachToVM) has {@code volume}; a restore of the VM (restoreBackup)
     * has none.
     */
    public record Entry(long id, long backupId, long vmId, long hostId, boolean quick, String requestId, String state,
            Instant created, Instant started, VolumeTarget volume) {
        public boolean running() {
            return RUNNING.equals(state);
        }
    }

    /** Where a volume restore writes: backed-up volume {@code volumeId} into a new volume of the VM. */
    public record VolumeTarget(long volumeId, String destinationPath, String newVolumeUuid) {
    }

    private final JdbcTemplate jdbc;

    public RestoreQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long insertQueued(long backupId, long vmId, long hostId, boolean quick, String requestId, Instant now) {
        jdbc.update("INSERT INTO backup_restore (backup_id, vm_id, host_id, quick, request_id, state, created)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", backupId, vmId, hostId, quick, requestId, QUEUED,
                Timestamp.from(now));
        return jdbc.queryForObject("SELECT id FROM backup_restore WHERE request_id = ?", Long.class, requestId);
    }

    /** Queues a volume restore into VM {@code vmId}, which the caller has taken for RESTORE. */
    public long insertQueuedVolume(long backupId, long vmId, long hostId, VolumeTarget target, String requestId,
            Instant now) {
        jdbc.update("INSERT INTO backup_restore (backup_id, vm_id, host_id, quick, request_id, state, created,"
                + " volume_id, destination_path, new_volume_uuid) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)", backupId,
                vmId, hostId, requestId, QUEUED, Timestamp.from(now), target.volumeId(), target.destinationPath(),
                target.newVolumeUuid());
        return jdbc.queryForObject("SELECT id FROM backup_restore WHERE request_id = ?", Long.class, requestId);
    }

    public Optional<Entry> byId(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", RestoreQueue::entry, id).stream().findFirst();
    }

    public List<Entry> all() {
        return jdbc.query(SELECT + " ORDER BY id", RestoreQueue::entry);
    }

    /** Queued restores as admission sees them. */
    public List<OperationRequest> queued() {
        return jdbc.query("SELECT id, vm_id, host_id, created FROM backup_restore WHERE state = ?",
                (rs, i) -> new OperationRequest(rs.getLong(1), rs.getLong(2), rs.getLong(3), OperationKind.RESTORE, 0,
                        rs.getTimestamp(4).toInstant()),
                QUEUED);
    }

    /** @return false when the row is gone or no longer Queued (someone else ended or started it) */
    public boolean markRunning(long id, Instant now) {
        return jdbc.update("UPDATE backup_restore SET state = ?, started = ? WHERE id = ? AND state = ?", RUNNING,
                Timestamp.from(now), id, QUEUED) == 1;
    }

    /** @return false when the restore is gone or already admitted (Running) */
    public boolean deleteQueued(long id) {
        return jdbc.update("DELETE FROM backup_restore WHERE id = ? AND state = ?", id, QUEUED) == 1;
    }

    /** @return false when another server already ended it */
    public boolean delete(long id) {
        return jdbc.update("DELETE FROM backup_restore WHERE id = ?", id) == 1;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Timestamp started = rs.getTimestamp(9);
        long volumeId = rs.getLong(10);
        VolumeTarget volume = rs.wasNull() ? null : new VolumeTarget(volumeId, rs.getString(11), rs.getString(12));
        return new Entry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5), rs.getString(6),
                rs.getString(7), rs.getTimestamp(8).toInstant(), started == null ? null : started.toInstant(), volume);
    }
}
