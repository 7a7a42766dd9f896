package io.kboss.agent.disk;

import java.util.List;

/**
 * A plain definition for a VM created from a backup whose original definition nobody kept (a
 * backup taken before backups recorded it, of a VM whose domain is gone): the CPUs and memory the
 * server knows, the backup's disks on the bus their device names imply ({@code vd*} virtio,
 * {@code sd*} SCSI on virtio-scsi, {@code hd*} IDE), booting from the first disk, a serial console,
 * a guest-agent channel and a VNC screen on the host's loopback only. No network interface: the
 * server knows none of the original's; add them to the VM afterwards.
 */
final class TemplateDomain {
    private TemplateDomain() {
    }

    /**
     * @param type libvirt's domain type: kvm, or qemu where there is no KVM (TCG)
     * @param disks the device names of the disks, in boot order
     */
    static String xml(String type, int vcpus, long memoryBytes, List<String> disks) {
        if (!"kvm".equals(type) && !"qemu".equals(type)) {
            throw new IllegalArgumentException("domainType is kvm or qemu, not " + type);
        }
        if (vcpus < 1 || memoryBytes < (16L << 20)) {
            throw new IllegalArgumentException("a VM built without its definition needs vcpus (1 or more) and"
                    + " memoryBytes (16 MiB or more), not " + vcpus + " and " + memoryBytes);
        }
        StringBuilder devices = new StringBuilder();
        boolean scsi = false;
        for (String dev : disks) {
            String bus;
            if (dev.startsWith("vd")) {
                bus = "virtio";
            } else if (dev.startsWith("sd")) {
                bus = "scsi";
                scsi = true;
            } else if (dev.startsWith("hd")) {
                bus = "ide";
            } else {
                throw new IllegalArgumentException("disk " + dev + ": a VM built without its definition takes vd*,"
                        + " sd* or hd* devices");
            }
            // The source is a placeholder: DomainXml.newVm points each disk at its volume.
            devices.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/'/>")
                    .append("<target dev='").append(BackupXml.escape(dev)).append("' bus='").append(bus).append("'/>")
                    .append("</disk>");
        }
        if (scsi) {
            devices.append("<controller type='scsi' model='virtio-scsi'/>");
        }
        devices.append("<serial type='pty'/><console type='pty'/>")
                .append("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>")
                .append("<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>")
                .append("<video><model type='vga'/></video>");
        return "<domain type='" + type + "'><name>template</name><memory unit='KiB'>" + memoryBytes / 1024
                + "</memory><vcpu>" + vcpus + "</vcpu><os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>"
                + "<features><acpi/><apic/></features><clock offset='utc'/><on_poweroff>destroy</on_poweroff>"
                + "<on_reboot>restart</on_reboot><on_crash>destroy</on_crash><devices>" + devices
                + "</devices></domain>";
    }
}
