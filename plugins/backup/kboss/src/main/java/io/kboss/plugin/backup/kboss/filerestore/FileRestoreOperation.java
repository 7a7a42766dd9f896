package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.ExtractBackupFilesCommand;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.ListBackupFilesCommand;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.compression.CompressionKind;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Runs a FILE_RESTORE operation: has the host's agent read the backup's newest chain files with libguestfs
 * (list-backup-files or extract-backup-files, read-only, the VM untouched) and answers, as the async job's
 * result, the filesystems, the directory's entries, or a download link for the copy the agent wrote on the
 * store. Nothing in the domain changes but the link's row; an adopted operation follows the agent's job by
 * its request id and records the link once (its uuid is the operation's).
 */
public class FileRestoreOperation implements OperationHandler {
    /** Where the server serves copies; the token follows. */
    public static final String DOWNLOAD_PATH = io.kboss.server.backup.Downloads.PATH;

    private final BackupRepository backups;
    private final RestoreRepository chains;
    private final FileExtractions extractions;
    private final Settings settings;
    private final Ports ports;
    private final SecureRandom random = new SecureRandom();

    public FileRestoreOperation(BackupRepository backups, RestoreRepository chains, FileExtractions extractions,
            Settings settings, Ports ports) {
        this.backups = backups;
        this.chains = chains;
        this.extractions = extractions;
        this.settings = settings;
        this.ports = ports;
    }

    @Override
    public OperationKind kind() {
        return FileRestoreKind.FILE_RESTORE;
    }

    /** A compression replaces the files read; a delete merges them. */
    @Override
    public Set<String> conflictsOnVm() {
        return Set.of(CompressionKind.COMPRESSION.name(), BackupOperations.DELETE.name());
    }

    /** The listing's answer. */
    public record FilesAnswer(String backupid, String filesystem, String path, List<FilesystemAnswer> filesystems,
            List<EntryAnswer> entries, boolean truncated) {
    }

    /** One filesystem. */
    public record FilesystemAnswer(String name, String type, String label, long size) {
    }

    /** One directory entry. */
    public record EntryAnswer(String name, String type, long size, Instant modified) {
    }

    /** The extraction's answer. */
    public record ExtractAnswer(String id, String backupid, String filesystem, String path, String name,
            String format, long size, String url, Instant expires) {
    }

    @Override
    public Ending run(Operation op, OperationContext ctx) throws InterruptedException {
        BackupRecord b = backups.byId(op.requireBackup());
        boolean extract = FileRestoreRequests.EXTRACT.equals(op.payload().requireString(FileRestoreRequests.ACTION));
        String fs = op.payload().string(FileRestoreRequests.FILESYSTEM).orElse(null);
        String path = op.payload().string(FileRestoreRequests.PATH).orElse(null);
        List<String> disks = new ArrayList<>();
        for (RestoreDisk d : chains.chainToRestore(b)) {
            if (!d.chainPaths.isEmpty()) {
                disks.add(d.chainPaths.get(d.chainPaths.size() - 1));
            }
        }
        if (disks.isEmpty()) {
            return failed(op, b, "the backup holds no disk file");
        }
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ctx.timeout().toSeconds()));
        JobCommand command;
        if (extract) {
            ExtractBackupFilesCommand c = new ExtractBackupFilesCommand();
            c.backupUuid = b.uuid();
            c.store = StoreRefs.of(ports.stores().byId(b.imageStoreId()));
            c.diskPaths = disks;
            c.filesystem = fs;
            c.path = path;
            c.outputPath = "extracts/" + op.uuid();
            c.maxBytes = op.payload().requireLong(FileRestoreRequests.MAX_BYTES);
            c.timeoutSeconds = seconds;
            command = c;
        } else {
            ListBackupFilesCommand c = new ListBackupFilesCommand();
            c.backupUuid = b.uuid();
            c.store = StoreRefs.of(ports.stores().byId(b.imageStoreId()));
            c.diskPaths = disks;
            c.filesystem = fs;
            c.path = path;
            c.timeoutSeconds = seconds;
            command = c;
        }
        command.requestId = op.uuid();
        AgentChannel agent;
        try {
            agent = ports.agents().forHost(op.hostId());
        } catch (RuntimeException e) {
            return failed(op, b, "no channel to the host: " + e.getMessage());
        }
        var o = ports.jobs().run(agent, command, ctx, job -> {
        });
        if (!o.succeeded() || o.job().backupFilesResult == null) {
            return failed(op, b, o.succeeded() ? "the agent answered no result" : o.failure());
        }
        BackupFilesResult r = o.job().backupFilesResult;
        if (!extract) {
            return Ending.with(() -> new ObjectResponse("backupfiles", listing(b, fs, path, r)));
        }
        return Ending.with(() -> {
            byte[] token = new byte[32];
            random.nextBytes(token);
            String tokenText = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
            Instant now = ports.clock().instant();
            Instant expires = now.plus(Duration.ofSeconds(settings.value(KbossSettings.FILE_RESTORE_URL_EXPIRY,
                    ScopeChain.zone(b.zoneId()))));
            String leaf = path.substring(path.lastIndexOf('/') + 1);
            String name = "TAR".equals(r.outputKind) ? leaf + ".tar" : leaf;
            if (!extractions.add(op.uuid(), sha256(tokenText), b.id(), b.accountId(), b.imageStoreId(), op.hostId(),
                    r.outputPath,
                    name, r.outputBytes, now, expires)) {
                throw ApiException.internal("The copy of " + path + " from backup " + b.uuid() + " was already "
                        + "handed out by another management server; extract it again for a new link", null);
            }
            return new ObjectResponse("backupfileextract", new ExtractAnswer(op.uuid(), b.uuid(), fs, path, name,
                    "TAR".equals(r.outputKind) ? "tar" : "file", r.outputBytes, DOWNLOAD_PATH + tokenText, expires));
        });
    }

    private static FilesAnswer listing(BackupRecord b, String fs, String path, BackupFilesResult r) {
        List<FilesystemAnswer> filesystems = r.filesystems.stream()
                .map(f -> new FilesystemAnswer(f.name, f.type, f.label, f.sizeBytes)).toList();
        List<EntryAnswer> entries = r.entries.stream()
                .map(e -> new EntryAnswer(e.name, e.type, e.sizeBytes, Instant.ofEpochMilli(e.modifiedAtMillis)))
                .toList();
        return new FilesAnswer(b.uuid(), fs, path, fs == null ? filesystems : null, fs == null ? null : entries,
                r.truncated);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ending failed(Operation op, BackupRecord b, String why) {
        return Ending.with(() -> {
            throw ApiException.internal(describe(op, b) + " failed: " + why, null);
        });
    }

    private static String describe(Operation op, BackupRecord b) {
        boolean extract = FileRestoreRequests.EXTRACT.equals(op.payload().string(FileRestoreRequests.ACTION)
                .orElse(""));
        String path = op.payload().string(FileRestoreRequests.PATH).orElse(null);
        String fs = op.payload().string(FileRestoreRequests.FILESYSTEM).orElse(null);
        return (extract ? "Extracting " : "Listing ") + (fs == null ? "the filesystems" : path + " of " + fs)
                + " from backup " + b.uuid();
    }

    @Override
    public Ending expire(Operation op, String why) {
        BackupRecord b = backups.byId(op.requireBackup());
        return Ending.with(() -> {
            throw ApiException.internal(describe(op, b) + " " + why + ". Start the host's agent, raise "
                    + "backup.file.restore.max.concurrent.operations.per.host or backup.file.restore.timeout, or "
                    + "retry later", null);
        });
    }

    @Override
    public Ending crashed(Operation op, RuntimeException failure) {
        return failed(op, backups.byId(op.requireBackup()), "it failed on the management server: " + failure);
    }
}
