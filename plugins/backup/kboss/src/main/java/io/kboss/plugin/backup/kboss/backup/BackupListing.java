package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * listBackups' query. Removed and Expunged backups are hidden; root admins see every backup,
 * domain admins those of their domain and below, users only their own account's.
 */
public class BackupListing {
    private static final String FROM = " FROM backup b JOIN vm_instance v ON v.id = b.vm_id JOIN zone z ON z.id = b.zone_id"
            + " JOIN backup_offering o ON o.id = b.backup_offering_id JOIN account a ON a.id = b.account_id"
            + " JOIN domain d ON d.id = b.domain_id LEFT JOIN backup p ON p.id = b.parent_id"
            + " LEFT JOIN backup_chain c ON c.id = b.chain_id";
    private static final String COLUMNS = "SELECT b.uuid, v.uuid, v.name, b.type, p.uuid, c.uuid, b.position, b.size,"
            + " b.virtual_size, b.status, b.isolated, b.quiesced, b.frozen_ms, b.progress_bytes_done,"
            + " b.progress_bytes_total, b.created, b.date, z.uuid, o.uuid, o.name, a.uuid, a.name, d.uuid,"
            + " b.full_reason, b.error,"
            // One restore per VM and a backup is restored only into its own VM: at most one row.
            + " (SELECT r.state FROM backup_restore r WHERE r.backup_id = b.id ORDER BY r.id LIMIT 1)";

    private final JdbcTemplate jdbc;

    public BackupListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One page and the total before paging. */
    public record Page(long total, List<BackupView> backups) {
    }

    public Page list(Caller caller, String backupUuid, String vmUuid, Paging paging) {
        StringBuilder where = new StringBuilder(" WHERE b.status NOT IN (?, ?)");
        List<Object> args = new ArrayList<>(List.of(BackupStatus.REMOVED.apiName(), BackupStatus.EXPUNGED.apiName()));
        if (backupUuid != null) {
            where.append(" AND b.uuid = ?");
            args.add(backupUuid);
        }
        if (vmUuid != null) {
            where.append(" AND v.uuid = ?");
            args.add(vmUuid);
        }
        switch (caller.role()) {
            case ROOT_ADMIN :
                break;
            case DOMAIN_ADMIN :
                where.append(" AND d.path LIKE ?");
                args.add(caller.domainPath().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                break;
            default :
                where.append(" AND b.account_id = ?");
                args.add(caller.accountId());
        }
        if (paging.likePattern() != null) {
            where.append(" AND (LOWER(v.name) LIKE ? OR b.uuid LIKE ?)");
            args.add(paging.likePattern());
            args.add(paging.likePattern());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*)" + FROM + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(paging.pageSize());
        pageArgs.add(paging.offset());
        List<BackupView> rows = jdbc.query(COLUMNS + FROM + where + " ORDER BY b.id LIMIT ? OFFSET ?",
                BackupListing::view, pageArgs.toArray());
        return new Page(total == null ? 0 : total, rows);
    }

    /** One backup whatever its status, for answers to the caller who just made it. */
    public java.util.Optional<BackupView> byUuid(String uuid) {
        return jdbc.query(COLUMNS + FROM + " WHERE b.uuid = ?", BackupListing::view, uuid).stream().findFirst();
    }

    private static BackupView view(ResultSet rs, int row) throws SQLException {
        return new BackupView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), (Integer) rs.getObject(7, Integer.class), (Long) rs.getObject(8, Long.class),
                (Long) rs.getObject(9, Long.class), rs.getString(10), rs.getBoolean(11), rs.getBoolean(12),
                (Long) rs.getObject(13, Long.class), (Long) rs.getObject(14, Long.class),
                (Long) rs.getObject(15, Long.class), instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)),
                rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getString(24), rs.getString(25), rs.getString(26));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
