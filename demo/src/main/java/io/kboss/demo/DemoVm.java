package io.kboss.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demonstration's tiny VM: a TCG domain with one small qcow2 disk and no operating system (it
 * sits in SeaBIOS), defined on the local libvirtd. Data is written into the running VM's disk
 * through QEMU's own block layer (qemu-io over the monitor), so the writes dirty the backup bitmaps
 * exactly as a guest's writes do. It is read back with {@code qemu-io -r} from the disk file while
 * the VM is stopped: QEMU's monitor prints nothing of a read's pattern check, and reading the file
 * of a running VM could miss metadata QEMU has not written yet.
 */
final class DemoVm {
    private static final Duration VIRSH = Duration.ofSeconds(60);
    private static final String DEVICE = "/machine/peripheral/virtio-disk0/virtio-backend";

    final String name;
    final Path disk;
    private final String libvirtUri;

    private DemoVm(String name, Path disk, String libvirtUri) {
        this.name = name;
        this.disk = disk;
        this.libvirtUri = libvirtUri;
    }

    /**
     * Creates and starts the VM, replacing an earlier demonstration VM of the same name (its
     * backups stay on the image store and in listBackups).
     */
    static DemoVm create(String libvirtUri, String name, Path folder, String size) throws IOException,
            InterruptedException {
        DemoVm vm = new DemoVm(name, folder.resolve(name + ".qcow2"), libvirtUri);
        vm.removeEarlier();
        Files.createDirectories(folder);
        Files.deleteIfExists(vm.disk);
        Programs.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", vm.disk.toString(), size), VIRSH);
        Path xml = folder.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>32</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + vm.disk
                + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
        vm.virsh("define", xml.toString());
        vm.virsh("start", name);
        return vm;
    }

    private void removeEarlier() throws IOException, InterruptedException {
        if (!virshOutput("list", "--all", "--name").lines().anyMatch(name::equals)) {
            return;
        }
        if (virshOutput("domstate", name).strip().equals("running")) {
            virsh("destroy", name);
        }
        // A restore may have put the VM on a new file; the earlier VM's disks go with it (its backups stay).
        List<Path> disks = diskFiles().values().stream().filter(d -> d.startsWith(disk.getParent())).toList();
        // Checkpoint metadata goes with the domain.
        virsh("undefine", name, "--checkpoints-metadata");
        for (Path d : disks) {
            Files.deleteIfExists(d);
        }
    }

    /** Writes {@code length} bytes of {@code pattern} at {@code offset} into the running VM's disk. */
    void write(int pattern, String offset, String length) throws IOException, InterruptedException {
        // The monitor answers nothing when the write succeeded, and the error otherwise.
        String out = monitorQemuIo("write -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + length);
        if (!out.isBlank()) {
            throw new IOException("writing into VM " + name + " failed: " + out.strip());
        }
    }

    /** Whether the stopped VM's disk file holds {@code pattern} over the range. */
    boolean holdsWhileStopped(int pattern, String offset, String length) throws IOException, InterruptedException {
        String out = Programs.run(List.of("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + offset + " " + length, currentDisk().toString()), VIRSH);
        return verified(out);
    }

    /** Whether the VM's disk still stands on a backing file (as a quick restore's overlay does). */
    boolean diskHasBackingFile() throws IOException, InterruptedException {
        String json = Programs.run(List.of("qemu-img", "info", "-U", "--output=json", currentDisk().toString()), VIRSH);
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject().has("backing-filename");
    }

    /** Powers the VM off (it has no OS to shut down; QEMU still flushes its disks as it exits). */
    void stop() throws IOException, InterruptedException {
        virsh("destroy", name);
    }

    void start() throws IOException, InterruptedException {
        virsh("start", name);
    }

    boolean isRunning() throws IOException, InterruptedException {
        return virshOutput("domstate", name).strip().equals("running");
    }

    /** The disk file the domain uses now (a restore may have replaced it). */
    Path currentDisk() throws IOException, InterruptedException {
        Path vda = diskFiles().get("vda");
        if (vda == null) {
            throw new IOException("VM " + name + " has no disk vda any more");
        }
        return vda;
    }

    /** The domain's disk files by target (vda, vdb, ...), as libvirt lists them. */
    private Map<String, Path> diskFiles() throws IOException, InterruptedException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String line : virshOutput("domblklist", name, "--details").lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[1].equals("disk")) {
                files.put(f[2], Path.of(f[3]));
            }
        }
        return files;
    }

    private static boolean verified(String qemuIoOutput) {
        return qemuIoOutput.contains("read ") && !qemuIoOutput.contains("verification failed");
    }

    private String monitorQemuIo(String command) throws IOException, InterruptedException {
        return virshOutput("qemu-monitor-command", name, "--hmp", "qemu-io -d " + DEVICE + " \"" + command + "\"");
    }

    private void virsh(String... args) throws IOException, InterruptedException {
        virshOutput(args);
    }

    private String virshOutput(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", libvirtUri));
        cmd.addAll(List.of(args));
        return Programs.run(cmd, VIRSH);
    }
}
