package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.BackupMode;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.backup.BackupQuery;
import io.kboss.server.backup.BackupSchedules;
import io.kboss.server.backup.BackupView;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.ZoneRef;
import io.kboss.plugin.backup.kboss.servicejob.ServiceJobType;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
            + " b.validated, b.validation_checked, b.validation_reason, b.validation_screenshot IS NOT NULL,"
            + " b.name, b.description, b.schedule_id, b.host_id, b.backup_offering_id";
    private static final List<OperationKind> RESTORES = List.of(BackupOperations.RESTORE,
            BackupOperations.VOLUME_RESTORE);
    /** Compression and validation: the service jobs whose id a backup's answer carries while they live. */
    private static final List<OperationKind> SERVICE_JOBS = Arrays.stream(ServiceJobType.values())
            .map(ServiceJobType::kind).toList();

    private final JdbcTemplate jdbc;
    private final VmInventory vms;
    private final Directory directory;
    private final OperationQueue queue;
    private final TransactionOperations readOnly;
    private final BackupSchedules schedules;

    /** @param readOnly one snapshot for the backups and their restores, so a listing is never half-way */
    public BackupListing(JdbcTemplate jdbc, VmInventory vms, Directory directory, OperationQueue queue,
            TransactionOperations readOnly, BackupSchedules schedules) {
        this.jdbc = jdbc;
        this.schedules = schedules;
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
            String error, BackupView.Compression compression, BackupView.Validation validation, String name,
            String description, Long scheduleId, Long hostId, long offeringId) {
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
        filter(where, args, query.filter());
        if (query.likePattern() != null) {
            List<Long> named = vms.idsNamedLike(query.likePattern());
            where.append(" AND (b.uuid LIKE ? OR LOWER(b.name) LIKE ?");
            args.add(query.likePattern());
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
        return new BackupPage(total == null ? 0 : total, views(rows, query.filter().vmDetails()));
    }

    /** listBackups' filters beyond id, VM and keyword: each narrows what the caller may see. */
    private static void filter(StringBuilder where, List<Object> args, BackupQuery.Filter f) {
        if (f.zoneId() != null) {
            where.append(" AND b.zone_id = ?");
            args.add(f.zoneId());
        }
        if (f.name() != null) {
            where.append(" AND b.name = ?");
            args.add(f.name());
        }
        if (f.offeringUuid() != null) {
            where.append(" AND o.uuid = ?");
            args.add(f.offeringUuid());
        }
        if (f.status() != null) {
            where.append(" AND b.status = ?");
            args.add(f.status());
        }
        if (f.accountId() != null) {
            where.append(" AND b.account_id = ?");
            args.add(f.accountId());
        }
        if (f.domainIds() != null) {
            in(where, args, "b.domain_id", f.domainIds());
        }
        if (f.imageStoreId() != null) {
            where.append(" AND b.image_store_id = ?");
            args.add(f.imageStoreId());
        }
        if (f.type() != null) {
            where.append(switch (f.type()) {
                case "Full" -> " AND b.type = 'FULL' AND b.isolated = 0";
                case "Incremental" -> " AND b.type = 'INCREMENTAL'";
                case "Isolated" -> " AND b.isolated = 1";
                default -> throw new IllegalArgumentException("backup type " + f.type());
            });
        }
        // As the answer's created: when it was taken, until then when it was asked for.
        if (f.from() != null) {
            where.append(" AND COALESCE(b.date, b.created) >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            where.append(" AND COALESCE(b.date, b.created) <= ?");
            args.add(Timestamp.from(f.to()));
        }
    }

    /** One backup whatever its status, for answers to the caller who just made it. */
    public Optional<BackupView> byUuid(String uuid) {
        return readOnly.execute(s -> views(jdbc.query(COLUMNS + FROM + " WHERE b.uuid = ?", BackupListing::row, uuid),
                false).stream().findFirst());
    }

    /**
     * Names the rows' VMs, zones, accounts and domains, and adds the restores in progress from the queue: a
     * restore (or volume restore) of a backup is Queued while it waits for a slot and Running once claimed.
     */
    private List<BackupView> views(List<Row> rows, boolean withVmDetails) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, VmRef> vmsById = vms.byIds(ids(rows, Row::vmId));
        Set<Long> expunged = vms.removedAmong(vmsById.keySet());
        Map<Long, ZoneRef> zones = directory.zones(ids(rows, Row::zoneId));
        Map<Long, AccountRef> accounts = directory.accounts(ids(rows, Row::accountId));
        Map<Long, DomainRef> domains = directory.domains(ids(rows, Row::domainId));
        Map<Long, String> hosts = directory.hostUuids(rows.stream().map(Row::hostId).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        Map<Long, String> intervals = schedules.intervalTypes(rows.stream().map(Row::scheduleId)
                .filter(Objects::nonNull).collect(Collectors.toSet()));
        Map<Long, String> volumes = volumes(ids(rows, Row::id));
        Map<Long, Map<String, String>> details = new HashMap<>();
        Map<Long, Operation> restores = queue.liveOnBackups(ids(rows, Row::id), RESTORES);
        Map<Long, Operation> serviceJobs = queue.liveOnBackups(ids(rows, Row::id), SERVICE_JOBS);
        List<BackupView> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            VmRef vm = vmsById.get(r.vmId());
            Operation restore = restores.get(r.id());
            Operation serviceJob = serviceJobs.get(r.id());
            DomainRef domain = domains.get(r.domainId());
            ZoneRef zone = zones.get(r.zoneId());
            BackupView.CloudStackFields more = new BackupView.CloudStackFields(r.name(), r.description(),
                    zone.name(), domain.name(), volumes.getOrDefault(r.id(), "[]"),
                    r.scheduleId() == null ? null : intervals.get(r.scheduleId()),
                    vm.offeringId() == null || vm.offeringId() != r.offeringId(), expunged.contains(vm.id()),
                    r.hostId() == null ? null : hosts.get(r.hostId()),
                    withVmDetails ? details.computeIfAbsent(vm.id(), vms::details) : null);
            out.add(new BackupView(r.uuid(), vm.uuid(), vm.name(), apiName(BackupMode.valueOf(r.type())),
                    r.parentUuid(), r.chainUuid(),
                    r.position(), r.size(), r.virtualSize(), r.status(), r.isolated(), r.quiesced(), r.frozenMillis(),
                    r.bytesDone(), r.bytesTotal(), r.created(), r.date(), zone.uuid(),
                    r.offeringUuid(), r.offeringName(), accounts.get(r.accountId()).uuid(),
                    accounts.get(r.accountId()).name(), domain.uuid(), r.fullReason(), r.error(),
                    restore == null ? null : restore.state() == OperationState.QUEUED ? "Queued" : "Running",
                    r.compression(), r.validation(),
                    serviceJob == null
                            ? null
                            : new BackupView.ServiceJob(serviceJob.uuid(),
                                    ServiceJobType.ofKind(serviceJob.kind()).map(ServiceJobType::apiName)
                                            .orElseThrow()),
                    more));
        }
        return out;
    }

    /**
     * The backups' volumes as CloudStack's BackupResponse gives them (Backup.VolumeInfo as JSON): uuid, type,
     * size (the volume's size when backed up), path and deviceId, in device order.
     */
    private Map<Long, String> volumes(Set<Long> backupIds) {
        record File(long backupId, long volumeId, long virtualSize) {
        }
        List<File> files = jdbc.query(
                "SELECT backup_id, volume_id, virtual_size FROM backup_volume WHERE backup_id IN ("
                        + marks(backupIds.size()) + ") ORDER BY backup_id, device",
                (rs, i) -> new File(rs.getLong(1),
                        rs.getLong(2), rs.getLong(3)),
                backupIds.toArray());
        Map<Long, VmInventory.VolumeFacts> facts = vms.volumeFacts(files.stream().map(File::volumeId)
                .collect(Collectors.toSet()));
        Map<Long, JsonArray> arrays = new HashMap<>();
        for (File f : files) {
            VmInventory.VolumeFacts v = facts.get(f.volumeId());
            JsonObject o = new JsonObject();
            o.addProperty("uuid", v.uuid());
            o.addProperty("type", v.type());
            o.addProperty("size", f.virtualSize());
            o.addProperty("path", v.path());
            o.addProperty("deviceId", v.deviceId());
            arrays.computeIfAbsent(f.backupId(), id -> new JsonArray()).add(o);
        }
        Map<Long, String> out = new HashMap<>();
        arrays.forEach((id, a) -> out.put(id, a.toString()));
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
                        rs.getString(34), rs.getBoolean(35)),
                rs.getString(36), rs.getString(37), rs.getObject(38, Long.class), rs.getObject(39, Long.class),
                rs.getLong(40));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The type as listBackups spells it. */
    static String apiName(BackupMode mode) {
        return mode == BackupMode.FULL ? "Full" : "Incremental";
    }
}
