package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a standalone qcow2 file to a VM as a new virtio disk. A running VM gets it live and in
 * its persistent definition (so it survives a restart); a stopped VM in its definition only. The
 * target is the first virtio name (vdb, vdc, ...) that neither the live nor the persistent
 * definition uses, so the disk keeps its name across a restart.
 *
 * <p>Refused: a file with a backing file (the VM would depend on whatever it points at, e.g. a
 * backup on secondary storage), a file some process holds open (qemu-img info without -U takes
 * the lock), and a file the VM already uses.
 */
public final class DiskAttach {
    private static final Logger log = LoggerFactory.getLogger(DiskAttach.class);
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int XML_INACTIVE = 2;
    private final DiskEngine engine;

    DiskAttach(DiskEngine engine) {
        this.engine = engine;
    }

    /** The disk as attached: its target device and whether the running VM got it too. */
    public record Attached(String target, boolean live) {
    }

    public Attached attach(String vmName, Path file) {
        return attach(vmName, file, false);
    }

    /**
     * Attaches a quick-restore overlay (a qcow2 file backed by a backup on the store) to a running
     * VM, live and persistent; {@link QuickVolumeRestore} then pulls the backup's data into it. Only a
     * running VM may get one: a stopped VM would start on a disk that needs the store, with nobody
     * pulling.
     */
    Attached attachOverlay(String vmName, Path overlay) {
        return attach(vmName, overlay, true);
    }

