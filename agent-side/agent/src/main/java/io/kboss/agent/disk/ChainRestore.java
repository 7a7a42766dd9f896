package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.RestoreOutcome.RestoredVolume;
import io.kboss.agent.disk.domain.RestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Restores} with qemu-img convert of each chain's newest file. */
final class ChainRestore implements Restores {
    private static final Logger log = LoggerFactory.getLogger(ChainRestore.class);
    static final String TEMP_SUFFIX = ".restoring";
    private final DiskEngine engine;

    ChainRestore(DiskEngine engine) {
        this.engine = engine;
    }

    @Override
    public RestoreOutcome restoreVm(String vmName, Map<String, Path> newestBackupByDisk, ProgressListener progress,
            CancelToken cancel) {
        Clock clock = engine.clock();
        Instant start = clock.instant();
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            if (domain.isActive() == 1) {
                throw new DiskOperationException("VM " + vmName + " is running; stop it before restoring its"
                        + " disks (or use quick restore, which also needs it stopped)", null, true);
            }
            Map<String, VmDisk> disks = DomainXml.parse(domain.getXMLDesc(0)).disks();
            for (String dev : newestBackupByDisk.keySet()) {
                if (!disks.containsKey(dev)) {
                    throw new DiskOperationException("VM " + vmName + " has no disk " + dev + " (it has "
                            + disks.keySet() + ")", null, true);
                }
            }
            List<RestoredVolume> restored = new ArrayList<>();
            for (Map.Entry<String, Path> e : newestBackupByDisk.entrySet()) {
                checkCancel(cancel);
                VmDisk disk = disks.get(e.getKey());
                restored.add(flatten(e.getKey(), e.getValue(), disk.source(), disk.format(), progress, cancel));
            }
            new LocalChainMaintenance(engine).dropAll(domain, vmName);
            return new RestoreOutcome(restored, Duration.between(start, clock.instant()));
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("restore of VM " + vmName + " failed: " + e.getMessage(), e, true);
        }
    }

    @Override
    public RestoreOutcome restoreVolume(Path newestBackup, Path volume, String format, ProgressListener progress,
            CancelToken cancel) {
        Instant start = engine.clock().instant();
        checkCancel(cancel);
        RestoredVolume v = flatten(null, newestBackup, volume, format, progress, cancel);
        return new RestoreOutcome(List.of(v), Duration.between(start, engine.clock().instant()));
    }

    /** Flattens one chain; progress is in bytes of the disk's virtual size, per disk. */
    private RestoredVolume flatten(String dev, Path newestBackup, Path volume, String format,
            ProgressListener progress, CancelToken cancel) {
        if (!Files.isRegularFile(newestBackup)) {
            throw new DiskOperationException("backup file " + newestBackup + " does not exist; is the"
                    + " backup store mounted?", null, true);
        }
        Path temp = volume.resolveSibling(volume.getFileName() + TEMP_SUFFIX);
        Instant started = engine.clock().instant();
        try {
            Files.deleteIfExists(temp);
            long size = engine.qemuImg().info(newestBackup, false).virtualSize();
            engine.qemuImg(cancel).convert(newestBackup, "qcow2", temp, format, false,
                    percent -> progress.progress((long) (size * percent / 100), size));
            progress.progress(size, size);
            DurableFiles.move(temp, volume);
            log.info("restored {} into {} ({}) in {} ms", newestBackup, volume, format,
                    Duration.between(started, engine.clock().instant()).toMillis());
            return new RestoredVolume(dev, volume, format, engine.qemuImg().info(volume, false).virtualSize());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignoredBecauseReported) {
                // the restore's own error below names the temp file's folder; nothing more to do here
            }
            throw new DiskOperationException("restore of " + newestBackup + " into " + volume + " failed ("
                    + e.getMessage() + "); the volume was not changed", e, true, cancel.isCancelled());
        }
    }

    private static void checkCancel(CancelToken cancel) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("restore cancelled before it changed anything", null, true, true);
        }
    }
}
