package io.kboss.agent.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A throw-away TCG VM for the disk tests: persistent domain {@code kbt-disk-<name>} with qcow2
 * virtio disks in its own folder. Without a guest OS it sits in SeaBIOS; guest writes go through
 * QEMU's qemu-io on the HMP monitor (LAB.md). Closing it destroys and undefines the domain (with
 * its checkpoint metadata) and deletes the folder.
 */
final class LabVm implements AutoCloseable {
    static final String URI = "qemu:///system";
    private static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;

    static {
        Hypervisor.installErrorCallback();
    }

    final String name;
    final Path dir;
    final List<Path> disks = new ArrayList<>();
    private final String extraOs;
    private final String extraDevices;
    private String features = "";
    private final ProcessRunner runner = new ProcessRunner();

    private LabVm(String name, Path dir, String extraOs, String extraDevices) {
        this.name = name;
        this.dir = dir;
        this.extraOs = extraOs;
        this.extraDevices = extraDevices;
    }

    /** A SeaBIOS VM with {@code diskCount} empty qcow2 disks of {@code mib} MiB. */
    static LabVm withEmptyDisks(String name, int diskCount, int mib) throws Exception {
        return withEmptyDisks("kbt-disk-", name, diskCount, mib);
    }

    /**
     * As {@link #withEmptyDisks(String, int, int)}, the domain named {@code prefix + name} and with
     * ACPI, as cloud VMs have: without it QEMU cannot hot-plug a disk into the running VM.
     */
    static LabVm withEmptyDisks(String prefix, String name, int diskCount, int mib) throws Exception {
        LabVm vm = new LabVm(prefix + name, tempDir(name), "", "");
        vm.features = "<features><acpi/></features>";
        for (int i = 0; i < diskCount; i++) {
            Path disk = vm.dir.resolve("vol" + i + ".qcow2");
            vm.runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), mib + "M"),
                    Duration.ofSeconds(30));
            vm.disks.add(disk);
        }
        vm.define();
        return vm;
    }

    /** Like {@link #withEmptyDisks} with a guest-agent channel that nobody answers on. */
    static LabVm withSilentAgentChannel(String name, int mib) throws Exception {
        LabVm vm = new LabVm("kbt-disk-" + name, tempDir(name), "",
                "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>");
        Path disk = vm.dir.resolve("vol0.qcow2");
        vm.runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), mib + "M"),
                Duration.ofSeconds(30));
        vm.disks.add(disk);
        vm.define();
        return vm;
    }

    /** A VM that boots the tiny guest (kernel, initramfs with qemu-ga) from {@code guestDir}. */
    static LabVm tinyGuest(String name, Path guestDir) throws Exception {
        Path dir = tempDir(name);
        String os = "<kernel>" + guestDir.resolve("vmlinuz") + "</kernel><initrd>" + guestDir.resolve("initrd.img")
                + "</initrd><cmdline>console=ttyS0 quiet</cmdline>";
        String devices = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
                + "<serial type='file'><source path='" + dir.resolve("console.log") + "'/></serial>";
        LabVm vm = new LabVm("kbt-disk-" + name, dir, os, devices);
        Path disk = dir.resolve("vol0.qcow2");
        vm.runner
                .run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", guestDir.resolve("data.raw").toString(),
                        disk.toString()), Duration.ofSeconds(60));
        vm.disks.add(disk);
        vm.define();
        return vm;
    }

    static Path tempDir(String name) throws IOException {
        Path dir = Files.createTempDirectory("kbt-disk-" + name + "-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    String xml() {
        StringBuilder devices = new StringBuilder();
        for (int i = 0; i < disks.size(); i++) {
            devices.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                    .append(disks.get(i)).append("'/><target dev='vd").append((char) ('a' + i))
                    .append("' bus='virtio'/></disk>");
        }
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>" + (extraOs.isEmpty() ? 64 : 256)
                + "</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>" + extraOs + "</os>"
                + features
                + "<on_poweroff>destroy</on_poweroff><devices>" + devices + extraDevices + "</devices></domain>";
    }

    void define() throws LibvirtException {
        try (Session s = session()) {
            removeLeftover(s.connect, name);
            s.connect.domainDefineXML(xml()).free();
        }
    }

    /** Re-creates the domain definition from scratch, as CloudStack does at every VM start. */
    void redefineLosingCheckpoints() throws LibvirtException {
        try (Session s = session()) {
            Domain d = s.connect.domainLookupByName(name);
            d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA);
            s.connect.domainDefineXML(xml()).free();
        }
    }

    static void removeLeftover(Connect c, String name) {
        try {
            Domain d = c.domainLookupByName(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA);
        } catch (LibvirtException e) {
            // no leftover domain of that name: the normal case
        }
    }

    void start() throws LibvirtException {
        try (Session s = session()) {
            s.connect.domainLookupByName(name).create();
        }
    }

    void destroy() throws LibvirtException {
        try (Session s = session()) {
            Domain d = s.connect.domainLookupByName(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
        }
    }

    boolean running() throws LibvirtException {
        try (Session s = session()) {
            Domain d = s.connect.domainLookupByName(name);
            return d.isActive() == 1 && d.getInfo().state == org.libvirt.DomainInfo.DomainState.VIR_DOMAIN_RUNNING;
        }
    }

    void suspend() throws LibvirtException {
        try (Session s = session()) {
            s.connect.domainLookupByName(name).suspend();
        }
    }

    void resume() throws LibvirtException {
        try (Session s = session()) {
            s.connect.domainLookupByName(name).resume();
        }
    }

    /** A guest write of {@code len} bytes of {@code pattern} at {@code offset} into disk {@code index}. */
    void write(int index, int pattern, String offset, String len) throws LibvirtException {
        hmp("qemu-io -d /machine/peripheral/virtio-disk" + index + "/virtio-backend \"write -P 0x"
                + Integer.toHexString(pattern) + " " + offset + " " + len + "\"");
    }

    String hmp(String command) throws LibvirtException {
        try (Session s = session()) {
            return s.connect.domainLookupByName(name).qemuMonitorCommand(command, 1);
        }
    }

    String agent(String json, int timeoutSeconds) throws LibvirtException {
        try (Session s = session()) {
            return s.connect.domainLookupByName(name).qemuAgentCommand(json, timeoutSeconds, 0);
        }
    }

    /**
     * Copies disk {@code index} as the guest sees it right now into {@code target}. The VM must be
     * paused: QEMU flushes its caches when it stops, so the file is consistent to read with -U.
     */
    void copyDisk(int index, Path target) {
        runner.run(List.of("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2", currentSource(index),
                target.toString()), Duration.ofSeconds(120));
    }

    /** The file disk {@code index} currently reads from (it changes with quick restore). */
    String currentSource(int index) {
        try (Session s = session()) {
            String xml = s.connect.domainLookupByName(name).getXMLDesc(0);
            return DomainXml.parse(xml).disks().get("vd" + (char) ('a' + index)).source().toString();
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    Session session() throws LibvirtException {
        return new Session(new Connect(URI));
    }

    static final class Session implements AutoCloseable {
        final Connect connect;

        Session(Connect connect) {
            this.connect = connect;
        }

        @Override
        public void close() {
            try {
                connect.close();
            } catch (LibvirtException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The VM's checkpoint names, sorted (libvirt lists them in no fixed order). */
    List<String> checkpointNames() throws LibvirtException {
        try (Session s = session()) {
            return Stream.of(s.connect.domainLookupByName(name).checkpointListNames(0)).sorted().toList();
        }
    }

    @Override
    public void close() throws LibvirtException, IOException {
        try (Session s = session()) {
            removeLeftover(s.connect, name);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
