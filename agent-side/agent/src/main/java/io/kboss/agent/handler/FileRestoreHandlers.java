package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.DeleteExtractCommand;
import io.kboss.agent.contract.ExtractPieceAnswer;
import io.kboss.agent.contract.ReadExtractCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.ExtractBackupFilesCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ListBackupFilesCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.guestfs.GuestFiles;
import io.kboss.agent.job.JobContext;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.process.ExternalProgramException;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Base64;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * File-level restore, as jobs (libguestfs boots an appliance, tens of seconds without KVM): list-backup-files
 * and extract-backup-files. Both read the backup's files only and claim none, so they run beside anything
 * but a change of them; an extraction writes one new file on the store, journaled before it is made.
 */
public final class FileRestoreHandlers {
    /** When the server sends no bound. */
    private static final int DEFAULT_TIMEOUT_SECONDS = 600;
    private static final int MAX_ENTRIES = 100_000;
    /** The store folder extractions are written to (the server names extracts/OPERATION-UUID). */
    private static final String EXTRACTS = "extracts/";

    private final GuestFiles guest;
    private final SecondaryStores stores;
    private final JobHandlers jobs;

    public FileRestoreHandlers(GuestFiles guest, SecondaryStores stores, JobHandlers jobs) {
        this.guest = guest;
        this.stores = stores;
        this.jobs = jobs;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(Handlers.of(ListBackupFilesCommand.NAME, ListBackupFilesCommand.class, this::list),
                Handlers.of(ExtractBackupFilesCommand.NAME, ExtractBackupFilesCommand.class, this::extract),
                Handlers.of(ReadExtractCommand.NAME, ReadExtractCommand.class, this::readExtract),
                Handlers.of(DeleteExtractCommand.NAME, DeleteExtractCommand.class, this::deleteExtract));
    }

