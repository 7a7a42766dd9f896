package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DirtyRanges;
import io.kboss.agent.disk.domain.DiskBackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a VM that is shut off, where libvirt's backup-begin refuses to run: fulls with
 * qemu-img convert, incrementals by copying the ranges the previous checkpoint's persistent bitmap
 * marks dirty into a qcow2 overlay of the parent backup.
 *
 * <p>Bitmap policy, which keeps the next incremental (running or stopped) correct: the previous
 * bitmap is left as it is (it keeps recording, as libvirt's own do), a new bitmap named after this
 * backup's checkpoint is added to every disk only after the copy succeeded, and libvirt is told
 * about the checkpoint by redefining it. Nothing writes to the disks while the VM is off, so the
 * new bitmap starting empty is exact. A crash between adding the bitmaps and the redefinition
 * leaves bitmaps without metadata: {@link JobRepair} removes them.
 */
final class StoppedVmBackup {
    private static final Logger log = LoggerFactory.getLogger(StoppedVmBackup.class);
    private final QemuImg qemuImg;
    private final DirtyBitmapReader bitmaps;
    private final Clock clock;

    StoppedVmBackup(QemuImg qemuImg, DirtyBitmapReader bitmaps, Clock clock) {
        this.qemuImg = qemuImg;
        this.bitmaps = bitmaps;
        this.clock = clock;
    }

    BackupOutcome backup(Domain domain, BackupRequest req, ProgressListener progress, CancelToken cancel)
            throws LibvirtException {
        Instant start = clock.instant();
        Map<String, VmDisk> vmDisks = DomainXml.parse(domain.getXMLDesc(0)).disks();
        Disks.requireQcow2(req, vmDisks);
        Checkpoints checkpoints = new Checkpoints(domain, req.vmName());
        String fullReason = req.incremental() ? missingBitmap(req, vmDisks) : null;
        boolean incremental = req.incremental() && fullReason == null;
        // Read once, before anything is written: they size the backup and then drive the copy.
        Map<String, List<DirtyRanges.Range>> dirty = new LinkedHashMap<>();
        Map<String, Long> estimate = new LinkedHashMap<>();
        for (BackupTarget d : req.disks()) {
            Path source = vmDisks.get(d.disk()).source();
            if (incremental) {
                checkCancel(cancel, req);
                List<DirtyRanges.Range> ranges = bitmaps.dirtyRanges(source, req.previousCheckpoint());
                dirty.put(d.disk(), ranges);
                estimate.put(d.disk(), ranges.stream().mapToLong(DirtyRanges.Range::length).sum());
            } else {
                estimate.put(d.disk(), qemuImg.measure(source, false));
            }
        }
        BackupSpace.require(req, incremental, estimate);
        BackupTargets targets = new BackupTargets(req);
        targets.prepare();
        List<VmDisk> bitmapped = new ArrayList<>();
        try {
            if (incremental && !checkpoints.exists(req.previousCheckpoint()) && req.previousCheckpointXml() != null) {
                checkpoints.redefine(req.previousCheckpointXml(), false);
            }
            Map<String, Long> sizes = Disks.virtualSizes(req, vmDisks);
            // Progress in the bytes the backup copies: the disks' virtual sizes for a full, the
            // dirty bytes (the estimate) for an incremental, which moves range by range.
            long total = 0;
            for (BackupTarget d : req.disks()) {
                total += incremental ? estimate.get(d.disk()) : sizes.get(d.disk());
            }
            long done = 0;
            for (BackupTarget d : req.disks()) {
                checkCancel(cancel, req);
                VmDisk disk = vmDisks.get(d.disk());
                long before = done;
                long all = total;
                if (incremental) {
                    copyDirty(disk, d, req, sizes.get(d.disk()), dirty.get(d.disk()), cancel,
                            copied -> progress.progress(before + copied, all));
                    done += estimate.get(d.disk());
                } else {
                    long size = sizes.get(d.disk());
                    qemuImg.convert(disk.source(), "qcow2", BackupTargets.partial(d), "qcow2", false,
                            percent -> progress.progress(before + (long) (size * percent / 100), all));
                    done += size;
                }
                progress.progress(done, total);
            }
            checkCancel(cancel, req);
            for (BackupTarget d : req.disks()) {
                VmDisk disk = vmDisks.get(d.disk());
                if (qemuImg.info(disk.source(), false).bitmaps().contains(req.checkpointName())) {
                    qemuImg.removeBitmap(disk.source(), req.checkpointName()); // left by a crashed attempt
                }
                qemuImg.addBitmap(disk.source(), req.checkpointName());
                bitmapped.add(disk);
            }
            String xml = BackupXml.offlineCheckpoint(req.checkpointName(),
                    incremental ? req.previousCheckpoint() : null,
                    clock.instant().getEpochSecond(), req);
            checkpoints.redefine(xml, false);
            targets.publish();
            List<DiskBackupOutcome> results = targets.describe(sizes, incremental);
            log.info("backup {} of stopped VM {}: {} of {} disk(s), {} bytes written, {} ms", req.checkpointName(),
                    req.vmName(), incremental ? "incremental" : "full", results.size(),
                    results.stream().mapToLong(DiskBackupOutcome::fileSize).sum(),
                    Duration.between(start, clock.instant()).toMillis());
            return new BackupOutcome(incremental ? BackupKind.INCREMENTAL : BackupKind.FULL, fullReason,
                    req.checkpointName(), checkpoints.xml(req.checkpointName()), results,
                    false, false, Duration.ZERO, null, Duration.between(start, clock.instant()));
        } catch (RuntimeException | LibvirtException e) {
            List<String> problems = new ArrayList<>();
            for (VmDisk disk : bitmapped) {
                try {
                    qemuImg.removeBitmap(disk.source(), req.checkpointName());
                } catch (RuntimeException removal) {
                    problems.add("bitmap " + req.checkpointName() + " stays in " + disk.source() + " ("
                            + removal.getMessage() + ")");
                }
            }
            problems.addAll(targets.discard());
            boolean cancelled = e instanceof DiskOperationException d && d.cancelled() || cancel.isCancelled();
            throw new DiskOperationException("backup of stopped VM " + req.vmName() + " failed: " + e.getMessage()
                    + (problems.isEmpty() ? "" : "; cleanup left: " + String.join("; ", problems)), e, true, cancelled);
        }
    }

    private String missingBitmap(BackupRequest req, Map<String, VmDisk> vmDisks) {
        for (BackupTarget d : req.disks()) {
            VmDisk disk = vmDisks.get(d.disk());
            QemuImg.ImageInfo info = qemuImg.info(disk.source(), false);
            if (!info.bitmaps().contains(req.previousCheckpoint())) {
                return "disk " + d.disk() + " (" + disk.source() + ") no longer holds bitmap "
                        + req.previousCheckpoint();
            }
            if (!info.trustedBitmaps().contains(req.previousCheckpoint())) {
                return "bitmap " + req.previousCheckpoint() + " of disk " + d.disk() + " (" + disk.source()
                        + ") is inconsistent: the VM's QEMU ended without storing it (crash), so it may miss writes";
            }
        }
        return null;
    }

    private void copyDirty(VmDisk disk, BackupTarget d, BackupRequest req, long size,
            List<DirtyRanges.Range> ranges, CancelToken cancel, LongConsumer copied) {
        qemuImg.createOverlay(BackupTargets.partial(d), BackupFiles.relativeBacking(d.target(), d.parentBackup()),
                size);
        long bytes = 0;
        for (DirtyRanges.Range r : ranges) {
            checkCancel(cancel, req);
            qemuImg.copyRange(disk.source(), BackupTargets.partial(d), r.start(), r.length());
            bytes += r.length();
            copied.accept(bytes);
        }
    }

    private static void checkCancel(CancelToken cancel, BackupRequest req) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("backup of VM " + req.vmName() + " cancelled", null, true, true);
        }
    }
}
