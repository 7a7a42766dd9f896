package io.kboss.server.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * {@code async_job}. Every finishing write is conditional on the job still being pending, so a job
 * another server already failed (its lease ran out) is never overwritten.
 */
@Repository
public class AsyncJobRepository {
    private static final String SELECT = "SELECT j.id, j.uuid, j.account_id, a.uuid, d.path, u.uuid, j.command, "
            + "j.instance_type, j.instance_uuid, j.status, j.result_code, j.result_type, j.result, j.progress, "
            + "j.created, j.completed FROM async_job j JOIN account a ON a.id = j.account_id "
            + "JOIN domain d ON d.id = a.domain_id JOIN `user` u ON u.id = j.user_id ";

    private final JdbcTemplate jdbc;

    public AsyncJobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Renews the leases of the jobs this server runs itself (jobs of operations have none). */
    public void renewLeases(long msid, Instant leaseExpires) {
        jdbc.update("UPDATE async_job SET lease_expires = ? WHERE owner_msid = ? AND status = 0"
                + " AND operation_id IS NULL", Timestamp.from(leaseExpires), msid);
    }

    /** A job this server runs itself, leased to it. */
    public long insert(String uuid, long accountId, long userId, String command, String paramsJson,
            String instanceType, String instanceUuid, long msid, Instant now, Instant leaseExpires) {
        return insert(
                "INSERT INTO async_job (uuid, account_id, user_id, command, params, instance_type, instance_uuid, "
                        + "status, created, last_updated, owner_msid, lease_expires) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                uuid, accountId, userId, command, paramsJson, instanceType, instanceUuid, Timestamp.from(now),
                Timestamp.from(now), msid, Timestamp.from(leaseExpires));
    }

    /**
     * The job of an operation: no lease (no server owns it), its result written by the operation's end.
     *
     * @return the job's id
     */
    public long insertForOperation(String uuid, long accountId, long userId, String command, String paramsJson,
            String instanceType, String instanceUuid, long operationId, Instant now) {
        return insert(
                "INSERT INTO async_job (uuid, account_id, user_id, command, params, instance_type, instance_uuid, "
                        + "status, created, last_updated, operation_id) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                uuid, accountId, userId, command, paramsJson, instanceType, instanceUuid, Timestamp.from(now),
                Timestamp.from(now), operationId);
    }

    /** An operation as its job needs it, its row locked: ended operations carry the job's result. */
    public record OperationOutcome(long id, String state, String resultJson) {
        public boolean ended() {
            return !"QUEUED".equals(state) && !"RUNNING".equals(state);
        }
    }

    /** Locks the operation's row until the transaction ends, so its end and its job's insert are ordered. */
    public Optional<OperationOutcome> lockOperation(String operationUuid) {
        return jdbc.query("SELECT id, state, result FROM operation WHERE uuid = ? FOR UPDATE",
                (rs, i) -> new OperationOutcome(rs.getLong(1), rs.getString(2), rs.getString(3)), operationUuid)
                .stream().findFirst();
    }

    /** Writes an operation's outcome into its pending jobs. */
    public int finishForOperation(long operationId, int status, int resultCode, String resultJson, Instant now) {
        return jdbc.update("UPDATE async_job SET status = ?, result_code = ?, result_type = 'object', result = ?, "
                + "progress = 100, completed = ?, last_updated = ? WHERE operation_id = ? AND status = 0",
                status, resultCode, resultJson, Timestamp.from(now), Timestamp.from(now), operationId);
    }

    public void progressOfOperation(long operationId, int percent, Instant now) {
        jdbc.update("UPDATE async_job SET progress = ?, last_updated = ? WHERE operation_id = ? AND status = 0",
                percent, Timestamp.from(now), operationId);
    }

    /** @return false when the job was no longer pending (already failed by a lease sweep) */
    public boolean finish(long id, int status, int resultCode, String resultJson, Instant now) {
        return jdbc.update("UPDATE async_job SET status = ?, result_code = ?, result_type = 'object', result = ?, "
                + "progress = 100, completed = ?, last_updated = ? WHERE id = ? AND status = 0",
                status, resultCode, resultJson, Timestamp.from(now), Timestamp.from(now), id) == 1;
    }

    public void progress(long id, int percent, Instant now) {
        jdbc.update("UPDATE async_job SET progress = ?, last_updated = ? WHERE id = ? AND status = 0",
                percent, Timestamp.from(now), id);
    }

    /**
     * Fails every pending job whose lease ran out: its server stopped heartbeating, so nobody
     * watches the work any more and its outcome is unknown. Jobs of operations are not leased: the
     * operation survives its server, and its end answers the job.
     */
    public int failExpired(Instant now, String resultJson) {
        return jdbc.update("UPDATE async_job SET status = 2, result_code = 530, result_type = 'object', result = ?, "
                + "completed = ?, last_updated = ? WHERE status = 0 AND lease_expires < ? AND operation_id IS NULL",
                resultJson, Timestamp.from(now), Timestamp.from(now), Timestamp.from(now));
    }

    /** Fails this server's own pending jobs (at orderly shutdown, after the executor stopped). */
    public int failOwned(long msid, Instant now, String resultJson) {
        return jdbc.update("UPDATE async_job SET status = 2, result_code = 530, result_type = 'object', result = ?, "
                + "completed = ?, last_updated = ? WHERE status = 0 AND owner_msid = ? AND operation_id IS NULL",
                resultJson, Timestamp.from(now), Timestamp.from(now), msid);
    }

    public Optional<AsyncJob> findByUuid(String uuid) {
        List<AsyncJob> found = jdbc.query(SELECT + "WHERE j.uuid = ?", (rs, i) -> map(rs), uuid);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<AsyncJob> list(String domainPathPrefix, Long accountId, String commandLike, long offset, int limit) {
        return jdbc.query(SELECT + "WHERE d.path LIKE ? AND (? IS NULL OR j.account_id = ?) "
                + "AND (? IS NULL OR LOWER(j.command) LIKE ?) ORDER BY j.id DESC LIMIT ? OFFSET ?",
                (rs, i) -> map(rs), domainPathPrefix + "%", accountId, accountId, commandLike, commandLike, limit,
                offset);
    }

    public long count(String domainPathPrefix, Long accountId, String commandLike) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM async_job j JOIN account a ON a.id = j.account_id "
                + "JOIN domain d ON d.id = a.domain_id WHERE d.path LIKE ? AND (? IS NULL OR j.account_id = ?) "
                + "AND (? IS NULL OR LOWER(j.command) LIKE ?)",
                Long.class, domainPathPrefix + "%", accountId, accountId, commandLike, commandLike);
        return n == null ? 0 : n;
    }

    private static AsyncJob map(ResultSet rs) throws SQLException {
        Timestamp completed = rs.getTimestamp(16);
        return new AsyncJob(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getInt(11),
                rs.getString(12), rs.getString(13), rs.getInt(14), rs.getTimestamp(15).toInstant(),
                completed == null ? null : completed.toInstant());
    }

    private long insert(String sql, Object... args) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }
}
