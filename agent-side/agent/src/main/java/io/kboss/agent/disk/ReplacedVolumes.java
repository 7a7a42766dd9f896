package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the volumes a quick restore set aside, once the VM no longer needs them. A quick restore
 * renames each volume it replaced to {@code <overlay>.replaced-volume}; only files of exactly that
 * name, for a disk the VM now reads from that overlay, are ever deleted here.
 *
 * <p>All of these must hold first, or nothing is deleted and the reason is returned: the VM runs;
 * in its live and its persistent definition each restored disk reads its overlay; each overlay has
 * no backing file (consolidation really ended); no domain on the host, running or defined, names
 * the set-aside file; and qemu-img can open it without -U (no process holds it). A failed check
 * keeps the files for an operator: they are the VM's pre-restore disks, the one thing a wrong
 * deletion could not give back.
 */
public final class ReplacedVolumes {
    private static final Logger log = LoggerFactory.getLogger(ReplacedVolumes.class);
    private static final String SUFFIX = ".replaced-volume";
    private static final int XML_INACTIVE = 2;
    private final DiskEngine engine;

    ReplacedVolumes(DiskEngine engine) {
        this.engine = engine;
    }

    /** The name a quick restore gives the volume that {@code overlay} replaced. */
    public static Path setAsideName(Path overlay) {
        return overlay.resolveSibling(overlay.getFileName() + SUFFIX);
    }

    /**
     * Whether the file in a set-aside volume's place is a restore's overlay: a qcow2 image with a
     * backing file. Read from its header, not by qemu-img, which may be what is missing when the agent
     * cleans up after a crash.
     */
    public static boolean isOverlay(Path volume) throws IOException {
        return Qcow2.hasBackingFile(volume);
    }

    /**
     * What the cleanup did.
     *
     * @param removed the set-aside files deleted
     * @param bytesFreed their allocated size on the host
     * @param keptReason why set-aside files were kept, null when none was
     */
    public record Cleanup(List<Path> removed, long bytesFreed, String keptReason) {
        public Cleanup {
            removed = List.copyOf(removed);
        }
    }

    /** Deletes the set-aside volumes of {@code disks} (the result of a consolidated quick restore). */
    public Cleanup removeAfterConsolidation(String vmName, List<QuickRestoreOutcome.Disk> disks) {
        List<QuickRestoreOutcome.Disk> candidates = disks.stream()
                .filter(d -> d.replaced() != null && d.replaced().equals(setAsideName(d.volume()))
                        && Files.isRegularFile(d.replaced()))
                .toList();
        if (candidates.isEmpty()) {
            return new Cleanup(List.of(), 0, disks.stream().anyMatch(d -> d.replaced() == null)
                    ? "no set-aside volume is known for some disks (see the agent log); nothing was deleted"
                    : null);
        }
        String refusal;
        try (Hypervisor hv = engine.hypervisor()) {
            refusal = refusal(hv, vmName, candidates);
        } catch (LibvirtException | LibvirtCallException e) {
            refusal = "libvirt could not confirm the VM runs on its restored disks: " + e.getMessage();
        }
        if (refusal != null) {
            log.warn("quick restore of VM {}: set-aside volumes kept: {}", vmName, refusal);
            return new Cleanup(List.of(), 0, refusal + "; the set-aside volumes (*" + SUFFIX + ") were kept, delete"
                    + " them by hand once the VM is known to be fine");
        }
        List<Path> removed = new ArrayList<>();
        long freed = 0;
        List<String> kept = new ArrayList<>();
        for (QuickRestoreOutcome.Disk d : candidates) {
            try {
                long size = engine.qemuImg().info(d.replaced(), false).actualSize();
                Files.delete(d.replaced());
                removed.add(d.replaced());
                freed += size;
                log.info("quick restore of VM {}: deleted set-aside volume {} ({} bytes)", vmName, d.replaced(), size);
            } catch (IOException | RuntimeException e) {
                kept.add(d.replaced() + " (" + e.getMessage() + ")");
            }
        }
        return new Cleanup(removed, freed, kept.isEmpty() ? null : "could not delete " + String.join(", ", kept));
    }

    private String refusal(Hypervisor hv, String vmName, List<QuickRestoreOutcome.Disk> disks)
            throws LibvirtException {
        Domain domain = hv.domain(vmName);
        if (domain.isActive() != 1) {
            return "VM " + vmName + " does not run";
        }
        Map<String, VmDisk> live = DomainXml.parse(domain.getXMLDesc(0)).disks();
        Map<String, VmDisk> persistent = DomainXml.parse(domain.getXMLDesc(XML_INACTIVE)).disks();
        for (QuickRestoreOutcome.Disk d : disks) {
            for (Map<String, VmDisk> def : List.of(live, persistent)) {
                VmDisk now = def.get(d.disk());
                if (now == null
                        || !now.source().toAbsolutePath().normalize().equals(d.volume().toAbsolutePath().normalize())) {
                    return "disk " + d.disk() + " of VM " + vmName + " does not read " + d.volume() + " any more";
                }
            }
            if (engine.qemuImg().info(d.volume(), true).hasBacking()) {
                return "disk " + d.disk() + " of VM " + vmName + " still has a backing file";
            }
        }
        Set<Path> named = namedByAnyDomain(hv.connect());
        for (QuickRestoreOutcome.Disk d : disks) {
            if (named.contains(d.replaced().toAbsolutePath().normalize())) {
                return d.replaced() + " is named by a domain on this host";
            }
        }
        return null;
    }

    /**
     * Every file any domain of the host names. Other domains come and go meanwhile (tests, other
     * tenants): one that vanished between listing and reading names nothing, every other error
     * counts as "cannot tell" and keeps the files.
     */
    static Set<Path> namedByAnyDomain(Connect c) throws LibvirtException {
        Set<Path> files = new HashSet<>();
        for (int id : c.listDomains()) {
            try {
                Domain d = c.domainLookupByID(id);
                files.addAll(DomainXml.parse(d.getXMLDesc(0)).files());
                if (d.isPersistent() == 1) {
                    files.addAll(DomainXml.parse(d.getXMLDesc(XML_INACTIVE)).files());
                }
            } catch (LibvirtException e) {
                rethrowUnlessGone(e);
            }
        }
        for (String name : c.listDefinedDomains()) {
            try {
                files.addAll(DomainXml.parse(c.domainLookupByName(name).getXMLDesc(XML_INACTIVE)).files());
            } catch (LibvirtException e) {
                rethrowUnlessGone(e);
            }
        }
        return files;
    }

    private static void rethrowUnlessGone(LibvirtException e) throws LibvirtException {
        if (e.getError() == null || e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
            throw e;
        }
    }
}
