package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.disk.domain.QuickRestoreOutcome.Status;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quick restore of a VM libvirt does not know, from the definition the server kept: a transient VM
 * that stopped (CloudStack runs its VMs as transient domains, which vanish from libvirt when they
 * stop).
 *
 * <p>Unlike {@link OverlayQuickRestore}, which gives each overlay a new name and points the VM's
 * definition at it, the overlay here takes the volume's own path and the volume is set aside
 * beside it ({@link ReplacedVolumes#setAsideName}): whoever starts the VM next from a definition
 * of their own (CloudStack, naming the volume) finds the restored disk where the volume was. The
 * overlay is qcow2, so only qcow2 volumes can be restored this way (a definition saying raw would
 * read the qcow2 file as a raw disk); a raw volume needs a full restore. The VM runs as a
 * transient domain from the given definition, with the restored disks as qcow2 and without a
 * recorded backing chain. Consolidation is {@link OverlayQuickRestore}'s block pull into the
 * overlay (not its mirror onto a new file, which would move the disk away from the volume's path);
 * the set-aside volumes go as there, through {@link ReplacedVolumes}.
 *
 * <p>Failure policy: until the VM runs, a failure deletes the overlays and puts every volume back
 * under its name (the caller journals each volume first, so a crash in between is undone at the
 * agent's next start); once it runs, the VM is the restore and only consolidation remains.
 */
final class InPlaceQuickRestore {
    private static final Logger log = LoggerFactory.getLogger(InPlaceQuickRestore.class);
    private final DiskEngine engine;

    InPlaceQuickRestore(DiskEngine engine) {
        this.engine = engine;
    }

    /** A disk being restored: its volume and where the volume went meanwhile (null: there was none). */
    private record Placed(String disk, Path volume, Path aside) {
    }

    QuickRestoreOutcome restore(String domainXml, Map<String, Path> newestBackupByDisk, QuickRestoreListener listener,
            CancelToken cancel) {
        Clock clock = engine.clock();
        Instant start = clock.instant();
        DomainXml xml = DomainXml.parse(domainXml);
        String name = xml.name();
        try (Hypervisor hv = engine.hypervisor()) {
            requireUnknown(hv, xml);
            Map<String, VmDisk> disks = xml.disks();
            for (Map.Entry<String, Path> e : newestBackupByDisk.entrySet()) {
                VmDisk disk = disks.get(e.getKey());
                if (disk == null) {
                    throw new DiskOperationException("the definition of VM " + name + " has no file disk "
                            + e.getKey() + " (it has " + disks.keySet() + ")", null, true);
                }
                if (!"qcow2".equals(disk.format())) {
                    throw new DiskOperationException("disk " + e.getKey() + " of VM " + name + " is " + disk.format()
                            + "; a quick restore of a VM libvirt does not know puts a qcow2 overlay where the volume"
                            + " is, which a " + disk.format() + " definition would misread: use a full restore",
                            null, true);
                }
                if (!Files.isRegularFile(e.getValue())) {
                    throw new DiskOperationException("backup file " + e.getValue() + " does not exist; is the store"
                            + " mounted?", null, true);
                }
                if (Files.exists(ReplacedVolumes.setAsideName(disk.source()))) {
                    throw new DiskOperationException(ReplacedVolumes.setAsideName(disk.source()) + " exists, left"
                            + " by an earlier quick restore of this VM: delete it or put it back before restoring"
                            + " again", null, true);
                }
            }
            requireUnused(hv, newestBackupByDisk.keySet().stream().map(d -> disks.get(d).source()).toList());
            List<Placed> placed = new ArrayList<>();
            Domain domain;
            try {
                for (Map.Entry<String, Path> e : newestBackupByDisk.entrySet()) {
                    checkCancel(cancel);
                    Path volume = disks.get(e.getKey()).source();
                    Path backup = e.getValue().toAbsolutePath().normalize();
                    long size = Qcow2.header(backup).virtualSize();
                    Path aside = null;
                    if (Files.exists(volume)) {
                        aside = ReplacedVolumes.setAsideName(volume);
                        Files.move(volume, aside, StandardCopyOption.ATOMIC_MOVE);
                    }
                    placed.add(new Placed(e.getKey(), volume, aside));
                    Qcow2.createEmpty(volume, size, backup.toString());
                    xml.switchDisk(e.getKey(), volume);
                }
                checkCancel(cancel);
                domain = hv.connect().domainCreateXML(xml.toXml(), 0);
            } catch (IOException | LibvirtException | RuntimeException e) {
                String rollBack = putBack(placed);
                if (e instanceof DiskOperationException d && d.cancelled() && rollBack == null) {
                    throw d;
                }
                throw new DiskOperationException("quick restore of VM " + name + " failed before the VM ran: "
                        + e.getMessage() + (rollBack == null ? "; its volumes were put back" : "; " + rollBack), e,
                        rollBack == null, cancel.isCancelled());
            }
            Duration toRunning = Duration.between(start, clock.instant());
            log.info("quick restore of VM {} (not known to libvirt): running on overlays in place after {} ms", name,
                    toRunning.toMillis());
            listener.vmStarted();
            List<QuickRestoreOutcome.Disk> restored = placed.stream()
                    .map(p -> new QuickRestoreOutcome.Disk(p.disk(), p.volume(), p.aside())).toList();
            Status status = new OverlayQuickRestore(engine).consolidateInPlace(hv, domain, name, restored, listener,
                    cancel);
            return new QuickRestoreOutcome(status, restored, toRunning, Duration.between(start, clock.instant()));
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("quick restore of VM " + name + " failed: " + e.getMessage(), e, true);
        }
    }

    /**
     * Starts the VM again from {@code domainXml} (its restored disks as qcow2) when libvirt does not
     * know it, and finishes the consolidation of its disks that still read through a backup.
     */
    QuickRestoreOutcome resume(String domainXml, QuickRestoreListener listener, CancelToken cancel) {
        DomainXml xml = DomainXml.parse(domainXml);
        try (Hypervisor hv = engine.hypervisor()) {
            if (!known(hv, xml)) {
                for (VmDisk disk : xml.disks().values()) {
                    if (Files.isRegularFile(disk.source()) && Qcow2.header(disk.source()).backingFile() != null) {
                        xml.switchDisk(disk.target(), disk.source());
                    }
                }
                hv.connect().domainCreateXML(xml.toXml(), 0).free();
            }
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("VM " + xml.name() + " could not be started from its definition to resume"
                    + " its consolidation: " + e.getMessage(), e, true);
        }
        return new OverlayQuickRestore(engine).resumeConsolidation(xml.name(), listener, cancel);
    }

    private static boolean known(Hypervisor hv, DomainXml xml) {
        try {
            hv.connect().domainLookupByUUIDString(xml.uuid()).free();
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static void requireUnknown(Hypervisor hv, DomainXml xml) {
        if (xml.uuid() == null || xml.name() == null) {
            throw new IllegalArgumentException("the VM's definition needs its <name> and <uuid>");
        }
        if (known(hv, xml)) {
            throw new DiskOperationException("VM " + xml.name() + " (" + xml.uuid() + ") is known to libvirt: quick"
                    + " restore it without a definition", null, true);
        }
    }

    private static void requireUnused(Hypervisor hv, List<Path> volumes) throws LibvirtCallException {
        Set<Path> named;
        try {
            named = ReplacedVolumes.namedByAnyDomain(hv.connect());
        } catch (LibvirtException e) {
            throw new DiskOperationException("cannot tell whether a VM uses " + volumes + ": " + e.getMessage(), e,
                    true);
        }
        for (Path v : volumes) {
            if (named.contains(v.toAbsolutePath().normalize())) {
                throw new DiskOperationException("volume " + v + " is used by another VM of this host; nothing was"
                        + " changed", null, true);
            }
        }
    }

    /** Deletes the overlays and renames the volumes back; returns what could not be done, or null. */
    private static String putBack(List<Placed> placed) {
        List<String> problems = new ArrayList<>();
        for (Placed p : placed) {
            try {
                if (p.aside() != null) {
                    Files.move(p.aside(), p.volume(), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(p.volume());
                }
            } catch (IOException e) {
                problems.add(p.volume() + " (set aside as " + p.aside() + "): " + e);
            }
        }
        return problems.isEmpty() ? null : "COULD NOT put back " + String.join(", ", problems);
    }

    private static void checkCancel(CancelToken cancel) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("quick restore cancelled before the VM ran", null, true, true);
        }
    }
}
