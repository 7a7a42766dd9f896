package io.kboss.server.backup;

/**
 * What createVMFromBackup asks: a new VM made from a backup's disks, also when the backup's VM no longer
 * exists.
 *
 * @param backupUuid        the backup the new VM's disks come from
 * @param name              the new VM's name (its libvirt domain's), or null for one made from the original's
 * @param hostUuid          the host to create it on, or null: the backup's VM's host when Up, or any Up host of
 *     the backup's zone
 * @param destinationFolder the absolute folder on the host for the new VM's disks, or null: the folder of the
 *     original VM's first disk
 * @param nics              what the new VM keeps of the original's network interfaces: KEEP (with their MAC
 *     and IP addresses), NO_IP (the interfaces without their addresses) or NO_NIC (none)
 * @param quick             start it at once on overlays over the backup and consolidate in the background
 * @param startVm           start it once its disks are written (quick restore always starts it)
 */
public record NewVmFromBackup(String backupUuid, String name, String hostUuid, String destinationFolder, String nics,
        boolean quick, boolean startVm) {
    /** The values of {@code nics}, as OpenNebula's restore names them. */
    public static final String[] NIC_POLICIES = {"KEEP", "NO_IP", "NO_NIC"};
}
