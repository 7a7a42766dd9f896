package io.kboss.plugin.backup.kboss.compression;

import io.kboss.plugin.backup.kboss.usage.SizeChanges;

import io.kboss.agent.contract.CompressionResult;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus;
import io.kboss.plugin.backup.kboss.domain.compression.CompressionTransitions;
import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The compression columns of {@code backup} (V11) and the sizes of its files in {@code backup_volume}: the
 * only SQL of compression. Every status change goes through {@link #transition}.
 */
public class CompressionRepository {
    private static final int MAX_ERROR = 4096;

    private final JdbcTemplate jdbc;

    public CompressionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The library the backup's offering compresses with, or empty when its offering does not compress. */
    public Optional<CompressionLibrary> offeringLibrary(long backupId) {
        Map<String, String> details = jdbc.query("SELECT d.name, d.value FROM backup_offering_details d JOIN backup b"
                + " ON b.backup_offering_id = d.backup_offering_id WHERE b.id = ? AND d.name IN (?, ?)",
                (rs, i) -> Map.entry(rs.getString(1), rs.getString(2)), backupId, OfferingParameter.COMPRESS,
                OfferingParameter.COMPRESSION_LIBRARY).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!Boolean.parseBoolean(details.get(OfferingParameter.COMPRESS))) {
            return Optional.empty();
        }
        return Optional.of(CompressionLibrary.fromApiName(details.get(OfferingParameter.COMPRESSION_LIBRARY))
                .orElse(CompressionLibrary.DEFAULT));
    }

    /** A backup's compression as the handler reads it. */
    public record State(CompressionStatus status, CompressionLibrary library) {
    }

    public State state(long backupId) {
        return jdbc.queryForObject("SELECT compression_status, compression_library FROM backup WHERE id = ?",
                (rs, i) -> new State(CompressionStatus.fromApiName(rs.getString(1)),
                        CompressionLibrary.fromApiName(rs.getString(2)).orElse(CompressionLibrary.DEFAULT)),
                backupId);
    }

    /** Records the library a queued compression will use (the offering's when it was queued). */
    public void queued(long backupId, CompressionLibrary library) {
        jdbc.update("UPDATE backup SET compression_library = ?, compression_error = NULL, compression_cancelled = NULL"
                + " WHERE id = ?", library.apiName(), backupId);
    }

    /**
     * The one place a backup's compression status changes: a conditional UPDATE from {@code from}.
     *
     * @param error kept for CompressionError and failed attempts; cleared by a success
     * @throws IllegalStateException when the row is no longer in {@code from} (someone else moved it)
     */
    public CompressionStatus transition(long backupId, CompressionStatus from, CompressionEvent event, String error) {
        CompressionStatus to = CompressionTransitions.next(from, event);
        boolean running = to == CompressionStatus.COMPRESSING || to == CompressionStatus.FINALIZING_COMPRESSION;
        int n = jdbc.update("UPDATE backup SET compression_status = ?, compression_error = ?"
                + (running ? "" : ", compression_bytes_done = NULL, compression_bytes_total = NULL")
                + " WHERE id = ? AND compression_status = ?", to.apiName(),
                event == CompressionEvent.SUCCEEDED ? null : truncate(error), backupId, from.apiName());
        if (n != 1) {
            throw new IllegalStateException("the compression of backup " + backupId + " is no longer " + from.apiName()
                    + " (event " + event + " was not applied): another management server changed it first");
        }
        return to;
    }

    /**
     * An operator cancelled the compression: Uncompressed with {@code reason}, marked cancelled at {@code now}
     * so the backup's validation stops waiting for it and nothing queues it again by itself.
     */
    public void cancelled(long backupId, CompressionStatus from, String reason, java.time.Instant now) {
        transition(backupId, from, CompressionEvent.CANCELLED, reason);
        jdbc.update("UPDATE backup SET compression_cancelled = ? WHERE id = ?", java.sql.Timestamp.from(now),
                backupId);
    }

    /**
     * The backup's files were written anew, uncompressed (a merge): Uncompressed again, with no size before.
     * Returns the status it had.
     */
    public CompressionStatus rewritten(long backupId) {
        CompressionStatus from = state(backupId).status();
        transition(backupId, from, CompressionEvent.REWRITTEN, null);
        jdbc.update("UPDATE backup SET uncompressed_size = NULL WHERE id = ?", backupId);
        forgetValidationHash(backupId);
        return from;
    }

    /**
     * The backup's files got new bytes with the same contents (a compressed copy the agent compared with the
     * original, or a merge that keeps what the backup shows): the hash a Valid backup's periodic check compares
     * with is of the old bytes and would call the backup changed. It is forgotten, with when it was taken, so
     * the validation task takes a new one at its next pass (a backup never hashed is due at once).
     */
    private void forgetValidationHash(long backupId) {
        jdbc.update("UPDATE backup SET validation_hash = NULL, validation_checked = NULL WHERE id = ?"
                + " AND validation_hash IS NOT NULL", backupId);
    }

    public void progress(long backupId, long done, long total) {
        jdbc.update("UPDATE backup SET compression_bytes_done = ?, compression_bytes_total = ? WHERE id = ?", done,
                total, backupId);
    }

    /**
     * Records the sizes of the files the agent replaced with compressed copies (the backup's size is their sum
     * again; its size before the first replacement is kept; the change is recorded at {@code now}) and returns by how many bytes the backup shrank.
     */
    public long recordReplaced(long backupId, List<CompressionResult.CompressedFile> files, Instant now) {
        long before = SizeChanges.sizeOf(jdbc, backupId);
        long saved = 0;
        boolean any = false;
        for (CompressionResult.CompressedFile f : files) {
            if (f.replaced) {
                if (!any) {
                    jdbc.update("UPDATE backup SET uncompressed_size = COALESCE(uncompressed_size, size) WHERE id = ?",
                            backupId);
                    any = true;
                }
                jdbc.update("UPDATE backup_volume SET size = ? WHERE backup_id = ? AND relative_path = ?",
                        f.sizeAfterBytes, backupId, f.path);
                saved += f.sizeBeforeBytes - f.sizeAfterBytes;
            }
        }
        if (any) {
            jdbc.update("UPDATE backup SET size = (SELECT COALESCE(SUM(v.size), 0) FROM backup_volume v"
                    + " WHERE v.backup_id = ?) WHERE id = ?", backupId, backupId);
            forgetValidationHash(backupId);
            SizeChanges.recordSince(jdbc, backupId, before, SizeChanges.Reason.COMPRESSION, now);
        }
        return saved;
    }

    /** The backup's size before it was compressed, when some file was (for a backup none was: its size). */
    public Long sizeBefore(long backupId) {
        return jdbc.queryForObject("SELECT COALESCE(uncompressed_size, size) FROM backup WHERE id = ?", Long.class,
                backupId);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 3) + "...";
    }
}
