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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link QuickRestores} with qcow2 overlays and libvirt block pull. */
final class OverlayQuickRestore implements QuickRestores {
    private static final Logger log = LoggerFactory.getLogger(OverlayQuickRestore.class);
    private static final int XML_INACTIVE = 2;
    private final DiskEngine engine;

    OverlayQuickRestore(DiskEngine engine) {
        this.engine = engine;
    }

    /** Overlay name for a disk restored from {@code backup}: beside the volume, named after both. */
    static Path overlayFor(Path volume, Path backup) {
        String base = volume.getFileName().toString().replaceFirst("\\.qcow2$|\\.raw$|\\.img$", "");
        String from = backup.getFileName().toString().replaceFirst("\\.qcow2$", "");
        return volume.resolveSibling(base + "-restored-" + from + ".qcow2");
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
                    Path overlay = overlayFor(disk.source(), backup);
                    Files.deleteIfExists(overlay);
                    engine.qemuImg().createOverlay(overlay, backup.toString(),
                            engine.qemuImg().info(backup, false).virtualSize());
                    restored.add(new QuickRestoreOutcome.Disk(e.getKey(), overlay, disk.source()));
                    xml.switchDisk(e.getKey(), overlay);
                }
                new LocalChainMaintenance(engine).dropAll(domain, vmName);
                hv.connect().domainDefineXML(xml.toXml()).free();
                domain.create();
            } catch (IOException | LibvirtException | RuntimeException e) {
                rollBack(hv, originalXml, restored);
                throw new DiskOperationException("quick restore of VM " + vmName + " failed before the VM ran: "
                        + e.getMessage() + "; its disks were left as before", e, true);
            }
            Duration toRunning = Duration.between(start, clock.instant());
            log.info("quick restore of VM {}: running on overlays after {} ms", vmName, toRunning.toMillis());
            listener.vmStarted();
            restored = setAside(vmName, restored);
            Status status = consolidate(hv, domain, vmName, restored, listener, cancel);
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
                Files.deleteIfExists(d.volume());
            } catch (IOException e) {
                throw new DiskOperationException("quick restore failed and overlay " + d.volume()
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
            // Pulled: the disks that still read through a backup. Reported: those too, and any disk whose
            // pull had ended but whose set-aside volume was not deleted yet (the agent stopped in between).
            List<QuickRestoreOutcome.Disk> pending = new ArrayList<>();
            List<QuickRestoreOutcome.Disk> reported = new ArrayList<>();
            for (VmDisk disk : DomainXml.parse(domain.getXMLDesc(0)).disks().values()) {
                if (!"qcow2".equals(disk.format())) {
                    continue;
                }
                Path aside = ReplacedVolumes.setAsideName(disk.source());
                QuickRestoreOutcome.Disk d = new QuickRestoreOutcome.Disk(disk.target(), disk.source(),
                        Files.exists(aside) ? aside : null);
                if (engine.qemuImg().info(disk.source(), true).hasBacking()) {
                    pending.add(d);
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
     * Pulls every disk's chain into its overlay, all disks at once, and waits. Returns VM_STOPPED
     * as soon as the VM is seen shut off; the pull is then simply lost and can be started again.
     */
    private Status consolidate(Hypervisor hv, Domain d, String vmName, List<QuickRestoreOutcome.Disk> disks,
            QuickRestoreListener listener, CancelToken cancel) throws LibvirtException {
        for (QuickRestoreOutcome.Disk disk : disks) {
            if (d.isActive() != 1) {
                return Status.VM_STOPPED;
            }
            try {
                hv.blockPull(d, disk.disk());
            } catch (LibvirtCallException e) {
                if (d.isActive() != 1) {
                    return Status.VM_STOPPED;
                }
                throw new DiskOperationException("block pull of disk " + disk.disk() + " of VM " + vmName
                        + " did not start: " + e.getMessage() + "; the VM runs on its overlays, retry with"
                        + " resumeConsolidation", e, true);
            }
        }
        Map<String, long[]> progress = new LinkedHashMap<>();
        while (true) {
            if (d.isActive() != 1) {
                return Status.VM_STOPPED;
            }
            boolean running = false;
            for (QuickRestoreOutcome.Disk disk : disks) {
                DomainBlockJobInfo info = d.getBlockJobInfo(disk.disk(), 0);
                if (info.end > 0 && !(info.type == 0 && info.cur == 0)) {
                    running = true;
                    progress.put(disk.disk(), new long[]{info.cur, info.end});
                } else if (progress.containsKey(disk.disk())) {
                    long[] p = progress.get(disk.disk());
                    p[0] = p[1];
                }
            }
            listener.progress(progress.values().stream().mapToLong(p -> p[0]).sum(),
                    progress.values().stream().mapToLong(p -> p[1]).sum());
            if (!running) {
                break;
            }
            if (cancel.isCancelled()) {
                for (QuickRestoreOutcome.Disk disk : disks) {
                    try {
                        d.blockJobAbort(disk.disk(), 0);
                    } catch (LibvirtException e) {
                        // fails only when this disk's pull just ended; either way the state stays resumable
                    }
                }
                return Status.CANCELLED;
            }
            cancel.pause(RunningVmBackup.POLL);
        }
        for (QuickRestoreOutcome.Disk disk : disks) {
            if (engine.qemuImg().info(disk.volume(), true).hasBacking()) {
                if (d.isActive() != 1) {
                    return Status.VM_STOPPED;
                }
                throw new DiskOperationException("block pull of disk " + disk.disk() + " of VM " + vmName
                        + " ended but " + disk.volume() + " still has a backing file; run resumeConsolidation", null,
                        true);
            }
        }
        return Status.CONSOLIDATED;
    }
}
