package io.kboss.test.host;

import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.libvirt.Domain;

/**
 * A defined (not started) TCG domain named {@code kbt-host-*} with a 64 MiB qcow2 root disk, a 32 MiB
 * raw data disk and an empty CD-ROM. It needs no guest OS: discovery only reads its definition.
 */
final class TinyVm implements AutoCloseable {
    final String name = "kbt-host-" + UUID.randomUUID().toString().substring(0, 8);
    final Path dir;
    final Path root;
    final Path data;
    final String uuid;
    private final LibvirtConnection libvirt;

    TinyVm(LibvirtConnection libvirt) throws Exception {
        this.libvirt = libvirt;
        dir = Files.createTempDirectory("kbt-host-vm-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = dir.resolve("root.qcow2");
        data = dir.resolve("data.raw");
        Programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", root.toString(), "64M"),
                Duration.ofSeconds(30));
        Programs.run(List.of("qemu-img", "create", "-q", "-f", "raw", data.toString(), "32M"), Duration.ofSeconds(30));
        String xml = xml(null, disk("qcow2", root, "vda") + disk("raw", data, "vdb"));
        uuid = libvirt.withConnection(c -> c.domainDefineXML(xml).getUUIDString());
    }

    /** Defines the same domain (same uuid) again with its root disk only, as detaching vdb would. */
    void redefineWithoutDataDisk() throws Exception {
        String xml = xml(uuid, disk("qcow2", root, "vda"));
        libvirt.withConnection(c -> c.domainDefineXML(xml));
    }

    private String xml(String domainUuid, String disks) {
        return "<domain type='qemu'><name>" + name + "</name>"
                + (domainUuid == null ? "" : "<uuid>" + domainUuid + "</uuid>")
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + disks
                + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/>"
                + "<readonly/></disk></devices></domain>";
    }

    private static String disk(String format, Path file, String dev) {
        return "<disk type='file' device='disk'><driver name='qemu' type='" + format + "'/><source file='" + file
                + "'/><target dev='" + dev + "' bus='virtio'/></disk>";
    }

    void undefine() throws Exception {
        libvirt.withConnection(c -> {
            for (String n : c.listDefinedDomains()) {
                if (n.equals(name)) {
                    Domain d = c.domainLookupByName(n);
                    d.undefine();
                }
            }
            return null;
        });
    }

    @Override
    public void close() throws Exception {
        try {
            undefine();
        } finally {
            Programs.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
        }
    }
}
