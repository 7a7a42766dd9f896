package io.kboss.server.backup;

/**
 * A volume of the inventory (a VM's disk; also one removed since, which old backups still hold).
 *
 * @param vmId        the VM it belongs (belonged) to, or null
 * @param device      the guest device, e.g. vda: a disk's stable key within its VM
 * @param storageKind FILE, BLOCK, NETWORK, VOLUME or OTHER; only FILE disks are backed up
 */
public record DiskRef(long id, String uuid, String name, Long vmId, String device, String path, String storageKind,
        String format, long virtualSize) {
}
