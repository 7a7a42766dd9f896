package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupAccess;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.Origin;
import io.kboss.server.operation.Payload;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.backup.Transactions;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts listBackupFiles and extractBackupFile: the caller must be the backup's owner or an admin above it,
 * the backup's offering must allow file extraction ({@code allowextractfile}), the backup must be BackedUp,
 * and the filesystem and path must be well formed; then a FILE_RESTORE operation is queued, whose job answers
 * the listing or the download link. Refusals change nothing and queue nothing.
 */
public class FileRestoreRequests {
    static final String ACTION = "action";
    static final String LIST = "list";
    static final String EXTRACT = "extract";
    static final String FILESYSTEM = "filesystem";
    static final String PATH = "path";
    static final String MAX_BYTES = "maxBytes";

    private static final Pattern FILESYSTEM_NAME = Pattern.compile("/dev/[A-Za-z0-9_][A-Za-z0-9_./+-]{0,127}");
    private static final int MAX_PATH = 4096;

    private final BackupAccess access;
    private final JdbcTemplate jdbc;
    private final VmInventory vms;
    private final ImageStores stores;
    private final OperationQueue queue;
    private final Settings settings;
    private final TransactionOperations tx;

    public FileRestoreRequests(BackupAccess access, JdbcTemplate jdbc, VmInventory vms, ImageStores stores,
            OperationQueue queue, Settings settings, TransactionOperations tx) {
        this.access = access;
        this.jdbc = jdbc;
        this.vms = vms;
        this.stores = stores;
        this.queue = queue;
        this.settings = settings;
        this.tx = tx;
    }

    /** An accepted request: the backup read, and its queued operation. */
    public record Accepted(BackupRecord backup, Operation operation) {
    }

    /** listBackupFiles: the filesystems when {@code filesystem} is null, else the entries of {@code path}. */
    public Accepted list(Caller caller, String backupUuid, String filesystem, String path) throws ApiException {
        if (filesystem == null && path != null) {
            throw ApiException.invalidParameter("Give filesystem with path: list the backup's filesystems first "
                    + "(without filesystem and path), then a directory of one of them");
        }
        Payload p = Payload.EMPTY.with(ACTION, LIST);
        if (filesystem != null) {
            p = p.with(FILESYSTEM, filesystem(filesystem)).with(PATH, path(path == null ? "/" : path));
        }
        Payload payload = p;
        return Transactions.run(tx, () -> enqueue(caller, backupUuid, payload));
    }

    /** extractBackupFile: one file, or one folder as a tar archive, at most {@code maxBytes} (null: the setting). */
    public Accepted extract(Caller caller, String backupUuid, String filesystem, String path, Long maxBytes)
            throws ApiException {
        if (filesystem == null || path == null) {
            throw ApiException.invalidParameter("extractBackupFile needs filesystem and path: find them with "
                    + "listBackupFiles");
        }
        String fs = filesystem(filesystem);
        String normalized = path(path);
        if (normalized.equals("/")) {
            throw ApiException.invalidParameter("The path must name a file or folder below the filesystem's root, "
                    + "not / itself (restore the volume to get the whole filesystem)");
        }
        return Transactions.run(tx, () -> {
            BackupRecord b = access.requireLive(backupUuid, caller);
            long limit = settings.value(KbossSettings.FILE_RESTORE_MAX_SIZE,
                    new ScopeChain(b.accountId(), null, b.zoneId()));
            if (maxBytes != null && (maxBytes < 1 || maxBytes > limit)) {
                throw ApiException.invalidParameter("maxsize must be between 1 and " + limit + " bytes (the "
                        + "backup.file.restore.max.size setting), not " + maxBytes);
            }
            return enqueue(caller, backupUuid, Payload.EMPTY.with(ACTION, EXTRACT).with(FILESYSTEM, fs)
                    .with(PATH, normalized).with(MAX_BYTES, maxBytes == null ? limit : maxBytes));
        });
    }

    private Accepted enqueue(Caller caller, String backupUuid, Payload payload) throws ApiException {
        BackupRecord b = access.requireLive(backupUuid, caller);
        if (!allowsExtractFile(b.offeringId())) {
            throw ApiException.invalidParameter("The backup offering of backup " + backupUuid + " does not allow file "
                    + "extraction (allowextractfile); restore the backup or one of its volumes instead");
        }
        if (!b.status().allowsRestore()) {
            throw ApiException.invalidParameter("Backup " + backupUuid + " is " + b.status() + "; files can be read "
                    + "only from a BackedUp backup" + (b.status().isBusy() ? ", retry when it has finished" : ""));
        }
        if (b.imageStoreId() == null) {
            throw ApiException.invalidParameter("Backup " + backupUuid + " has no files on an image store");
        }
        VmRef vm = vms.byId(b.vmId());
        Long hostId = vm.hostId() != null ? vm.hostId() : b.hostId();
        if (hostId == null) {
            throw ApiException.invalidParameter("No host can read backup " + backupUuid + ": its VM is on no known "
                    + "host; wait until a host's discovery reports it, then retry");
        }
        Operation op = queue.enqueue(NewOperation.of(FileRestoreKind.FILE_RESTORE, Origin.API)
                .on(b.vmId(), hostId, b.zoneId()).backup(b.id()).payload(payload));
        return new Accepted(b, op);
    }

    boolean allowsExtractFile(long offeringId) {
        return jdbc.query("SELECT value FROM backup_offering_details WHERE backup_offering_id = ? AND name = ?",
                (rs, i) -> Boolean.parseBoolean(rs.getString(1)), offeringId, OfferingParameter.ALLOW_EXTRACT_FILE)
                .stream().findFirst().orElse(false);
    }

    static String filesystem(String name) throws ApiException {
        if (!FILESYSTEM_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiException.invalidParameter("filesystem must be a filesystem listBackupFiles names, such as "
                    + "/dev/sda1, not '" + name + "'");
        }
        return name;
    }

    /** The path, absolute and normalized; refused with a {@code ..} step or control characters. */
    static String path(String path) throws ApiException {
        if (path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_PATH) {
            throw ApiException.invalidParameter("path must be absolute inside the filesystem (start with /) and at "
                    + "most " + MAX_PATH + " characters");
        }
        StringBuilder out = new StringBuilder();
        for (String step : path.split("/")) {
            if (step.isEmpty() || step.equals(".")) {
                continue;
            }
            if (step.equals("..") || step.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.invalidParameter("path must not step up with '..' nor hold control characters");
            }
            out.append('/').append(step);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
