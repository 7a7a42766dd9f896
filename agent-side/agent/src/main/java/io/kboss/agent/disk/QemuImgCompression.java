package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.CompressionOutcome.CompressedFile;
import io.kboss.agent.disk.domain.CompressionOutcome;
import io.kboss.agent.disk.domain.CompressionRequest;
import io.kboss.agent.disk.domain.DiskOperationException.Reason;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.CompressionListener;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import io.kboss.agent.disk.domain.StoreSpace;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ExternalProgramException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Compressions} with qemu-img convert -c and qemu-img compare, for one call.
 *
 * <p>Progress: the files' total size is the job's total; each file's share counts half for the
 * copy and half for the comparison, so bytes done move through both (the comparison reads as much
 * as the copy).
 */
final class QemuImgCompression {
    private static final Logger log = LoggerFactory.getLogger(QemuImgCompression.class);
    private final QemuImg qemuImg;
    private final Clock clock;
    private final CancelToken cancel;

    QemuImgCompression(QemuImg qemuImg, Clock clock, CancelToken cancel) {
        this.qemuImg = qemuImg;
        this.clock = clock;
        this.cancel = cancel;
    }

    CompressionOutcome compress(CompressionRequest request, StoreSpace store,
            CompressionListener progress) {
        progress.phase("checking free space");
        List<Long> sizes = new ArrayList<>();
        for (Path file : request.files()) {
            sizes.add(sizeOf(file));
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        checkFreeSpace(request, store, total);
        List<CompressedFile> done = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < request.files().size(); i++) {
            checkCancel(request.files().get(i), done);
            CompressedFile file = compressOne(request, request.files().get(i), sizes.get(i), before, total, progress,
                    done);
            done.add(file);
            progress.fileDone(file);
            before += sizes.get(i);
            progress.progress(before, total);
        }
        return new CompressionOutcome(done);
    }

    private void checkFreeSpace(CompressionRequest request, StoreSpace store, long total) {
        long required = request.requiredFreeBytes(total);
        if (required == 0) {
            return;
        }
        long free;
        try {
            free = store.freeBytes();
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the free space of the store: " + e.getMessage()
                    + "; nothing was compressed", e, true);
        }
        if (free < required) {
            throw new NotEnoughSpaceException("the store has " + free + " bytes free but compressing this backup ("
                    + total + " bytes) needs " + required + " (" + request.minimumFreeStorage() + " × its size,"
                    + " backup.compression.minimum.free.storage); nothing was written. Free space on the store,"
                    + " or lower the setting", required, free);
        }
    }

    private CompressedFile compressOne(CompressionRequest request, Path file, long size, long base, long total,
            CompressionListener progress, List<CompressedFile> done) {
        Instant start = clock.instant();
        Path copy = BackupFiles.compressingOf(file);
        String name = file.getFileName().toString();
        try {
            QemuImg.ImageInfo info = qemuImg.info(file, false);
            if (!"qcow2".equals(info.format())) {
                throw new DiskOperationException("backup file " + file + " is " + info.format() + ", not qcow2; only"
                        + " qcow2 backups can be compressed", null, true);
            }
            Files.deleteIfExists(copy);
            progress.phase("compressing " + name);
            qemuImg.compress(file, copy, info.backingFile(), request.type(), request.coroutines(),
                    request.rateLimitMibPerSecond(), pct -> progress.progress(base + (long) (size * pct / 200), total));
            DurableFiles.forceToDisk(copy);
            checkCancel(file, done);
            progress.phase("verifying " + name);
            boolean same = qemuImg.identicalChains(file, copy,
                    pct -> progress.progress(base + size / 2 + (long) (size * pct / 200), total));
            if (!same) {
                throw new DiskOperationException("the compressed copy of " + file + " does not read the same as the"
                        + " original (qemu-img compare); the original was kept. Check the store's health", null,
                        true);
            }
            long after = Files.size(copy);
            if (after >= size) {
                Files.delete(copy);
                log.info("compression of {}: the {} copy ({} bytes) is not smaller than the file ({} bytes); kept it",
                        file, request.type().qemuName(), after, size);
                return new CompressedFile(file, size, size, false, "the compressed copy (" + after
                        + " bytes) was not smaller than the file (" + size + " bytes)");
            }
            checkCancel(file, done);
            progress.phase("replacing " + name);
            keepOwnerAndMode(file, copy);
            DurableFiles.move(copy, file);
            log.info("compressed {} with {}: {} -> {} bytes in {} ms", file, request.type().qemuName(), size, after,
                    Duration.between(start, clock.instant()).toMillis());
            return new CompressedFile(file, size, after, true, null);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy, e);
            if (e instanceof DiskOperationException d) {
                throw d;
            }
            boolean cancelled = e instanceof ExternalProgramException p && p.cancelled() || cancel.isCancelled();
            throw new DiskOperationException("compressing " + file + " failed: " + e.getMessage() + "; the file was"
                    + " not changed" + replacedSoFar(done), e, true, cancelled ? Reason.CANCELLED : Reason.FAILED);
        }
    }

    /** The copy takes the original's owner and mode, so whoever could read the backup still can. */
    private static void keepOwnerAndMode(Path original, Path copy) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(original, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(copy, PosixFileAttributeView.class);
        view.setPermissions(attributes.permissions());
        view.setOwner(attributes.owner());
        view.setGroup(attributes.group());
    }

    private void checkCancel(Path file, List<CompressedFile> done) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("compression stopped before " + file + " was replaced ("
                    + cancel.reason() + "); it was not changed" + replacedSoFar(done), null, true, Reason.CANCELLED);
        }
    }

    private static String replacedSoFar(List<CompressedFile> done) {
        List<String> replaced = done.stream().filter(CompressedFile::replaced).map(f -> f.file().toString()).toList();
        return replaced.isEmpty() ? "" : " (already compressed and verified: " + String.join(", ", replaced) + ")";
    }

    private static long sizeOf(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DiskOperationException("backup file " + file + " does not exist; is the store mounted?", null,
                    true, Reason.MISSING_FILE);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the size of " + file + ": " + e, e, true);
        }
    }

    private static void deleteQuietly(Path copy, Exception failure) {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            failure.addSuppressed(e); // the job's journaled leftover removes it later
        }
    }
}
