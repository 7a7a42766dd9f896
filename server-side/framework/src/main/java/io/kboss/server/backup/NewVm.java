package io.kboss.server.backup;

import java.util.List;

/**
 * A VM a provider made (createVMFromBackup), registered in the inventory at once so it is listed before the
 * next discovery of its host; discovery then keeps it as any other VM (matched by its libvirt uuid).
 *
 * @param uuid        its uuid in the API
 * @param libvirtUuid its libvirt domain's uuid
 * @param accountId   its owner (the backup's VM's owner)
 * @param running     whether it runs now
 * @param disks       its disks, the first the root disk
 */
public record NewVm(String uuid, String name, String libvirtUuid, long accountId, long zoneId, long hostId,
        boolean running, List<Disk> disks) {

    /** One disk of a new VM. */
    public record Disk(String device, String path, String format, long virtualSize) {
    }
}
