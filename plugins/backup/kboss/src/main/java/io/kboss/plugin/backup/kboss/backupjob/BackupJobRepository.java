package io.kboss.plugin.backup.kboss.backupjob;

import io.kboss.plugin.backup.kboss.domain.backupjob.Execution;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunState;
import io.kboss.plugin.backup.kboss.domain.backupjob.RunVm;
import io.kboss.plugin.backup.kboss.domain.backupjob.VmRunState;
import io.kboss.server.backup.ScheduleColumns;
import io.kboss.server.backup.schedule.domain.StoredSchedule;
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
import org.springframework.jdbc.support.KeyHolder;

/**
 * The backup jobs' tables ({@code backup_job}, {@code backup_job_vm}, {@code backup_job_run},
 * {@code backup_job_run_vm}, {@code backup_job_firing}).
 */
public class BackupJobRepository {
    private static final String JOB = "SELECT id, uuid, name, account_id, domain_id, quiesce, isolated, keep_last,"
            + " priority, execution, created FROM backup_job";
    private static final String RUN = "SELECT id, uuid, job_id, state, started, ended FROM backup_job_run";
    private static final String RUN_VM = "SELECT id, vm_id, position, state, backup_id, error, run_id"
            + " FROM backup_job_run_vm";

    /** A backup job's row. */
    public record Job(long id, String uuid, String name, long accountId, long domainId, boolean quiesce,
            boolean isolated, Integer keepLast, int priority, Execution execution, Instant created) {
    }

    /** A VM of a job, in order; {@code dropped} is set once it left the job, with why. */
    public record Member(long vmId, int position, Instant dropped, String dropReason) {
    }

    public record Run(long id, String uuid, long jobId, RunState state, Instant started, Instant ended) {
    }

    public record RunVmRow(long id, long vmId, int position, VmRunState state, Long backupId, String error,
            long runId) {
        RunVm asDomain() {
            return new RunVm(vmId, position, state);
        }
    }

    /** A job whose schedule's next firing has come. */
    public record DueJob(long id, String uuid, String name, StoredSchedule schedule) {
    }

    /** The latest firing of a job's schedule: the run it started, or why it was skipped. */
    public record FiringRow(Instant scheduled, String runUuid, String skipped) {
    }

    private final JdbcTemplate jdbc;

    public BackupJobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long insertJob(String uuid, String name, long accountId, long domainId, boolean quiesce, boolean isolated,
            Integer keepLast, int priority, Execution execution, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO backup_job (uuid, name, account_id, domain_id,"
                    + " quiesce, isolated, keep_last, priority, execution, created, updated)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, uuid);
            ps.setString(2, name);
            ps.setLong(3, accountId);
            ps.setLong(4, domainId);
            ps.setBoolean(5, quiesce);
            ps.setBoolean(6, isolated);
            ps.setObject(7, keepLast);
            ps.setInt(8, priority);
            ps.setString(9, execution.name());
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void updateJob(Job j, Instant now) {
        jdbc.update("UPDATE backup_job SET name = ?, quiesce = ?, isolated = ?, keep_last = ?, priority = ?,"
                + " execution = ?, updated = ? WHERE id = ?", j.name(), j.quiesce(), j.isolated(), j.keepLast(),
                j.priority(), j.execution().name(), Timestamp.from(now), j.id());
    }

    /** Removes the job and its schedule: it fires no more. */
    public void removeJob(long id, Instant now) {
        jdbc.update("UPDATE backup_job SET removed = ?, updated = ?, interval_type = NULL, schedule = NULL,"
                + " timezone = NULL, next_fire = NULL WHERE id = ?", Timestamp.from(now), Timestamp.from(now), id);
    }

    /** Sets the job's schedule; all null removes it. */
    public void setSchedule(long jobId, StoredSchedule s) {
        Object[] v = ScheduleColumns.values(s);
        jdbc.update("UPDATE backup_job SET " + ScheduleColumns.ASSIGNMENTS + " WHERE id = ?", v[0], v[1], v[2], v[3],
                jobId);
    }

    public Optional<StoredSchedule> schedule(long jobId) {
        return jdbc.query("SELECT " + ScheduleColumns.NAMES + " FROM backup_job WHERE id = ?"
                + " AND interval_type IS NOT NULL", (rs, i) -> ScheduleColumns.read(rs, 1), jobId).stream()
                .findFirst();
    }

    public void setNextFire(long jobId, Instant next) {
        jdbc.update("UPDATE backup_job SET next_fire = ? WHERE id = ? AND interval_type IS NOT NULL",
                Timestamp.from(next), jobId);
    }

    /** Live jobs whose next firing is at or before {@code now}, earliest first, at most {@code limit}. */
    public List<DueJob> due(Instant now, int limit) {
        return jdbc.query("SELECT id, uuid, name, " + ScheduleColumns.NAMES + " FROM backup_job"
                + " WHERE removed IS NULL AND next_fire <= ? ORDER BY next_fire, id LIMIT ?",
                (rs, i) -> new DueJob(rs.getLong(1), rs.getString(2), rs.getString(3), ScheduleColumns.read(rs, 4)),
                Timestamp.from(now), limit);
    }

    /**
     * Claims a firing: the unique key (job_id, scheduled_time) makes a second server's insert of the
     * same firing fail ({@link org.springframework.dao.DuplicateKeyException}) once the first commits.
     */
    public long insertFiring(long jobId, Instant scheduled, long managementServerId, Instant now) {
        return ScheduleColumns.claimFiring(jdbc, "INSERT INTO backup_job_firing (job_id, scheduled_time, mshost_id,"
                + " claimed) VALUES (?, ?, ?, ?)", jobId, scheduled, managementServerId, now);
    }

    public void firingRan(long firingId, long runId) {
        jdbc.update("UPDATE backup_job_firing SET run_id = ? WHERE id = ?", runId, firingId);
    }

    public void firingSkipped(long firingId, String why) {
        jdbc.update("UPDATE backup_job_firing SET skipped = ? WHERE id = ?", truncate(why), firingId);
    }

    public Optional<FiringRow> lastFiring(long jobId) {
        return jdbc.query("SELECT f.scheduled_time, r.uuid, f.skipped FROM backup_job_firing f"
                + " LEFT JOIN backup_job_run r ON r.id = f.run_id WHERE f.job_id = ?"
                + " ORDER BY f.scheduled_time DESC LIMIT 1",
                (rs, i) -> new FiringRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)), jobId)
                .stream().findFirst();
    }

