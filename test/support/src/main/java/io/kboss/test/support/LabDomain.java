package io.kboss.test.support;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A throw-away TCG domain on the machine's libvirtd ({@value #URI}) with qcow2 virtio disks. Without
 * a guest OS it sits in SeaBIOS, which is all a backup needs; guest writes go through QEMU's own
 * block layer (qemu-io on the HMP monitor, see LAB.md), so they mark the dirty bitmaps as a guest's
 * writes would. With {@link Builder#bootingTinyGuest} it boots the tiny Debian guest instead.
 *
 * <p>Every call opens its own libvirt connection: tests restart the shared libvirtd, and a
 * connection held across that restart is dead. Closing destroys and undefines the domain with its
 * checkpoint and snapshot metadata, and deletes its folder when it made one itself. Domain names
 * carry the test's own prefix ({@code kbt-...}): engineers share one libvirtd.
 */
public final class LabDomain implements AutoCloseable {
    private static final int XML_INACTIVE = 2;
    public static final String URI = "qemu:///system";
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    private static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;
    private static final Duration QEMU_IMG_TIMEOUT = Duration.ofMinutes(5);
    /** Held here: native code keeps only a pointer, and a collected callback would crash the JVM. */
    private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> {
    };

    static {
        quietLibvirtErrors();
    }

    public final String name;
    /** The folder that holds its disks (its own, or the one given to {@link Builder#inFolder}). */
    public final Path dir;
    /** Its disks in target order: vda, vdb, ... */
    public final List<Path> disks;
    /** The first disk (for most lab domains, the only one), or null when it has none. */
    public final Path disk;
    public final String libvirtUuid;
    private final String xml;
    private final boolean ownsDir;

    private LabDomain(Builder spec, Path dir, List<Path> disks, String xml, String libvirtUuid) {
        this.name = spec.name;
        this.dir = dir;
        this.disks = List.copyOf(disks);
        this.disk = disks.isEmpty() ? null : disks.get(0);
        this.xml = xml;
        this.libvirtUuid = libvirtUuid;
        this.ownsDir = spec.folder == null;
    }

    /** A domain named {@code name} (the whole libvirt name, prefix included). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** What the domain has; the default is 64 MiB, one vCPU and no disk. */
    public static final class Builder {
        private final String name;
        private Path folder;
        private int memoryMib = 64;
        private int vcpus = 1;
        private boolean acpi;
        private boolean agentChannel;
        private Path tinyGuest;
        private boolean rootOnDisk;
        private final List<String[]> newDisks = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Disks go into {@code folder}, which stays when the domain closes (it is the caller's). */
        public Builder inFolder(Path folder) {
            this.folder = folder;
            return this;
        }

        /** How many virtual CPUs the domain has (1 unless set). */
        public Builder vcpus(int n) {
            this.vcpus = n;
            return this;
        }

        public Builder memoryMib(int mib) {
            this.memoryMib = mib;
            return this;
        }

        /** ACPI, as cloud VMs have: without it QEMU cannot hot-plug a disk into the running domain. */
        public Builder acpi() {
            this.acpi = true;
            return this;
        }

        /** A guest-agent channel; nobody answers on it unless the guest runs qemu-ga. */
        public Builder guestAgentChannel() {
            this.agentChannel = true;
            return this;
        }

        /** An empty qcow2 disk of {@code size} (qemu-img's notation: "64M", "2G"). */
        public Builder qcow2Disk(String size) {
            return qcow2Disk(size, null);
        }

        /** A qcow2 disk of {@code size} whose first {@code prefill} bytes ("1536M") hold 0x5a, or empty when null. */
        public Builder qcow2Disk(String size, String prefill) {
            newDisks.add(new String[]{size, prefill});
            return this;
        }

        public Builder qcow2Disks(int count, String size) {
            for (int i = 0; i < count; i++) {
                qcow2Disk(size);
            }
            return this;
        }

        /**
         * Boots the tiny guest of test/lab/build-tiny-guest.sh from {@code guestDir} (kernel, initramfs with
         * qemu-ga, and data.raw as its one disk), with 256 MiB, a guest-agent channel and its console in
         * console.log.
         */
        public Builder bootingTinyGuest(Path guestDir) {
            this.tinyGuest = guestDir;
            this.agentChannel = true;
            this.memoryMib = 256;
            return this;
        }

        /**
         * Boots the tiny guest with its root file system on its one disk (root.raw of
         * test/lab/build-tiny-guest.sh: busybox, qemu-ga started by its init, /kboss-check.bin whose
         * sha256sum line is in check.sha256): the initramfs switches root to /dev/vda, so a damaged
         * disk fails the boot or the check for real. Its console goes to console.log and the screen.
         */
        public Builder bootingTinyGuestFromItsDisk(Path guestDir) {
            bootingTinyGuest(guestDir);
            this.rootOnDisk = true;
            return this;
        }

        /** No guest-agent channel, also for a tiny guest (whose qemu-ga then talks to nobody). */
        public Builder withoutGuestAgentChannel() {
            this.agentChannel = false;
            return this;
        }

        /** Creates the disks and defines the domain (a leftover of that name is removed first); not started. */
        public LabDomain define() throws Exception {
            Path dir = folder;
            if (dir == null) {
                dir = Files.createTempDirectory(name + "-");
                // QEMU runs as another user and must read and write the disks below it.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            List<Path> disks = new ArrayList<>();
            if (tinyGuest != null) {
                Path disk = dir.resolve(name + "-vda.qcow2");
                Programs.run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2",
                        tinyGuest.resolve(rootOnDisk ? "root.raw" : "data.raw").toString(), disk.toString()),
                        QEMU_IMG_TIMEOUT);
                disks.add(disk);
            }
            for (String[] d : newDisks) {
                Path disk = dir.resolve(name + "-" + target(disks.size()) + ".qcow2");
                Programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), d[0]),
                        QEMU_IMG_TIMEOUT);
                if (d[1] != null) {
                    Programs.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 " + d[1], disk.toString()),
                            QEMU_IMG_TIMEOUT);
                }
                disks.add(disk);
            }
            String xml = xml(dir, disks);
            String uuid = withConnection(c -> {
                removeLeftover(c, name);
                Domain d = c.domainDefineXML(xml);
                try {
                    return d.getUUIDString();
                } finally {
                    d.free();
                }
            });
            return new LabDomain(this, dir, disks, xml, uuid);
        }

        /** {@link #define}, then starts it. */
        public LabDomain start() throws Exception {
            LabDomain d = define();
            d.start();
            return d;
        }

        private String xml(Path dir, List<Path> disks) {
            StringBuilder devices = new StringBuilder();
            for (int i = 0; i < disks.size(); i++) {
                devices.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                        .append(disks.get(i)).append("'/><target dev='").append(target(i))
                        .append("' bus='virtio'/></disk>");
            }
            if (agentChannel) {
                devices.append("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>");
            }
            String os = "";
            if (tinyGuest != null) {
                os = "<kernel>" + tinyGuest.resolve("vmlinuz") + "</kernel><initrd>" + tinyGuest.resolve("initrd.img")
                        + "</initrd><cmdline>"
                        // A guest booting from a damaged disk may panic: it reboots at once (panic=-1), so a
                        // throwaway copy (on_reboot destroy) ends instead of hanging until a boot timeout.
                        + (rootOnDisk
                                ? "console=tty0 console=ttyS0 panic=-1 kboss.root=/dev/vda"
                                : "console=ttyS0 quiet")
                        + "</cmdline>";
                devices.append("<serial type='file'><source path='").append(dir.resolve("console.log"))
                        .append("'/></serial>");
            }
            return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>" + memoryMib
                    + "</memory><vcpu>" + vcpus + "</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>" + os
                    + "</os>"
                    + (acpi ? "<features><acpi/></features>" : "")
                    + "<on_poweroff>destroy</on_poweroff><devices>" + devices + "</devices></domain>";
        }
    }

    private static String target(int index) {
        return "vd" + (char) ('a' + index);
    }

    /** A libvirt call on this domain. */
    @FunctionalInterface
    public interface DomainCall<T> {
        T call(Domain domain) throws LibvirtException;
    }

    /** Runs {@code call} on the domain over a connection opened for it and closed after. */
    public <T> T on(DomainCall<T> call) throws LibvirtException {
        return withConnection(c -> {
            Domain d = c.domainLookupByName(name);
            try {
                return call.call(d);
            } finally {
                d.free();
            }
        });
    }

    public void start() throws LibvirtException {
        on(Domain::create);
    }

    /** Powers it off at once (libvirt's destroy); the definition stays. */
    public void destroy() throws LibvirtException {
        on(d -> {
            if (d.isActive() == 1) {
                d.destroy();
            }
            return null;
        });
    }

    public boolean running() throws LibvirtException {
        return on(d -> d.isActive() == 1 && d.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_RUNNING);
    }

    public void suspend() throws LibvirtException {
        on(d -> {
            d.suspend();
            return null;
        });
    }

    public void resume() throws LibvirtException {
        on(d -> {
            d.resume();
            return null;
        });
    }

    /** A guest write of {@code length} bytes of {@code pattern} at {@code offset} ("1M") into the first disk. */
    public void write(int pattern, String offset, String length) throws LibvirtException {
        write(0, pattern, offset, length);
    }

    /** A guest write of {@code length} bytes of {@code pattern} at {@code offset} into disk {@code index}. */
    public void write(int index, int pattern, String offset, String length) throws LibvirtException {
        hmp("qemu-io -d /machine/peripheral/virtio-disk" + index + "/virtio-backend \"write -P 0x"
                + Integer.toHexString(pattern) + " " + offset + " " + length + "\"");
    }

    /** A command on QEMU's human monitor; answers its output. */
    public String hmp(String command) throws LibvirtException {
        return on(d -> d.qemuMonitorCommand(command, 1));
    }

    /** A guest-agent command (JSON); answers the agent's JSON. */
    public String agent(String json, int timeoutSeconds) throws LibvirtException {
        return on(d -> d.qemuAgentCommand(json, timeoutSeconds, 0));
    }

    /**
     * Copies disk {@code index} as the guest sees it right now into {@code target}. The domain must be
     * paused: QEMU flushes its caches when it stops, so the file is consistent to read with -U.
     */
    public void copyDisk(int index, Path target) throws Exception {
        Programs.run(List.of("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2", currentSource(index),
                target.toString()), QEMU_IMG_TIMEOUT);
    }

    /** The file disk {@code index} reads from now (it changes with quick restore and volume restores). */
    public String currentSource(int index) throws Exception {
        return sourceIn(on(d -> d.getXMLDesc(0)), index);
    }

    /** The file disk {@code index} will read at the next start (the persistent definition's). */
    public String persistentSource(int index) throws Exception {
        return sourceIn(on(d -> d.getXMLDesc(XML_INACTIVE)), index);
    }

    private String sourceIn(String live, int index) throws Exception {
        NodeList found = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(live))).getElementsByTagName("disk");
        for (int i = 0; i < found.getLength(); i++) {
            Element disk = (Element) found.item(i);
            Element target = (Element) disk.getElementsByTagName("target").item(0);
            Element source = (Element) disk.getElementsByTagName("source").item(0);
            if (target != null && source != null && target(index).equals(target.getAttribute("dev"))) {
                return source.getAttribute("file");
            }
        }
        throw new AssertionError(name + " has no file disk " + target(index) + ": " + live);
    }

    /** Its checkpoint names, sorted (libvirt lists them in no fixed order). */
    public List<String> checkpointNames() throws LibvirtException {
        return on(d -> Stream.of(d.checkpointListNames(0)).sorted().toList());
    }

    /** Defines the domain again from scratch, losing its checkpoint metadata, as CloudStack does at every VM start. */
    public void redefineLosingCheckpoints() throws LibvirtException {
        withConnection(c -> {
            Domain d = c.domainLookupByName(name);
            d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA);
            d.free();
            c.domainDefineXML(xml).free();
            return null;
        });
    }

    /** Destroys and undefines the domain; deletes its folder when it made one. */
    @Override
    public void close() throws LibvirtException, IOException {
        try {
            withConnection(c -> {
                removeLeftover(c, name);
                return null;
            });
        } finally {
            if (ownsDir) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Whether libvirt knows a domain of that name (running, or defined), e.g. a throwaway VM a test expects gone. */
    public static boolean exists(String name) throws LibvirtException {
        return withConnection(c -> {
            try {
                c.domainLookupByName(name).free();
                return true;
            } catch (LibvirtException e) {
                return false;
            }
        });
    }

    /** Destroys and undefines a domain of that name, if there is one (left by an interrupted run). */
    public static void removeLeftover(Connect c, String name) {
        Domain d;
        try {
            d = c.domainLookupByName(name);
        } catch (LibvirtException e) {
            return; // no domain of that name: the normal case
        }
        try {
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA);
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot remove the lab domain " + name + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface ConnectionCall<T> {
        T call(Connect c) throws LibvirtException;
    }

    private static <T> T withConnection(ConnectionCall<T> call) throws LibvirtException {
        Connect c = new Connect(URI);
        try {
            return call.call(c);
        } finally {
            c.close();
        }
    }

    /**
     * Without a callback the binding prints every libvirt error to stderr, the expected ones too (a
     * lookup of a domain that is not there); errors still reach the caller as exceptions.
     */
    private static void quietLibvirtErrors() {
        try {
            Connect.setErrorCallback(QUIET);
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot install the libvirt error callback: " + e.getMessage(), e);
        }
    }
}
