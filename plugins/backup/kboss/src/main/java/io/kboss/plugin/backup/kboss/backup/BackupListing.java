package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Paging;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

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
            + " b.full_reason, b.error, b.id";
    private static final List<OperationKind> RESTORES = List.of(BackupOperations.RESTORE,
            BackupOperations.VOLUME_RESTORE);

    private final JdbcTemplate jdbc;
    private final OperationQueue queue;
    private final TransactionOperations readOnly;

    /** @param readOnly one snapshot for the backups and their restores, so a listing is never half-way */
    public BackupListing(JdbcTemplate jdbc, OperationQueue queue, TransactionOperations readOnly) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.readOnly = readOnly;
    }

    /** One page and the total before paging. */
    public record Page(long total, List<BackupView> backups) {
    }

    public Page list(Caller caller, String backupUuid, String vmUuid, Paging paging) {
        return readOnly.execute(s -> page(caller, backupUuid, vmUuid, paging));
    }

    private Page page(Caller caller, String backupUuid, String vmUuid, Paging paging) {
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
        Map<Long, String> restores = new HashMap<>();
        List<BackupView> rows = withRestores(jdbc.query(COLUMNS + FROM + where + " ORDER BY b.id LIMIT ? OFFSET ?",
                (rs, i) -> row(rs, restores), pageArgs.toArray()), restores);
        return new Page(total == null ? 0 : total, rows);
    }

    /** One backup whatever its status, for answers to the caller who just made it. */
    public Optional<BackupView> byUuid(String uuid) {
        return readOnly.execute(s -> one(uuid));
    }

    private Optional<BackupView> one(String uuid) {
        Map<Long, String> restores = new HashMap<>();
        return withRestores(jdbc.query(COLUMNS + FROM + " WHERE b.uuid = ?", (rs, i) -> row(rs, restores), uuid),
                restores).stream().findFirst();
    }

    /**
     * The restores in progress of the listed backups, from the queue: a restore (or volume restore)
     * of a backup is Queued while it waits for a slot and Running once claimed.
     */
    private List<BackupView> withRestores(List<BackupView> views, Map<Long, String> idsByUuid) {
        if (views.isEmpty()) {
            return views;
        }
        Map<Long, Operation> live = queue.liveOnBackups(idsByUuid.keySet(), RESTORES);
        Map<String, String> states = new HashMap<>();
        live.forEach((backupId, op) -> states.put(idsByUuid.get(backupId),
                op.state() == OperationState.QUEUED ? "Queued" : "Running"));
        return views.stream().map(v -> v.withRestoreState(states.get(v.uuid()))).toList();
    }

    private static BackupView row(ResultSet rs, Map<Long, String> idsByUuid) throws SQLException {
        idsByUuid.put(rs.getLong(26), rs.getString(1));
        return new BackupView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), (Integer) rs.getObject(7, Integer.class), (Long) rs.getObject(8, Long.class),
                (Long) rs.getObject(9, Long.class), rs.getString(10), rs.getBoolean(11), rs.getBoolean(12),
                (Long) rs.getObject(13, Long.class), (Long) rs.getObject(14, Long.class),
                (Long) rs.getObject(15, Long.class), instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)),
                rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getString(24), rs.getString(25), null);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
