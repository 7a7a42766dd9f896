package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupMode;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.backup.BackupQuery;
import io.kboss.server.backup.BackupView;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.ZoneRef;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * listBackups' query, on the provider's own tables (backup, its offering, parent and chain); VMs, zones,
 * accounts and domains are named through the framework's ports. Removed and Expunged backups are
 * hidden; root admins see every backup, domain admins those of their domain and below, users only their
 * own account's. The page and its restores in progress are read in one snapshot.
 */
public class BackupListing {
    private static final String FROM = " FROM backup b JOIN backup_offering o ON o.id = b.backup_offering_id"
            + " LEFT JOIN backup p ON p.id = b.parent_id LEFT JOIN backup_chain c ON c.id = b.chain_id";
    private static final String COLUMNS = "SELECT b.id, b.uuid, b.vm_id, b.type, p.uuid, c.uuid, b.position, b.size,"
            + " b.virtual_size, b.status, b.isolated, b.quiesced, b.frozen_ms, b.progress_bytes_done,"
            + " b.progress_bytes_total, b.created, b.date, b.zone_id, o.uuid, o.name, b.account_id, b.domain_id,"
            + " b.full_reason, b.error, b.compression_status, b.compression_library, b.uncompressed_size,"
            + " b.compression_bytes_done, b.compression_bytes_total, b.compression_error, b.validation_status,"
            + " b.validated, b.validation_checked, b.validation_reason, b.validation_screenshot IS NOT NULL";
    private static final List<OperationKind> RESTORES = List.of(BackupOperations.RESTORE,
            BackupOperations.VOLUME_RESTORE);

    private final JdbcTemplate jdbc;
    private final VmInventory vms;
    private final Directory directory;
    private final OperationQueue queue;
    private final TransactionOperations readOnly;

    /** @param readOnly one snapshot for the backups and their restores, so a listing is never half-way */
    public BackupListing(JdbcTemplate jdbc, VmInventory vms, Directory directory, OperationQueue queue,
            TransactionOperations readOnly) {
        this.jdbc = jdbc;
        this.vms = vms;
        this.directory = directory;
        this.queue = queue;
        this.readOnly = readOnly;
    }

    /** A row as stored, before its VM, zone, account and domain are named. */
    private record Row(long id, String uuid, long vmId, String type, String parentUuid, String chainUuid,
            Integer position, Long size, Long virtualSize, String status, boolean isolated, boolean quiesced,
            Long frozenMillis, Long bytesDone, Long bytesTotal, Instant created, Instant date, long zoneId,
            String offeringUuid, String offeringName, long accountId, long domainId, String fullReason,
            String error, BackupView.Compression compression, BackupView.Validation validation) {
    }

    /** The provider's listBackups: one read-only snapshot, so the total and the page agree. */
    public BackupPage list(Caller caller, BackupQuery query) {
        return readOnly.execute(s -> page(caller, query));
    }

    private BackupPage page(Caller caller, BackupQuery query) {
        StringBuilder where = new StringBuilder(" WHERE b.status NOT IN (?, ?)");
        List<Object> args = new ArrayList<>(List.of(BackupStatus.REMOVED.apiName(), BackupStatus.EXPUNGED.apiName()));
        if (query.backupUuid() != null) {
            where.append(" AND b.uuid = ?");
            args.add(query.backupUuid());
        }
        if (query.vm() != null) {
            where.append(" AND b.vm_id = ?");
            args.add(query.vm().id());
        }
        switch (caller.role()) {
            case ROOT_ADMIN :
                break;
            case DOMAIN_ADMIN :
                in(where, args, "b.domain_id", directory.domainTree(caller.domainPath()));
                break;
            default :
                where.append(" AND b.account_id = ?");
                args.add(caller.accountId());
        }
        if (query.likePattern() != null) {
            List<Long> named = vms.idsNamedLike(query.likePattern());
            where.append(" AND (b.uuid LIKE ?");
            args.add(query.likePattern());
            if (!named.isEmpty()) {
                where.append(" OR b.vm_id IN (").append(marks(named.size())).append(")");
                args.addAll(named);
            }
            where.append(")");
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*)" + FROM + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.limit());
        pageArgs.add(query.offset());
        List<Row> rows = jdbc.query(COLUMNS + FROM + where + " ORDER BY b.id LIMIT ? OFFSET ?",
                BackupListing::row, pageArgs.toArray());
        return new BackupPage(total == null ? 0 : total, views(rows));
    }

