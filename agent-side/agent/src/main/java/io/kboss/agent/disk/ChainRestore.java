package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.RestoreOutcome.RestoredVolume;
import io.kboss.agent.disk.domain.RestoreOutcome;
import io.kboss.agent.disk.domain.VolumeRestore;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Restores} with qemu-img convert of each chain's newest file.
 *
 * <p>All or nothing: every disk is flattened into {@code <volume>.restoring} first, and only when
 * all of them are complete (and the restore was not cancelled) are they renamed over their
 * volumes, one rename each. A failure or cancel before that leaves every volume as it was; a VM
 * of several disks never gets some restored and some not.
 */
final class ChainRestore implements Restores {
    private static final Logger log = LoggerFactory.getLogger(ChainRestore.class);
    static final String TEMP_SUFFIX = ".restoring";
    private final DiskEngine engine;

    ChainRestore(DiskEngine engine) {
        this.engine = engine;
    }

    /** One chain to flatten into one volume. */
    private record Target(String disk, Path newestBackup, Path volume, String format) {
        Path temp() {
            return volume.resolveSibling(volume.getFileName() + TEMP_SUFFIX);
        }
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
            List<Target> targets = new ArrayList<>();
            for (Map.Entry<String, Path> e : newestBackupByDisk.entrySet()) {
                VmDisk disk = disks.get(e.getKey());
                if (disk == null) {
                    throw new DiskOperationException("VM " + vmName + " has no disk " + e.getKey() + " (it has "
                            + disks.keySet() + ")", null, true);
                }
                targets.add(new Target(e.getKey(), e.getValue(), disk.source(), disk.format()));
            }
            List<RestoredVolume> restored = flattenAll(targets, progress, cancel, () -> {
                if (domain.isActive() == 1) {
                    throw new DiskOperationException("VM " + vmName + " was started during its restore; its disks"
                            + " were left as they were", null, true);
                }
            });
            new LocalChainMaintenance(engine).dropAll(domain, vmName);
            return new RestoreOutcome(restored, Duration.between(start, clock.instant()));
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("restore of VM " + vmName + " failed: " + e.getMessage(), e, true);
        }
    }

    @Override
    public RestoreOutcome restoreVolume(Path newestBackup, Path volume, String format, ProgressListener progress,
            CancelToken cancel) {
        return restoreVolumes(List.of(new VolumeRestore(newestBackup, volume, format)), progress, cancel);
    }

    @Override
    public RestoreOutcome restoreVolumes(List<VolumeRestore> volumes, ProgressListener progress,
            CancelToken cancel) {
        Instant start = engine.clock().instant();
        List<Target> targets = new ArrayList<>();
        Set<Path> paths = new java.util.LinkedHashSet<>();
        for (VolumeRestore v : volumes) {
            targets.add(new Target(null, v.newestBackup(), v.volume(), v.format()));
            if (!paths.add(v.volume().toAbsolutePath().normalize())) {
                throw new DiskOperationException("volume " + v.volume() + " is named twice in one restore", null, true);
            }
        }
        requireUnused(paths);
        List<RestoredVolume> restored = flattenAll(targets, progress, cancel, () -> requireUnused(paths));
        return new RestoreOutcome(restored, Duration.between(start, engine.clock().instant()));
    }

    /** A check made once every copy is complete, right before the renames; it throws to stop them. */
    @FunctionalInterface
    private interface LastCheck {
        void run() throws LibvirtException;
    }

    /**
     * Flattens every chain into its temporary file, then renames them all. Progress counts the
     * disks' virtual sizes, one after the other.
     */
    private List<RestoredVolume> flattenAll(List<Target> targets, ProgressListener progress, CancelToken cancel,
            LastCheck lastCheck) {
        Map<Target, Long> sizes = new LinkedHashMap<>();
        try {
            for (Target t : targets) {
                if (!Files.isRegularFile(t.newestBackup())) {
                    throw new DiskOperationException("backup file " + t.newestBackup() + " does not exist; is the"
                            + " backup store mounted?", null, true);
                }
                // Read in Java, not by qemu-img info: each qemu-img start costs 20-80 ms on this
                // machine, more than the restore's own work besides the copy (issue 14).
                sizes.put(t, Qcow2.header(t.newestBackup()).virtualSize());
            }
            long total = sizes.values().stream().mapToLong(Long::longValue).sum();
            long done = 0;
            for (Target t : targets) {
                checkCancel(cancel);
                flatten(t, done, sizes.get(t), total, progress, cancel);
                done += sizes.get(t);
            }
            checkCancel(cancel);
            lastCheck.run();
            List<RestoredVolume> restored = new ArrayList<>();
            for (Target t : targets) {
                DurableFiles.move(t.temp(), t.volume());
                restored.add(new RestoredVolume(t.disk(), t.volume(), t.format(), sizes.get(t)));
            }
            return restored;
        } catch (IOException | LibvirtException | RuntimeException e) {
            List<String> left = new ArrayList<>();
            for (Target t : targets) {
                try {
                    Files.deleteIfExists(t.temp());
                } catch (IOException removal) {
                    left.add(t.temp() + " (" + removal.getMessage() + ")"); // the job's leftover deletes it later
                }
            }
            if (e instanceof DiskOperationException d && left.isEmpty()) {
                throw d;
            }
            throw new DiskOperationException("restore into " + targets.stream().map(Target::volume).toList()
                    + " failed (" + e.getMessage() + "); the volumes were not changed"
                    + (left.isEmpty() ? "" : "; temporary files left: " + String.join(", ", left)), e, true,
                    cancel.isCancelled());
        }
    }

    /** Flattens one chain into its temporary file. */
    private void flatten(Target t, long before, long size, long total, ProgressListener progress,
            CancelToken cancel) throws IOException {
        Instant started = engine.clock().instant();
        Files.deleteIfExists(t.temp());
        engine.qemuImg(cancel).convert(t.newestBackup(), "qcow2", t.temp(), t.format(), false,
                percent -> progress.progress(before + (long) (size * percent / 100), total));
        progress.progress(before + size, total);
        log.info("restored {} into {} ({}) in {} ms", t.newestBackup(), t.temp(), t.format(),
                Duration.between(started, engine.clock().instant()).toMillis());
    }

    /**
     * Refuses volumes a domain of this host uses: renaming the restored file over a volume a
     * running QEMU holds would leave the VM on the old, now nameless, file.
     */
    private void requireUnused(Set<Path> volumes) {
        try (Hypervisor hv = engine.hypervisor()) {
            Set<Path> named = ReplacedVolumes.namedByAnyDomain(hv.connect());
            for (Path v : volumes) {
                if (named.contains(v.toAbsolutePath().normalize())) {
                    throw new DiskOperationException("volume " + v + " is used by a VM of this host; stop the VM"
                            + " (a VM libvirt still knows is restored by its uuid, not by its volumes); nothing was"
                            + " changed", null, true);
                }
            }
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("cannot tell whether a VM uses " + volumes + ": " + e.getMessage()
                    + "; nothing was changed", e, true);
        }
    }

    private static void checkCancel(CancelToken cancel) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("restore cancelled before it changed anything", null, true, true);
        }
    }
}
