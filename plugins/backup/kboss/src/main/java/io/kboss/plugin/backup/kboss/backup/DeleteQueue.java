package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.admission.OperationKind;
import io.kboss.plugin.backup.kboss.domain.admission.OperationRequest;
import io.kboss.plugin.backup.kboss.domain.admission.RunningOperation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deletions in progress (V7 {@code backup_delete}): Queued while admission holds them back,
 * Running once admitted, when their merges hold a slot like a running backup or restore. A row lives
 * from the request (which took the VM for DELETE and marked the backups Removed) to the end (which
 * releases the VM). A deletion without a host (a VM never placed) stands for host 0: it has no files.
 */
public class DeleteQueue {
    public static final String QUEUED = "Queued";
    public static final String RUNNING = "Running";
    private static final String SELECT = "SELECT id, vm_id, COALESCE(host_id, 0), request_id, state, msid, created,"
            + " started FROM backup_delete";

    /** One deletion as stored; {@code msid} is the management server running it. */
    public record Entry(long id, long vmId, long hostId, String requestId, String state, Long msid, Instant created,
            Instant started) {
        public boolean running() {
            return RUNNING.equals(state);
        }
    }

    private final JdbcTemplate jdbc;

    public DeleteQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long insertQueued(long vmId, Long hostId, String requestId, Long msid, Instant now) {
        jdbc.update(
                "INSERT INTO backup_delete (vm_id, host_id, request_id, state, msid, created) VALUES (?, ?, ?, ?, ?,"
                        + " ?)",
                vmId, hostId, requestId, QUEUED, msid, Timestamp.from(now));
        return jdbc.queryForObject("SELECT id FROM backup_delete WHERE request_id = ?", Long.class, requestId);
    }

    public Optional<Entry> byId(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", DeleteQueue::entry, id).stream().findFirst();
    }

    public Optional<Entry> ofVm(long vmId) {
        return jdbc.query(SELECT + " WHERE vm_id = ?", DeleteQueue::entry, vmId).stream().findFirst();
    }

    /** Queued deletions as admission sees them. */
    public List<OperationRequest> queued() {
        return jdbc.query("SELECT id, vm_id, COALESCE(host_id, 0), created FROM backup_delete WHERE state = ?",
                (rs, i) -> new OperationRequest(rs.getLong(1), rs.getLong(2), rs.getLong(3), OperationKind.DELETE, 0,
                        rs.getTimestamp(4).toInstant()),
                QUEUED);
    }

    /** Admitted deletions: each holds its VM and a slot on its host and in the cloud. */
    public List<RunningOperation> running() {
        return jdbc.query("SELECT id, vm_id, COALESCE(host_id, 0) FROM backup_delete WHERE state = ?",
                (rs, i) -> new RunningOperation(rs.getLong(1), rs.getLong(2), rs.getLong(3), OperationKind.DELETE),
                RUNNING);
    }

    /** @return false when the row is gone or no longer Queued */
    public boolean markRunning(long id, Instant now) {
        return jdbc.update("UPDATE backup_delete SET state = ?, started = ? WHERE id = ? AND state = ?", RUNNING,
                Timestamp.from(now), id, QUEUED) == 1;
    }

    /** @return false when another server already ended it */
    public boolean delete(long id) {
        return jdbc.update("DELETE FROM backup_delete WHERE id = ?", id) == 1;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        long msid = rs.getLong(6);
        Long owner = rs.wasNull() ? null : msid;
        Timestamp started = rs.getTimestamp(8);
        return new Entry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), owner,
                rs.getTimestamp(7).toInstant(), started == null ? null : started.toInstant());
    }
}