    /** One backup whatever its status, for answers to the caller who just made it. */
    public Optional<BackupView> byUuid(String uuid) {
        return readOnly.execute(s -> views(jdbc.query(COLUMNS + FROM + " WHERE b.uuid = ?", BackupListing::row, uuid))
                .stream().findFirst());
    }

    /**
     * Names the rows' VMs, zones, accounts and domains, and adds the restores in progress from the queue: a
     * restore (or volume restore) of a backup is Queued while it waits for a slot and Running once claimed.
     */
    private List<BackupView> views(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, VmRef> vmsById = vms.byIds(ids(rows, Row::vmId));
        Map<Long, ZoneRef> zones = directory.zones(ids(rows, Row::zoneId));
        Map<Long, AccountRef> accounts = directory.accounts(ids(rows, Row::accountId));
        Map<Long, DomainRef> domains = directory.domains(ids(rows, Row::domainId));
        Map<Long, Operation> restores = queue.liveOnBackups(ids(rows, Row::id), RESTORES);
        List<BackupView> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            VmRef vm = vmsById.get(r.vmId());
            Operation restore = restores.get(r.id());
            out.add(new BackupView(r.uuid(), vm.uuid(), vm.name(), apiName(BackupMode.valueOf(r.type())),
                    r.parentUuid(), r.chainUuid(),
                    r.position(), r.size(), r.virtualSize(), r.status(), r.isolated(), r.quiesced(), r.frozenMillis(),
                    r.bytesDone(), r.bytesTotal(), r.created(), r.date(), zones.get(r.zoneId()).uuid(),
                    r.offeringUuid(), r.offeringName(), accounts.get(r.accountId()).uuid(),
                    accounts.get(r.accountId()).name(), domains.get(r.domainId()).uuid(), r.fullReason(), r.error(),
                    restore == null ? null : restore.state() == OperationState.QUEUED ? "Queued" : "Running",
                    r.compression(), r.validation()));
        }
        return out;
    }

    private static Set<Long> ids(List<Row> rows, java.util.function.ToLongFunction<Row> id) {
        return rows.stream().map(r -> id.applyAsLong(r)).collect(Collectors.toSet());
    }

    private static void in(StringBuilder where, List<Object> args, String column, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            where.append(" AND FALSE");
            return;
        }
        where.append(" AND ").append(column).append(" IN (").append(marks(ids.size())).append(")");
        args.addAll(ids);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, Integer.class), rs.getObject(8, Long.class),
                rs.getObject(9, Long.class), rs.getString(10), rs.getBoolean(11), rs.getBoolean(12),
                rs.getObject(13, Long.class), rs.getObject(14, Long.class), rs.getObject(15, Long.class),
                instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)), rs.getLong(18), rs.getString(19),
                rs.getString(20), rs.getLong(21), rs.getLong(22), rs.getString(23), rs.getString(24),
                new BackupView.Compression(rs.getString(25), rs.getString(26), rs.getObject(27, Long.class),
                        rs.getObject(28, Long.class), rs.getObject(29, Long.class), rs.getString(30)),
                new BackupView.Validation(rs.getString(31), instant(rs.getTimestamp(32)), instant(rs.getTimestamp(33)),
                        rs.getString(34), rs.getBoolean(35)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The type as listBackups spells it. */
    static String apiName(BackupMode mode) {
        return mode == BackupMode.FULL ? "Full" : "Incremental";
    }
}
