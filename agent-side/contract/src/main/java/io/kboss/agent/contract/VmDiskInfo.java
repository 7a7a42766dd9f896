package io.kboss.agent.contract;

/** One disk of a domain as libvirt and qemu-img report it. */
public class VmDiskInfo {
    /** The guest device name, e.g. {@code vda}: the stable key of a disk within its VM. */
    public String targetDevice;
    /** virtio, scsi, sata, ide, ... */
    public String bus;
    /** disk, cdrom, floppy, lun */
    public String deviceType;
    public DiskStorageKind storageKind;
    /** File or device path; for network disks the protocol and name. */
    public String path;
    /** qcow2, raw, ... */
    public String format;
    public long virtualSizeBytes;
    public long allocatedSizeBytes;
    public boolean readOnly;
}
