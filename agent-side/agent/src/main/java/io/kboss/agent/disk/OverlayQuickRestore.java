package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome.Status;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
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
import org.libvirt.Domain;
import org.libvirt.DomainBlockJobInfo;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUlongParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QuickRestores} with qcow2 overlays, consolidated by a mirror onto the restored volume.
 *
 * <p>Each restored disk gets two files beside its former volume: the overlay
 * {@code <volume>-restored-<backup>.overlay.qcow2}, backed by the backup chain, which the VM starts
 * on; and the restored volume {@code <volume>-restored-<backup>.qcow2}, standalone, which a libvirt
 * block copy (QEMU's mirror, guest writes copied synchronously) fills while the VM runs and which
 * the VM then pivots to. The overlay is deleted after the pivot. Why a mirror and not block pull
 * into the overlay: the pull copies one request at a time through copy-on-read and took 3.6 times a
 * full restore on the benchmark's 16 GiB disk (docs/BENCHMARKS.md, issue 14); the mirror keeps many
 * requests in flight and writes a fresh file. The guest's disk is consistent at every moment: until
 * the pivot it reads the overlay, after it the volume, and the pivot happens only once the two are
 * in step.
 *
 * <p>Block pull into the overlay remains for overlays that must keep their name: those of
 * {@link InPlaceQuickRestore} (a VM libvirt no longer knows, whose overlay sits at the volume's
 * own path where CloudStack looks for it) and those named the old way (the restored volume's own
 * name, by an agent before the mirror). Pulls run one at a time: QEMU 7.2 (Debian 12) crashed
 * when two block-stream jobs started within moments of each other in one VM ({@code virsh
 * "blockpull D vda; blockpull D vdb"} killed the VM with a segfault in 2 of 3 tries, one after the
 * other in none of 4). Mirrors of several disks run at once (two started together survived 5 of 5
 * tries here, pivots included).
 */
final class OverlayQuickRestore implements QuickRestores {
    private static final Logger log = LoggerFactory.getLogger(OverlayQuickRestore.class);
    private static final int XML_INACTIVE = 2;
    static final String OVERLAY_SUFFIX = ".overlay.qcow2";
    private static final int BLOCK_COPY_REUSE_EXT = 1 << 1;
    private static final int BLOCK_COPY_TRANSIENT_JOB = 1 << 2;
    private static final int BLOCK_COPY_SYNCHRONOUS_WRITES = 1 << 3;
    private static final int BLOCK_JOB_ABORT_PIVOT = 1 << 1;
    private final DiskEngine engine;

    OverlayQuickRestore(DiskEngine engine) {
        this.engine = engine;
    }

    /**
     * The volume a disk that reads {@code current} ends on when restored from {@code backup}: beside
     * it, {@code <base>-restored-<backup>.qcow2}, where the base is the volume's name without the
     * {@code -restored-...} of earlier quick restores, so a name does not grow restore after
     * restore. When that volume, its overlay or its set-aside file exists (the same backup restored
     * again, the disk reading that very file), {@code -2}, {@code -3}... is added: a restore never
     * writes over a file it did not make.
     */
    static Path volumeFor(Path current, Path backup) {
        String base = current.getFileName().toString().replaceFirst("\\.qcow2$|\\.raw$|\\.img$", "")
                .replaceFirst("-restored-.*$", "");
        String name = base + "-restored-" + backup.getFileName().toString().replaceFirst("\\.qcow2$", "");
        Path volume = current.resolveSibling(name + ".qcow2");
        for (int n = 2; Files.exists(volume) || Files.exists(overlayOf(volume))
                || Files.exists(ReplacedVolumes.setAsideName(volume)); n++) {
            volume = current.resolveSibling(name + "-" + n + ".qcow2");
        }
        return volume;
    }

    /** The overlay the VM runs on until it pivots to {@code restoredVolume}. */
    static Path overlayOf(Path restoredVolume) {
        String base = restoredVolume.getFileName().toString().replaceFirst("\\.qcow2$", "");
        return restoredVolume.resolveSibling(base + OVERLAY_SUFFIX);
    }

    /** The restored volume an overlay of ours is consolidated into; null for any other file. */
    static Path volumeOf(Path overlay) {
        String name = overlay.getFileName().toString();
        return name.endsWith(OVERLAY_SUFFIX)
                ? overlay.resolveSibling(name.substring(0, name.length() - OVERLAY_SUFFIX.length()) + ".qcow2")
                : null;
    }

    @Override
    public QuickRestoreOutcome quickRestore(String vmName, Map<String, Path> newestBackupByDisk,
            QuickRestoreListener listener, CancelToken cancel) {
        Clock clock = engine.clock();
        Instant start = clock.instant();
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            if (domain.isActive() == 1) {
                throw new DiskOperationException("VM " + vmName + " is running; stop it before a quick restore", null,
                        true);
            }
            String originalXml = domain.getXMLDesc(XML_INACTIVE);
            DomainXml xml = DomainXml.parse(originalXml);
            Map<String, VmDisk> disks = xml.disks();
            List<QuickRestoreOutcome.Disk> restored = new ArrayList<>();
            try {
                for (Map.Entry<String, Path> e : newestBackupByDisk.entrySet()) {
                    VmDisk disk = disks.get(e.getKey());
                    if (disk == null) {
                        throw new DiskOperationException("VM " + vmName + " has no disk " + e.getKey(), null, true);
                    }
                    Path backup = e.getValue().toAbsolutePath().normalize();
                    if (!Files.isRegularFile(backup)) {
                        throw new DiskOperationException(
                                "backup file " + backup + " does not exist; is the store mounted?", null, true);
                    }
                    Path volume = volumeFor(disk.source(), backup);
                    Path overlay = overlayOf(volume);
                    // Written in Java: the header is all an overlay is, and a qemu-img start would be
                    // most of the time until the VM runs.
                    Qcow2.createEmpty(overlay, Qcow2.header(backup).virtualSize(), backup.toString());
                    restored.add(new QuickRestoreOutcome.Disk(e.getKey(), volume, disk.source()));
                    xml.switchDisk(e.getKey(), overlay);
                }
                new LocalChainMaintenance(engine).dropAll(domain, vmName);
                hv.connect().domainDefineXML(xml.toXml()).free();
                domain.create();
            } catch (LibvirtException | RuntimeException e) {
                rollBack(hv, originalXml, restored);
                throw new DiskOperationException("quick restore of VM " + vmName + " failed before the VM ran: "
                        + e.getMessage() + "; its disks were left as before", e, true);
            }
            Duration toRunning = Duration.between(start, clock.instant());
            log.info("quick restore of VM {}: running on overlays after {} ms", vmName, toRunning.toMillis());
            listener.vmStarted();
            restored = setAside(vmName, restored);
            List<Consolidation> work = new ArrayList<>();
            for (QuickRestoreOutcome.Disk d : restored) {
                work.add(new Consolidation(d.disk(), overlayOf(d.volume()), d.volume()));
            }
            Status status = consolidate(hv, domain, vmName, work, listener, cancel);
            log.info("quick restore of VM {}: {} after {} ms", vmName, status,
                    Duration.between(start, clock.instant()).toMillis());
            return new QuickRestoreOutcome(status, restored, toRunning, Duration.between(start, clock.instant()));
        } catch (LibvirtException e) {
            throw new DiskOperationException("quick restore of VM " + vmName + " failed: " + e.getMessage(), e, true);
        }
    }

    /**
     * Renames each replaced volume to {@link ReplacedVolumes#setAsideName} of its overlay. From now on
     * no definition of the VM names it, so the rename changes nothing for the VM; what it gives is a
     * record on disk of exactly which file this restore displaced, which the cleanup after
     * consolidation (also after a resumed one, or an agent restart) deletes and nothing else. A file
     * that cannot be renamed is left as it was and never deleted.
     */
    private static List<QuickRestoreOutcome.Disk> setAside(String vmName, List<QuickRestoreOutcome.Disk> restored) {
        List<QuickRestoreOutcome.Disk> out = new ArrayList<>();
        for (QuickRestoreOutcome.Disk d : restored) {
            Path aside = ReplacedVolumes.setAsideName(d.volume());
            try {
                Files.move(d.replaced(), aside);
                out.add(new QuickRestoreOutcome.Disk(d.disk(), d.volume(), aside));
            } catch (IOException e) {
                log.warn("quick restore of VM {}: replaced volume {} could not be set aside as {} ({}); it stays and is"
                        + " not deleted", vmName, d.replaced(), aside, e.toString());
                out.add(new QuickRestoreOutcome.Disk(d.disk(), d.volume(), null));
            }
        }
        return out;
    }

    private void rollBack(Hypervisor hv, String originalXml, List<QuickRestoreOutcome.Disk> restored) {
        try {
            hv.connect().domainDefineXML(originalXml).free();
        } catch (LibvirtException e) {
            throw new DiskOperationException("quick restore failed and the VM's original definition could not"
                    + " be put back: " + e.getMessage(), e, false);
        }
        for (QuickRestoreOutcome.Disk d : restored) {
            try {
                Files.deleteIfExists(overlayOf(d.volume()));
            } catch (IOException e) {
                throw new DiskOperationException("quick restore failed and overlay " + overlayOf(d.volume())
                        + " could not be removed: " + e, e, true);
            }
        }
    }

    @Override
    public QuickRestoreOutcome resumeConsolidation(String vmName, QuickRestoreListener listener, CancelToken cancel) {
        Clock clock = engine.clock();
        Instant start = clock.instant();
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            Duration toRunning = Duration.ZERO;
            if (domain.isActive() != 1) {
                domain.create();
                toRunning = Duration.between(start, clock.instant());
            }
            listener.vmStarted();
            // Pending: the disks that still read through a backup. Reported: those too, and any disk whose
            // consolidation had ended but whose set-aside volume was not deleted yet (the agent stopped in between).
            List<Consolidation> pending = new ArrayList<>();
            List<QuickRestoreOutcome.Disk> reported = new ArrayList<>();
            for (VmDisk disk : DomainXml.parse(domain.getXMLDesc(0)).disks().values()) {
                if (!"qcow2".equals(disk.format())) {
                    continue;
                }
                Path volume = volumeOf(disk.source());
                Path finalVolume = volume == null ? disk.source() : volume;
                Path aside = ReplacedVolumes.setAsideName(finalVolume);
                QuickRestoreOutcome.Disk d = new QuickRestoreOutcome.Disk(disk.target(), finalVolume,
                        Files.exists(aside) ? aside : null);
                if (Qcow2.header(disk.source()).backingFile() != null) {
                    pending.add(new Consolidation(disk.target(), disk.source(), volume));
                    reported.add(d);
                } else if (d.replaced() != null) {
                    reported.add(d);
                }
            }
            Status status = consolidate(hv, domain, vmName, pending, listener, cancel);
            return new QuickRestoreOutcome(status, reported, toRunning, Duration.between(start, clock.instant()));
        } catch (LibvirtException e) {
            throw new DiskOperationException("resuming consolidation of VM " + vmName + " failed: " + e.getMessage(), e,
                    true);
        }
    }

    /**
     * One disk to consolidate: the VM reads {@code overlay}; {@code volume} is the standalone file it
     * pivots to, or null to pull the chain into the overlay itself (an overlay that keeps its name).
     */
    private record Consolidation(String disk, Path overlay, Path volume) {
        boolean mirrored() {
            return volume != null;
        }

        Path result() {
            return mirrored() ? volume : overlay;
        }

        /** Whether this disk's job may start while {@code running} ones are on: pulls never beside a pull. */
        boolean mayStartBeside(List<Consolidation> running) {
            return mirrored() || running.stream().allMatch(Consolidation::mirrored);
        }
    }

    /**
     * Consolidates disks whose overlay is the volume itself and must stay at its path (those of
     * {@link InPlaceQuickRestore} and of a quick {@link NewVmFromBackup}): by block pull into the
     * overlay, one disk after the other.
     */
    Status consolidateInPlace(Hypervisor hv, Domain d, String vmName, List<QuickRestoreOutcome.Disk> disks,
            QuickRestoreListener listener, CancelToken cancel) throws LibvirtException {
        return consolidate(hv, d, vmName,
                disks.stream().map(disk -> new Consolidation(disk.disk(), disk.volume(), null)).toList(), listener,
                cancel);
    }

    /**
     * Consolidates the disks and waits: mirrors all at once, pulls one after the other (see the
     * class comment). Returns VM_STOPPED as soon as the VM is seen shut off and CANCELLED on cancel:
     * the unfinished disks' jobs are then gone (a mirror is started as a transient job), the VM's
     * definitions still name their overlays, their half-written volumes are deleted, and
     * consolidation can be started again. A disk that pivoted already keeps its volume.
     */
    private Status consolidate(Hypervisor hv, Domain d, String vmName, List<Consolidation> disks,
            QuickRestoreListener listener, CancelToken cancel) throws LibvirtException {
        List<Consolidation> waiting = new ArrayList<>(disks);
        List<Consolidation> running = new ArrayList<>();
        try {
            Map<String, long[]> progress = new LinkedHashMap<>();
            while (!waiting.isEmpty() || !running.isEmpty()) {
                if (d.isActive() != 1) {
                    return stopped(unfinished(waiting, running), Status.VM_STOPPED);
                }
                while (!waiting.isEmpty() && waiting.get(0).mayStartBeside(running)) {
                    Consolidation disk = waiting.remove(0);
                    running.add(disk);
                    try {
                        start(hv, d, disk);
                    } catch (LibvirtException | LibvirtCallException e) {
                        if (d.isActive() != 1) {
                            return stopped(unfinished(waiting, running), Status.VM_STOPPED);
                        }
                        throw new DiskOperationException((disk.mirrored() ? "block copy" : "block pull")
                                + " of disk " + disk.disk() + " of VM " + vmName + " did not start: "
                                + e.getMessage() + "; the VM runs on its overlays, retry with resumeConsolidation",
                                e, true);
                    }
                }
                for (Consolidation disk : List.copyOf(running)) {
                    DomainBlockJobInfo info = d.getBlockJobInfo(disk.disk(), 0);
                    boolean active = info.end > 0 && !(info.type == 0 && info.cur == 0);
                    if (active) {
                        progress.put(disk.disk(), new long[]{info.cur, info.end});
                    }
                    if (disk.mirrored() ? active && info.cur == info.end && pivoted(d, disk) : !active) {
                        running.remove(disk);
                        progress.computeIfPresent(disk.disk(), (k, p) -> new long[]{p[1], p[1]});
                    }
                }
                listener.progress(progress.values().stream().mapToLong(p -> p[0]).sum(),
                        progress.values().stream().mapToLong(p -> p[1]).sum());
                if (waiting.isEmpty() && running.isEmpty()) {
                    break;
                }
                if (cancel.isCancelled()) {
                    for (Consolidation disk : running) {
                        try {
                            d.blockJobAbort(disk.disk(), 0);
                        } catch (LibvirtException e) {
                            // fails only when this disk's job just ended; either way the state stays resumable
                        }
                    }
                    return stopped(unfinished(waiting, running), Status.CANCELLED);
                }
                if (running.isEmpty()) {
                    continue; // the next pull starts at once
                }
                cancel.pause(RunningVmBackup.POLL);
            }
        } catch (LibvirtException | RuntimeException e) {
            if (d.isActive() != 1) {
                return stopped(unfinished(waiting, running), Status.VM_STOPPED);
            }
            throw e;
        }
        return finish(hv, d, vmName, disks);
    }

    private static List<Consolidation> unfinished(List<Consolidation> waiting, List<Consolidation> running) {
        List<Consolidation> all = new ArrayList<>(running);
        all.addAll(waiting);
        return all;
    }

    private void start(Hypervisor hv, Domain d, Consolidation disk) throws LibvirtException {
        if (!disk.mirrored()) {
            hv.blockPull(d, disk.disk());
            return;
        }
        try {
            Files.deleteIfExists(disk.volume());
        } catch (IOException e) {
            throw new DiskOperationException("cannot replace the half-written volume " + disk.volume() + ": " + e, e,
                    true);
        }
        Qcow2.createEmpty(disk.volume(), Qcow2.header(disk.overlay()).virtualSize(), null);
        String dest = "<disk type='file'><source file='" + BackupXml.escape(disk.volume().toString())
                + "'/><driver type='qcow2'/></disk>";
        // Transient: a mirror libvirt would recover after a VM restart has nothing to pivot to then.
        // Synchronous writes: a busy guest cannot outrun the copy, so the pivot always comes.
        d.blockCopy(disk.disk(), dest, new TypedParameter[]{new TypedUlongParameter("bandwidth", 0)},
                BLOCK_COPY_REUSE_EXT | BLOCK_COPY_TRANSIENT_JOB | BLOCK_COPY_SYNCHRONOUS_WRITES);
    }

    /** Switches the disk to its volume once the mirror is in step; false while libvirt says it is not yet. */
    private static boolean pivoted(Domain d, Consolidation disk) throws LibvirtException {
        try {
            d.blockJobAbort(disk.disk(), BLOCK_JOB_ABORT_PIVOT);
            return true;
        } catch (LibvirtException e) {
            if (e.getError() != null
                    && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_BLOCK_COPY_ACTIVE) {
                return false; // not ready for the pivot yet: the copy is still catching up
            }
            throw e;
        }
    }

    /** Deletes the half-written volumes of a consolidation that did not end; the VM keeps its overlays. */
    private static Status stopped(List<Consolidation> disks, Status status) {
        for (Consolidation disk : disks) {
            if (disk.mirrored()) {
                try {
                    Files.deleteIfExists(disk.volume());
                } catch (IOException e) {
                    log.warn("half-written volume {} could not be deleted ({}); the next consolidation replaces it",
                            disk.volume(), e.toString());
                }
            }
        }
        return status;
    }

    /**
     * After every copy ended: each disk must read its standalone result in the live and the
     * persistent definition (libvirt updates both at the pivot; a persistent one still naming the
     * overlay is corrected), and only then are the overlays, which nothing reads any more, deleted.
     */
    private Status finish(Hypervisor hv, Domain d, String vmName, List<Consolidation> disks) throws LibvirtException {
        Map<String, VmDisk> live = DomainXml.parse(d.getXMLDesc(0)).disks();
        DomainXml persistent = DomainXml.parse(d.getXMLDesc(XML_INACTIVE));
        boolean redefine = false;
        for (Consolidation disk : disks) {
            VmDisk now = live.get(disk.disk());
            if (now == null || !now.source().equals(disk.result())
                    || Qcow2.header(disk.result()).backingFile() != null) {
                if (d.isActive() != 1) {
                    return Status.VM_STOPPED; // every copy ended: nothing half-written to delete
                }
                throw new DiskOperationException("consolidation of disk " + disk.disk() + " of VM " + vmName
                        + " ended but the VM reads " + (now == null ? "no file" : now.source()) + " instead of the"
                        + " standalone " + disk.result() + "; run resumeConsolidation", null, true);
            }
            VmDisk defined = persistent.disks().get(disk.disk());
            if (defined != null && !defined.source().equals(disk.result())) {
                persistent.switchDisk(disk.disk(), disk.result());
                redefine = true;
            }
        }
        if (redefine) {
            hv.connect().domainDefineXML(persistent.toXml()).free();
        }
        List<Path> pulled = disks.stream().filter(disk -> !disk.mirrored()).map(Consolidation::result).toList();
        if (!pulled.isEmpty()) {
            PulledImages.persist(d, vmName, pulled); // a mirror flushes its target before the pivot; a pull does not
        }
        for (Consolidation disk : disks) {
            if (disk.mirrored()) {
                try {
                    Files.deleteIfExists(disk.overlay());
                } catch (IOException e) {
                    log.warn("overlay {} is no longer used by VM {} but could not be deleted: {}", disk.overlay(),
                            vmName,
                            e.toString());
                }
            }
        }
        return Status.CONSOLIDATED;
    }
}