    /** A live job by uuid. */
    public Optional<Job> byUuid(String uuid) {
        return jdbc.query(JOB + " WHERE uuid = ? AND removed IS NULL", BackupJobRepository::job, uuid).stream()
                .findFirst();
    }

    /** A live job by uuid, its row locked until the transaction ends (runs of one job are serialized by it). */
    public Optional<Job> lockByUuid(String uuid) {
        return jdbc.query(JOB + " WHERE uuid = ? AND removed IS NULL FOR UPDATE", BackupJobRepository::job, uuid)
                .stream().findFirst();
    }

    /** A live job by id, its row locked until the transaction ends. */
    public Optional<Job> lockById(long id) {
        return jdbc.query(JOB + " WHERE id = ? AND removed IS NULL FOR UPDATE", BackupJobRepository::job, id)
                .stream().findFirst();
    }

    /** A job by id, also a removed one. */
    public Job byId(long id) {
        return jdbc.queryForObject(JOB + " WHERE id = ?", BackupJobRepository::job, id);
    }

    /** Live jobs, oldest first: the account's, or all when {@code accountId} is null. */
    public List<Job> list(Long accountId) {
        return accountId == null
                ? jdbc.query(JOB + " WHERE removed IS NULL ORDER BY id", BackupJobRepository::job)
                : jdbc.query(JOB + " WHERE removed IS NULL AND account_id = ? ORDER BY id", BackupJobRepository::job,
                        accountId);
    }

    /** The job's VMs in order, the dropped ones too. */
    public List<Member> members(long jobId) {
        return jdbc.query("SELECT vm_id, position, dropped, drop_reason FROM backup_job_vm WHERE job_id = ?"
                + " ORDER BY dropped IS NOT NULL, position, id",
                (rs, i) -> new Member(rs.getLong(1), rs.getInt(2),
                        instant(rs, 3), rs.getString(4)),
                jobId);
    }

    /** Sets the job's VMs to {@code vmIds}, in that order; a dropped VM named again is back in. */
    public void setMembers(long jobId, List<Long> vmIds) {
        jdbc.update("DELETE FROM backup_job_vm WHERE job_id = ? AND dropped IS NULL", jobId);
        for (int i = 0; i < vmIds.size(); i++) {
            jdbc.update("DELETE FROM backup_job_vm WHERE job_id = ? AND vm_id = ?", jobId, vmIds.get(i));
            jdbc.update("INSERT INTO backup_job_vm (job_id, vm_id, position) VALUES (?, ?, ?)", jobId, vmIds.get(i),
                    i);
        }
    }

    /** The VM leaves the job, which keeps a note of when and why. */
    public void drop(long jobId, long vmId, String reason, Instant now) {
        jdbc.update("UPDATE backup_job_vm SET dropped = ?, drop_reason = ? WHERE job_id = ? AND vm_id = ?"
                + " AND dropped IS NULL", Timestamp.from(now), reason, jobId, vmId);
    }

