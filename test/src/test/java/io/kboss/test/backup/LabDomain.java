package io.kboss.test.backup;

import io.kboss.agent.vm.LibvirtConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A tiny TCG domain with one qcow2 disk and no OS: it sits in SeaBIOS, which is all a backup
 * needs. It has ACPI, as cloud VMs do: without it QEMU cannot hot-plug a disk into it. Guest writes go through QEMU's own block layer (qemu-io over the HMP monitor), so they
 * mark the dirty bitmaps as a guest's writes would.
 */
final class LabDomain {
    final String name;
    final String libvirtUuid;
    final Path disk;
    final long virtualSize;

    private LabDomain(String name, String libvirtUuid, Path disk, long virtualSize) {
        this.name = name;
        this.libvirtUuid = libvirtUuid;
        this.disk = disk;
        this.virtualSize = virtualSize;
    }

    static LabDomain start(LibvirtConnection libvirt, Path folder, String size, long virtualSize) throws Exception {
        return start(libvirt, folder, size, virtualSize, null);
    }

    /** @param prefill how much data to write before the VM starts (e.g. "1536M"), or null */
    static LabDomain start(LibvirtConnection libvirt, Path folder, String size, long virtualSize, String prefill)
            throws Exception {
        return start(libvirt, folder, size, virtualSize, prefill, "kbt-orch-");
    }

    /** @param namePrefix the libvirt name's prefix, so tests sharing one libvirtd never touch each other's domains */
    static LabDomain start(LibvirtConnection libvirt, Path folder, String size, long virtualSize, String prefill,
            String namePrefix) throws Exception {
        String name = namePrefix + UUID.randomUUID().toString().substring(0, 8);
        Path disk = folder.resolve(name + ".qcow2");
        Programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), size), 60);
        if (prefill != null) {
            Programs.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 " + prefill, disk.toString()), 300);
        }
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features><devices><disk type='file' device='disk'>"
                + "<driver name='qemu' type='qcow2'/><source file='" + disk + "'/><target dev='vda' bus='virtio'/>"
                + "</disk></devices></domain>";
        String uuid = libvirt.withConnection(c -> {
            org.libvirt.Domain d = c.domainDefineXML(xml);
            d.create();
            return d.getUUIDString();
        });
        return new LabDomain(name, uuid, disk, virtualSize);
    }

    /** Writes a byte pattern into the running guest's disk through QEMU. */
    void write(int pattern, String offset, String length) throws Exception {
        Programs.run(List.of("virsh", "-c", "qemu:///system", "qemu-monitor-command", name, "--hmp",
                "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"write -P 0x"
                        + Integer.toHexString(pattern) + " " + offset + " " + length + "\""),
                60);
    }

    void destroy(LibvirtConnection libvirt) throws Exception {
        libvirt.withConnection(c -> {
            org.libvirt.Domain d = c.domainLookupByUUIDString(libvirtUuid);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(1 << 4); // also its checkpoint metadata
            return null;
        });
    }
}