    private Attached attach(String vmName, Path file, boolean overlay) {
        if (!file.isAbsolute() || !Files.isRegularFile(file)) {
            throw new DiskOperationException("cannot attach " + file + " to VM " + vmName
                    + ": it is not an absolute path of an existing file", null, true);
        }
        Path normal = file.toAbsolutePath().normalize();
        QemuImg.ImageInfo info;
        try {
            info = engine.qemuImg().info(normal, false);
        } catch (RuntimeException e) {
            throw new DiskOperationException("cannot attach " + file + " to VM " + vmName + ": qemu-img cannot open it"
                    + " (is another process using it?): " + e.getMessage(), e, true);
        }
        if (!"qcow2".equals(info.format()) || (info.hasBacking() && !overlay)) {
            throw new DiskOperationException("cannot attach " + file + " to VM " + vmName + ": only a standalone qcow2"
                    + " file can be attached, it is " + info.format()
                    + (info.hasBacking() ? " backed by " + info.backingFile() : ""), null, true);
        }
        boolean running = false;
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            running = domain.isActive() == 1;
            if (overlay && !running) {
                throw new DiskOperationException("VM " + vmName + " is not running: a disk that still reads through"
                        + " a backup is attached only to a running VM, which pulls the data in", null, true);
            }
            boolean persistent = domain.isPersistent() == 1;
            Set<String> used = new HashSet<>();
            Set<Path> files = new HashSet<>();
            for (DomainXml xml : definitions(domain, running, persistent)) {
                used.addAll(xml.targets());
                files.addAll(xml.files());
            }
            if (files.contains(normal)) {
                throw new DiskOperationException("VM " + vmName + " already uses " + file + "; nothing was attached",
                        null,
                        true);
            }
            String target = freeTarget(used);
            int flags = (running ? AFFECT_LIVE : 0) | (persistent ? AFFECT_CONFIG : 0);
            domain.attachDeviceFlags(diskXml(normal, target), flags);
            log.info("attached {} to VM {} as {} ({})", normal, vmName, target,
                    running ? (persistent ? "live and persistent" : "live only, the VM is transient") : "persistent");
            return new Attached(target, running);
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("attaching " + file + " to VM " + vmName + " failed: " + e.getMessage()
                    + (running
                            ? " (a running VM takes a new disk only if it can hot-plug one, e.g. with ACPI; a stopped VM"
                                    + " gets it in its definition: stop it and retry)"
                            : ""),
                    e, true);
        }
    }

    /**
     * Takes the disk that reads {@code file} out of the VM again: out of the running VM and out of
     * its persistent definition. A running VM releases a hot-plugged disk only once its guest lets go
     * of the device (libvirt waits a few seconds for that); this waits up to {@code unplugWait} more
     * and says whether the running VM still has it. The file itself is left to the caller.
     *
     * @return null when no definition names the file any more; otherwise what still names it
     */
    String detach(String vmName, Path file, Duration unplugWait) {
        Path normal = file.toAbsolutePath().normalize();
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            boolean running = domain.isActive() == 1;
            if (domain.isPersistent() == 1) {
                String target = targetOf(DomainXml.parse(domain.getXMLDesc(XML_INACTIVE)), normal);
                if (target != null) {
                    domain.detachDeviceFlags(diskXml(normal, target), AFFECT_CONFIG);
                }
            }
            if (running) {
                String target = targetOf(DomainXml.parse(domain.getXMLDesc(0)), normal);
                try {
                    if (target != null) {
                        domain.detachDeviceFlags(diskXml(normal, target), AFFECT_LIVE);
                    }
                } catch (LibvirtException e) {
                    if (domain.isActive() == 1) {
                        throw e;
                    } // stopped meanwhile: the VM holds nothing live any more
                }
                Instant until = engine.clock().instant().plus(unplugWait);
                // Its own token: the job's may be cancelled already (a cancel is why we detach), and a
                // cancelled token's pause returns at once.
                CancelToken pause = new CancelToken();
                while (domain.isActive() == 1 && targetOf(DomainXml.parse(domain.getXMLDesc(0)), normal) != null) {
                    if (!engine.clock().instant().isBefore(until)) {
                        return "the running VM still has the disk: its guest did not release the device within "
                                + unplugWait.toSeconds() + " s (it is gone from the VM's definition, so it goes at"
                                + " the VM's next stop)";
                    }
                    pause.pause(Duration.ofMillis(200));
                }
            }
            log.info("detached {} from VM {}", normal, vmName);
            return null;
        } catch (LibvirtException | LibvirtCallException e) {
            return "detaching it failed: " + e.getMessage();
        }
    }

    private static String targetOf(DomainXml xml, Path file) {
        return xml.disks().values().stream().filter(d -> file.equals(d.source())).map(VmDisk::target).findFirst()
                .orElse(null);
    }

    /**
     * Deletes a file that was meant for {@link #attach} after the attach failed, unless the VM (live
     * or persistent) reads it after all. Returns whether it was deleted.
     */
    public boolean removeUnattached(String vmName, Path file) {
        Path normal = file.toAbsolutePath().normalize();
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.connect().domainLookupByName(vmName);
            boolean running = domain.isActive() == 1;
            for (DomainXml xml : definitions(domain, running, domain.isPersistent() == 1)) {
                if (xml.files().contains(normal)) {
                    return false;
                }
            }
        } catch (LibvirtException | LibvirtCallException e) {
            // The VM is gone or libvirt cannot say: nothing of this VM can be reading the file.
            log.info("VM {} cannot be read ({}); removing the unattached file {}", vmName, e.getMessage(), normal);
        }
        try {
            return Files.deleteIfExists(normal);
        } catch (IOException e) {
            log.warn("could not remove the unattached file {}: {}", normal, e.toString());
            return false;
        }
    }

    private static java.util.List<DomainXml> definitions(Domain domain, boolean running, boolean persistent)
            throws LibvirtException {
        java.util.List<DomainXml> xmls = new java.util.ArrayList<>();
        if (running) {
            xmls.add(DomainXml.parse(domain.getXMLDesc(0)));
        }
        if (persistent) {
            xmls.add(DomainXml.parse(domain.getXMLDesc(XML_INACTIVE)));
        }
        return xmls;
    }

    /** vda is the root disk's name by convention; the first free of vdb..vdz is taken. */
    static String freeTarget(Set<String> used) {
        for (char c = 'b'; c <= 'z'; c++) {
            String name = "vd" + c;
            if (!used.contains(name)) {
                return name;
            }
        }
        throw new DiskOperationException("the VM has no free virtio disk name left (vdb..vdz are all in use); detach"
                + " a disk first", null, true);
    }

    private static String diskXml(Path file, String target) {
        return "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='"
                + escape(file.toString()) + "'/><target dev='" + target + "' bus='virtio'/></disk>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