    /** The live jobs the VM is in (not dropped from), by id. */
    public List<Long> jobsOfVm(long vmId) {
        return jdbc.queryForList("SELECT m.job_id FROM backup_job_vm m JOIN backup_job j ON j.id = m.job_id"
                + " WHERE m.vm_id = ? AND m.dropped IS NULL AND j.removed IS NULL", Long.class, vmId);
    }

    /**
     * A new RUNNING run. The table's unique key on the running run's job refuses a second one
     * ({@link org.springframework.dao.DuplicateKeyException}).
     */
    public long insertRun(String uuid, long jobId, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO backup_job_run (uuid, job_id, state, started)"
                    + " VALUES (?, ?, 'RUNNING', ?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, uuid);
            ps.setLong(2, jobId);
            ps.setTimestamp(3, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public Optional<Run> latestRun(long jobId) {
        return jdbc.query(RUN + " WHERE job_id = ? ORDER BY id DESC LIMIT 1", BackupJobRepository::run, jobId)
                .stream().findFirst();
    }

    /** The job's runs, newest first. */
    public List<Run> runs(long jobId, long offset, int limit) {
        return jdbc.query(RUN + " WHERE job_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", BackupJobRepository::run,
                jobId, limit, offset);
    }

    public long countRuns(long jobId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM backup_job_run WHERE job_id = ?", Long.class, jobId);
    }

    public Optional<Run> runByUuid(String uuid) {
        return jdbc.query(RUN + " WHERE uuid = ?", BackupJobRepository::run, uuid).stream().findFirst();
    }

    /** The run, its row locked until the transaction ends: every change of a run's VMs holds it. */
    public Run lockRun(long id) {
        return jdbc.queryForObject(RUN + " WHERE id = ? FOR UPDATE", BackupJobRepository::run, id);
    }

    public void endRun(long id, RunState state, Instant now) {
        jdbc.update("UPDATE backup_job_run SET state = ?, ended = ? WHERE id = ?", state.name(), Timestamp.from(now),
                id);
    }

    /** A finished run runs again (retryBackupJob). */
    public void reopenRun(long id) {
        jdbc.update("UPDATE backup_job_run SET state = 'RUNNING', ended = NULL WHERE id = ?", id);
    }

    public void insertRunVm(long runId, long vmId, int position, Instant now) {
        jdbc.update("INSERT INTO backup_job_run_vm (run_id, vm_id, position, state, updated)"
                + " VALUES (?, ?, ?, 'OUTDATED', ?)", runId, vmId, position, Timestamp.from(now));
    }

    public List<RunVmRow> runVms(long runId) {
        return jdbc.query(RUN_VM + " WHERE run_id = ? ORDER BY position", BackupJobRepository::runVm, runId);
    }

    /** The run's VM whose current backup is this one, if any. */
    public Optional<RunVmRow> runVmOfBackup(long backupId) {
        return jdbc.query(RUN_VM + " WHERE backup_id = ?", BackupJobRepository::runVm, backupId).stream()
                .findFirst();
    }

    public void setRunVm(long id, VmRunState state, Long backupId, String error, Instant now) {
        jdbc.update("UPDATE backup_job_run_vm SET state = ?, backup_id = ?, error = ?, updated = ? WHERE id = ?",
                state.name(), backupId, error == null ? null : truncate(error), Timestamp.from(now), id);
    }

    /** The VM left the job mid-run: it leaves the run too. */
    public void deleteRunVm(long id) {
        jdbc.update("DELETE FROM backup_job_run_vm WHERE id = ?", id);
    }

    private static String truncate(String s) {
        return s.length() <= 4096 ? s : s.substring(0, 4093) + "...";
    }

    private static Job job(ResultSet rs, int i) throws SQLException {
        return new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getBoolean(6), rs.getBoolean(7), rs.getObject(8, Integer.class), rs.getInt(9),
                Execution.valueOf(rs.getString(10)), rs.getTimestamp(11).toInstant());
    }

    private static Run run(ResultSet rs, int i) throws SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getLong(3), RunState.valueOf(rs.getString(4)),
                rs.getTimestamp(5).toInstant(), instant(rs, 6));
    }

    private static RunVmRow runVm(ResultSet rs, int i) throws SQLException {
        long backup = rs.getLong(5);
        Long backupId = rs.wasNull() ? null : backup;
        return new RunVmRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), VmRunState.valueOf(rs.getString(4)),
                backupId, rs.getString(6), rs.getLong(7));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
