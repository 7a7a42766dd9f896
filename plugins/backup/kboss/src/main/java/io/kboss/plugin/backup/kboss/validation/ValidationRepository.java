package io.kboss.plugin.backup.kboss.validation;

import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationEvent;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationStatus;
import io.kboss.plugin.backup.kboss.domain.validation.ValidationTransitions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A backup's validation columns (V12). Every status change goes through {@link #transition}, which asks
 * {@link ValidationTransitions} for the next status and applies it only if the row still has the status
 * the caller saw, so two servers that both follow one adopted validation cannot both end it.
 */
public class ValidationRepository {
    private static final String SELECT = "SELECT b.id, b.validation_status, b.validated, b.validation_checked,"
            + " b.validation_reason, b.validation_hash, b.validation_screenshot FROM backup b";

    private final JdbcTemplate jdbc;

    public ValidationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A backup's validation as stored. */
    public record ValidationRow(long backupId, ValidationStatus status, Instant validated, Instant checked,
            String reason, String hash, String screenshot) {
    }

    /** A backup the scheduler may queue work for, with what admission and settings need. */
    public record Candidate(long backupId, long vmId, long accountId, long zoneId, Long hostId, Instant checked) {
    }

    public ValidationRow row(long backupId) {
        return jdbc.queryForObject(SELECT + " WHERE b.id = ?", ValidationRepository::row, backupId);
    }

    public ValidationRow rowForUpdate(long backupId) {
        return jdbc.queryForObject(SELECT + " WHERE b.id = ? FOR UPDATE", ValidationRepository::row, backupId);
    }

    /**
     * The one place a backup's validation status changes. A verdict (Valid, NotValid, UnableToValidate)
     * records when it was reached and its reason (null for Valid).
     *
     * @throws IllegalStateException when the row no longer has status {@code from}
     */
    public ValidationStatus transition(long backupId, ValidationStatus from, ValidationEvent event, String reason,
            Instant now) {
        ValidationStatus to = ValidationTransitions.next(from, event);
        boolean verdict = to != ValidationStatus.VALIDATING && to != ValidationStatus.NOT_VALIDATED;
        int n = jdbc.update("UPDATE backup SET validation_status = ?, validation_reason = ?"
                + (verdict && event != ValidationEvent.HASH_DIFFERED ? ", validated = ?" : "")
                + " WHERE id = ? AND validation_status = ?", ps -> {
                    int i = 1;
                    ps.setString(i++, to.apiName());
                    ps.setString(i++, reason == null ? null : truncate(reason));
                    if (verdict && event != ValidationEvent.HASH_DIFFERED) {
                        ps.setTimestamp(i++, Timestamp.from(now));
                    }
                    ps.setLong(i++, backupId);
                    ps.setString(i, from.apiName());
                });
        if (n != 1) {
            throw new IllegalStateException("the validation of backup " + backupId + " is no longer " + from
                    + " (event '" + event + "' was not applied): another management server ended it first");
        }
        return to;
    }

    /** Where the validation's screenshot is, relative to the store root. */
    public void recordScreenshot(long backupId, String path) {
        jdbc.update("UPDATE backup SET validation_screenshot = ? WHERE id = ?", path, backupId);
    }

    /** The hash the periodic check compares with from now on, taken at {@code now}. */
    public void recordHash(long backupId, String hash, Instant now) {
        jdbc.update("UPDATE backup SET validation_hash = ?, validation_checked = ? WHERE id = ?", hash,
                Timestamp.from(now), backupId);
    }

    /**
     * Which backups may be validated now: BackedUp, not validated yet, of an offering that validates, and,
     * when the offering also compresses, whose compression ended (Compressed, or CompressionError: its
     * files are whole either way) or was cancelled (the backup stays Uncompressed), so a validation never reads files a compression is replacing and the
     * hash it takes is of the files as they stay.
     */
    private static final String AWAITING = " FROM backup b JOIN backup_offering_details d"
            + " ON d.backup_offering_id = b.backup_offering_id AND d.name = ? AND d.value = 'true'"
            + " LEFT JOIN backup_offering_details z ON z.backup_offering_id = b.backup_offering_id AND z.name = ?"
            + " WHERE b.status = ? AND b.validation_status = ?"
            + " AND (z.value IS NULL OR z.value <> 'true' OR b.compression_status IN (?, ?)"
            + " OR b.compression_cancelled IS NOT NULL)";

    private static Object[] awaitingArgs(Object... more) {
        List<Object> args = new ArrayList<>(List.of(OfferingParameter.VALIDATE, OfferingParameter.COMPRESS,
                BackupStatus.BACKED_UP.apiName(), ValidationStatus.NOT_VALIDATED.apiName(),
                CompressionStatus.COMPRESSED.apiName(), CompressionStatus.COMPRESSION_ERROR.apiName()));
        args.addAll(List.of(more));
        return args.toArray();
    }

    /** Backups that may be validated now ({@link #AWAITING}), oldest first. */
    public List<Candidate> awaitingValidation(int limit) {
        return jdbc.query("SELECT b.id, b.vm_id, b.account_id, b.zone_id, b.host_id, b.validation_checked" + AWAITING
                + " ORDER BY b.id LIMIT ?", ValidationRepository::candidate, awaitingArgs(limit));
    }

    /** Whether the backup's offering validates ({@code validate=true}). */
    public boolean offeringValidates(long backupId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM backup b JOIN backup_offering_details d"
                + " ON d.backup_offering_id = b.backup_offering_id AND d.name = ? AND d.value = 'true' WHERE b.id = ?",
                Integer.class, OfferingParameter.VALIDATE, backupId);
        return n != null && n > 0;
    }

    /** Whether the backup may be validated now. */
    public boolean isAwaitingValidation(long backupId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*)" + AWAITING + " AND b.id = ?", Integer.class,
                awaitingArgs(backupId));
        return n != null && n > 0;
    }

    /**
     * Valid backups whose files were last hashed before {@code checkedBefore} (or never), least recently
     * checked first. Restoring backups count: a restore only reads the files.
     */
    public List<Candidate> dueForRecheck(Instant checkedBefore, int limit) {
        return jdbc.query("SELECT b.id, b.vm_id, b.account_id, b.zone_id, b.host_id, b.validation_checked"
                + " FROM backup b WHERE b.validation_status = ? AND b.status IN (?, ?)"
                + " AND (b.validation_checked IS NULL OR b.validation_checked < ?)"
                + " ORDER BY b.validation_checked IS NOT NULL, b.validation_checked, b.id LIMIT ?",
                ValidationRepository::candidate, ValidationStatus.VALID.apiName(), BackupStatus.BACKED_UP.apiName(),
                BackupStatus.RESTORING.apiName(), Timestamp.from(checkedBefore), limit);
    }

    private static Candidate candidate(ResultSet rs, int i) throws SQLException {
        long host = rs.getLong(5);
        return new Candidate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.wasNull() ? null : host,
                instant(rs.getTimestamp(6)));
    }

    private static ValidationRow row(ResultSet rs, int i) throws SQLException {
        return new ValidationRow(rs.getLong(1), ValidationStatus.fromApiName(rs.getString(2)),
                instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6),
                rs.getString(7));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s.length() <= 4096 ? s : s.substring(0, 4093) + "...";
    }
}