    /** A piece of an extraction's copy, for a server that streams it from a store it does not mount. */
    private ExtractPieceAnswer readExtract(ReadExtractCommand c) throws IOException {
        extractPath(c.store, c.path, ReadExtractCommand.NAME);
        if (c.offset < 0 || c.length < 1 || c.length > ReadExtractCommand.MAX_LENGTH) {
            throw new IllegalArgumentException("read-extract needs offset 0 or more and length between 1 and "
                    + ReadExtractCommand.MAX_LENGTH + ", not " + c.offset + " and " + c.length);
        }
        ExtractPieceAnswer a = new ExtractPieceAnswer();
        try {
            SecondaryStores.Piece piece = stores.readPiece(c.store, c.path, c.offset, c.length);
            a.dataBase64 = Base64.getEncoder().encodeToString(piece.bytes());
            a.fileBytes = piece.fileBytes();
            return a;
        } catch (NoSuchFileException e) {
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "There is no copy " + c.path + " on store "
                    + c.store.storeId + "; extract the file again");
        }
    }

    /** Deletes an extraction's copy whose link expired; one already gone is fine. */
    private AgentAnswer deleteExtract(DeleteExtractCommand c) throws IOException {
        extractPath(c.store, c.path, DeleteExtractCommand.NAME);
        stores.deleteFile(c.store, c.path);
        return new AgentAnswer();
    }

    /** Only the copies extract-backup-files writes (under extracts/) are read or deleted this way, never a backup. */
    private static void extractPath(StoreRef store, String path, String command) {
        if (store == null || path == null || !path.startsWith(EXTRACTS) || path.length() == EXTRACTS.length()
                || path.substring(EXTRACTS.length()).contains("/") || path.contains("..")) {
            throw new IllegalArgumentException(command + " needs a store and the path of a copy in its " + EXTRACTS
                    + " folder, as extract-backup-files answered it");
        }
    }

    private JobAnswer list(ListBackupFilesCommand c) {
        require(c.store, c.diskPaths, ListBackupFilesCommand.NAME);
        if (c.maxEntries < 1 || c.maxEntries > MAX_ENTRIES) {
            throw new IllegalArgumentException("list-backup-files' maxEntries must be between 1 and " + MAX_ENTRIES
                    + ", not " + c.maxEntries);
        }
        Duration timeout = timeout(c.timeoutSeconds);
        JobSpec spec = JobSpec.of(JobType.LIST_BACKUP_FILES, c.requestId, null, c.backupUuid).withTimeout(timeout);
        return jobs.start(spec, job -> {
            List<Path> disks = disks(c.store, c.diskPaths, job);
            job.phase(c.filesystem == null ? "listing filesystems" : "listing " + c.path);
            BackupFilesResult result = guarded(() -> {
                if (c.filesystem == null) {
                    BackupFilesResult r = new BackupFilesResult();
                    r.filesystems = guest.filesystems(disks, timeout, job.cancelToken());
                    return r;
                }
                return guest.list(disks, c.filesystem, c.path, c.maxEntries, timeout, job.cancelToken());
            });
            job.backupFilesResult(result);
        });
    }

    private JobAnswer extract(ExtractBackupFilesCommand c) {
        require(c.store, c.diskPaths, ExtractBackupFilesCommand.NAME);
        if (c.maxBytes < 1) {
            throw new IllegalArgumentException("extract-backup-files' maxBytes must be 1 or more, not " + c.maxBytes);
        }
        if (c.outputPath == null || c.outputPath.isBlank()) {
            throw new IllegalArgumentException("extract-backup-files needs an outputPath on the store");
        }
        Duration timeout = timeout(c.timeoutSeconds);
        JobSpec spec = JobSpec.of(JobType.EXTRACT_BACKUP_FILES, c.requestId, null, c.backupUuid)
                .withTimeout(timeout);
        return jobs.start(spec, job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            List<Path> disks = disks(c.store, c.diskPaths, job);
            Path output = BackupLayout.resolve(root, c.outputPath);
            Path tar = output.resolveSibling(output.getFileName() + ".tar");
            Leftover asFile = new Leftover(LeftoverKind.PARTIAL_FILE, null, output.toString());
            Leftover asTar = new Leftover(LeftoverKind.PARTIAL_FILE, null, tar.toString());
            job.willCreate(asFile);
            job.willCreate(asTar);
            try {
                Files.createDirectories(output.getParent());
            } catch (IOException e) {
                throw new JobFailure(ErrorCode.STORE_UNREACHABLE, "Cannot make the folder of " + c.outputPath
                        + " on store " + c.store.storeId + ": " + e.getMessage(), true, e);
            }
            job.phase("copying " + c.path);
            GuestFiles.Extracted out = guarded(() -> guest.extract(disks, c.filesystem, c.path, output, c.maxBytes,
                    timeout, job.cancelToken()));
            BackupFilesResult result = new BackupFilesResult();
            result.outputPath = out.archive() ? c.outputPath + ".tar" : c.outputPath;
            result.outputKind = out.archive() ? "TAR" : "FILE";
            result.outputBytes = out.bytes();
            job.progress(out.bytes(), out.bytes());
            job.backupFilesResult(result);
            job.released(out.archive() ? asTar : asFile);
            job.released(out.archive() ? asFile : asTar);
        });
    }

    @FunctionalInterface
    private interface GuestCall<T> {
        T call();
    }

    /** The tools' failures as the job's: a bad path or filesystem is the request's fault. */
    private static <T> T guarded(GuestCall<T> call) throws JobFailure {
        try {
            return call.call();
        } catch (GuestFiles.TooLargeException e) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, e.getMessage(), true, e);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, e.getMessage(), true, e);
        } catch (ExternalProgramException e) {
            // The answer reaches the backup's owner: what libguestfs said, not the command with the store's paths.
            String tool = "libguestfs";
            for (String part : e.command()) {
                if (part.startsWith("virt-") || part.equals("guestfish")) {
                    tool = part;
                    break;
                }
            }
            String said = e.reported().isEmpty() ? "" : ": " + e.reported();
            if (e.timedOut()) {
                throw new JobFailure(ErrorCode.TIMED_OUT, tool + " did not finish within the job's timeout and was "
                        + "killed" + said, true, e);
            }
            if (e.cancelled()) {
                throw new JobFailure(ErrorCode.CANCELLED, tool + " was stopped: the job was cancelled", true, e);
            }
            throw new JobFailure(ErrorCode.FAILED, tool + " could not read the backup (exit status " + e.exitStatus()
                    + ")" + said, true, e);
        }
    }

    private List<Path> disks(StoreRef store, List<String> paths, JobContext job) throws JobFailure {
        Path root = EngineWork.storeRoot(stores, store, job);
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path file = BackupLayout.resolve(root, p);
            if (!Files.isRegularFile(file)) {
                throw new JobFailure(ErrorCode.NOT_FOUND, "The backup file " + p + " is not on store " + store.storeId,
                        true, null);
            }
            out.add(file);
        }
        return out;
    }

    private static void require(StoreRef store, List<String> diskPaths, String command) {
        if (store == null || diskPaths == null || diskPaths.isEmpty()) {
            throw new IllegalArgumentException(command + " needs a store and the newest file of each of the backup's "
                    + "disks");
        }
    }

    private static Duration timeout(int seconds) {
        return Duration.ofSeconds(seconds >= 1 ? seconds : DEFAULT_TIMEOUT_SECONDS);
    }
}
