package io.kboss.agent.handler;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CompressionLibrary;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.CompressionListener;
import io.kboss.agent.disk.domain.CompressionRequest;
import io.kboss.agent.disk.domain.CompressionType;
import io.kboss.agent.disk.domain.DeletionOutcome;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.HashOutcome;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.store.BackupLayout;
import io.kboss.agent.store.SecondaryStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Work on backup files already on a store, as jobs on the disk engine: delete-backup (children
 * merged first), compress-backup and hash-backup. Every file such a job rewrites or deletes is claimed for the job, so two jobs
 * never change one file at once; every temporary file is journaled before it is made, so a crash
 * leaves nothing behind after the next start.
 */
public final class BackupFileHandlers {
    private final DiskEngine engine;
    private final SecondaryStores stores;
    private final JobHandlers jobs;

    public BackupFileHandlers(DiskEngine engine, SecondaryStores stores, JobHandlers jobs) {
        this.engine = engine;
        this.stores = stores;
        this.jobs = jobs;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(Handlers.of(DeleteBackupCommand.NAME, DeleteBackupCommand.class, this::delete),
                Handlers.of(CompressBackupCommand.NAME, CompressBackupCommand.class, this::compress),
                Handlers.of(HashBackupCommand.NAME, HashBackupCommand.class, this::hash));
    }

    private JobAnswer delete(DeleteBackupCommand c) {
        if (c.store == null || c.paths == null) {
            throw new IllegalArgumentException("delete-backup needs a store and the backup's paths");
        }
        List<String> touched = new ArrayList<>(c.paths);
        c.merges.forEach(m -> touched.add(m.childPath));
        JobSpec spec = JobSpec.of(JobType.DELETE_BACKUP, c.requestId, null, c.backupUuid)
                .withFiles(claims(c.store, touched));
        return jobs.start(spec, job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            Map<Path, String> asSent = new LinkedHashMap<>();
            List<Path> files = new ArrayList<>();
            for (String p : c.paths) {
                Path file = BackupLayout.resolve(root, p);
                files.add(file);
                asSent.put(file, p);
            }
            List<DeletionRequest.Merge> merges = new ArrayList<>();
            for (ChildMerge m : c.merges) {
                Path child = BackupLayout.resolve(root, m.childPath);
                asSent.put(child, m.childPath);
                merges.add(new DeletionRequest.Merge(BackupLayout.resolve(root, m.deletedPath), child,
                        m.newBackingPath == null ? null : BackupLayout.resolve(root, m.newBackingPath)));
                job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, null,
                        BackupFiles.mergingOf(child).toString()));
            }
            DeletionRequest request = new DeletionRequest(files, merges);
            DeletionOutcome outcome = EngineWork.run(true,
                    () -> engine.chains().delete(request, EngineWork.progressOf(job), job.cancelToken()));
            DeleteResult result = new DeleteResult();
            outcome.deleted().forEach(p -> result.deletedPaths.add(asSent.get(p)));
            outcome.mergedChildSizes().forEach((child, size) -> {
                result.mergedChildren.add(asSent.get(child));
                result.mergedChildSizes.put(asSent.get(child), size);
            });
            result.bytesFreed = outcome.bytesFreed();
            job.deleteResult(result);
        });
    }

    private JobAnswer compress(CompressBackupCommand c) {
        if (c.store == null || c.paths == null || c.paths.isEmpty() || c.library == null) {
            throw new IllegalArgumentException("compress-backup needs a store, the backup's paths and a library"
                    + " (ZSTD or ZLIB)");
        }
        if (c.coroutines < 1 || c.coroutines > CompressionRequest.MAX_COROUTINES) {
            throw new IllegalArgumentException("compress-backup's coroutines must be between 1 and "
                    + CompressionRequest.MAX_COROUTINES + ", not " + c.coroutines);
        }
        if (!(c.minimumFreeStorage >= 0) || Double.isInfinite(c.minimumFreeStorage)) {
            throw new IllegalArgumentException("compress-backup's minimumFreeStorage must be a number of 0 or more,"
                    + " not " + c.minimumFreeStorage);
        }
        JobSpec spec = JobSpec.of(JobType.COMPRESS_BACKUP, c.requestId, null, c.backupUuid)
                .withFiles(claims(c.store, c.paths))
                .withTimeout(c.timeoutSeconds >= 1 ? Duration.ofSeconds(c.timeoutSeconds) : null);
        CompressionType type = c.library == CompressionLibrary.ZLIB ? CompressionType.ZLIB : CompressionType.ZSTD;
        return jobs.start(spec, job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            Map<Path, String> asSent = new LinkedHashMap<>();
            for (String p : c.paths) {
                Path file = BackupLayout.resolve(root, p);
                asSent.put(file, p);
                job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, null,
                        BackupFiles.compressingOf(file).toString()));
            }
            CompressionRequest request = new CompressionRequest(List.copyOf(asSent.keySet()), type, c.coroutines,
                    c.rateLimitMibPerSecond, c.minimumFreeStorage);
            CompressionResult result = new CompressionResult();
            result.library = c.library;
            CompressionListener listener = CompressionListener.of(EngineWork.progressOf(job), f -> {
                // Kept on the job at once: if a later file fails, the server still learns this one changed.
                CompressionResult.CompressedFile out = new CompressionResult.CompressedFile();
                out.path = asSent.get(f.file());
                out.sizeBeforeBytes = f.sizeBefore();
                out.sizeAfterBytes = f.sizeAfter();
                out.replaced = f.replaced();
                out.keptReason = f.keptReason();
                result.files.add(out);
                result.sizeBeforeBytes += f.sizeBefore();
                result.sizeAfterBytes += f.sizeAfter();
                job.compressionResult(result);
            });
            EngineWork.run(true, () -> engine.compressions().compress(request, () -> stores.capacity(c.store).free(),
                    listener, job.cancelToken()));
        });
    }

    /** Reads only: claims no file, so it runs beside anything but a change of the same backup's files. */
    private JobAnswer hash(HashBackupCommand c) {
        if (c.store == null || c.paths == null || c.paths.isEmpty()) {
            throw new IllegalArgumentException("hash-backup needs a store and the backup's paths");
        }
        return jobs.start(JobSpec.of(JobType.HASH_BACKUP, c.requestId, null, c.backupUuid), job -> {
            Path root = EngineWork.storeRoot(stores, c.store, job);
            Map<Path, String> asSent = new LinkedHashMap<>();
            for (String p : c.paths) {
                asSent.put(BackupLayout.resolve(root, p), p);
            }
            HashOutcome outcome = EngineWork.run(true, () -> engine.hashes().hash(List.copyOf(asSent.keySet()),
                    EngineWork.progressOf(job), job.cancelToken()));
            HashResult result = new HashResult();
            result.hash = outcome.combined();
            for (HashOutcome.FileHash f : outcome.files()) {
                HashResult.FileHash out = new HashResult.FileHash();
                out.path = asSent.get(f.file());
                out.sizeBytes = f.size();
                out.hash = f.sha256();
                result.files.add(out);
            }
            job.hashResult(result);
        });
    }

    /** Store-relative names of the files a job changes, as the job manager compares them. */
    static Set<String> claims(StoreRef store, List<String> paths) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            if (p != null) {
                out.add(store.storeId + ":" + Path.of(p).normalize());
            }
        }
        return out;
    }
}
