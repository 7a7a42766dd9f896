package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmInventory.VmSize;
import io.kboss.server.backup.VmRef;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a new VM made from a backup is defined from (createVMFromBackup), chosen when it is asked for, so a
 * request that cannot be served is refused before anything is queued, and again when it runs, from the facts
 * as they are then:
 *
 * <ol>
 * <li>the libvirt definition the backup recorded (backups taken since V18 record it);
 * <li>for an older backup, the original VM's current definition, when its domain is still defined on the host
 * the new VM is made on (the agent reads it there; any other host does not know it);
 * <li>otherwise a plain definition built by the agent from what the server still knows: the vCPUs and memory
 * discovery last read from libvirt, and the backup's disks by device name, virtio for vd*, SCSI for sd*, IDE for
 * hd*. Such a VM has no network interface, since the server never knew the original's: so only {@code nics=NO_NIC}
 * is served from it; KEEP (the default) and NO_IP, which promise the original's interfaces, are refused rather
 * than silently answered with a VM without any.
 * </ol>
 *
 * When none applies, the refusal names what is missing and how to get a VM anyway.
 */
final class NewVmDefinition {
    /** The device names a plain definition can place on a bus (the agent's template knows these three). */
    private static final Pattern PLAIN_DEVICE = Pattern.compile("(vd|sd|hd)[a-z]{1,2}");
    /** The one nics policy a plain definition can serve: it knows no interfaces. */
    private static final String NO_NIC = "NO_NIC";

    enum Source {
        RECORDED, ORIGINAL_ON_HOST, PLAIN
    }

    private final Source source;
    private final String domainXml;
    private final String originalLibvirtUuid;
    private final VmSize size;

    private NewVmDefinition(Source source, String domainXml, String originalLibvirtUuid, VmSize size) {
        this.source = source;
        this.domainXml = domainXml;
        this.originalLibvirtUuid = originalLibvirtUuid;
        this.size = size;
    }

    Source source() {
        return source;
    }

    /**
     * @param devices the devices of the backup's disks, as the new VM will have them
     * @param hostId  the host the new VM is made on
     * @param nics    the request's nics policy (KEEP, NO_IP or NO_NIC)
     * @throws ApiException (431) when the backup recorded no definition, the original's domain is not on that
     *                      host, and the server does not know enough for a plain one, or the plain one would
     *                      break the nics policy
     */
    static NewVmDefinition choose(BackupRepository backups, VmInventory vms, BackupRecord b, List<String> devices,
            long hostId, String nics) throws ApiException {
        Optional<String> recorded = backups.domainXml(b.id());
        if (recorded.isPresent()) {
            return new NewVmDefinition(Source.RECORDED, recorded.get(), null, null);
        }
        VmRef original = vms.byId(b.vmId());
        boolean live = vms.findLive(original.uuid()).isPresent();
        boolean defined = live && vms.domainDefined(original.id()) && original.hostId() != null;
        if (defined && original.hostId() == hostId) {
            return new NewVmDefinition(Source.ORIGINAL_ON_HOST, null, original.libvirtUuid(), null);
        }
        String why = "backup " + b.uuid() + " was taken before backups recorded their VM's definition, and VM "
                + original.label() + (!live
                        ? " no longer exists"
                        : defined ? " is defined on another host than the new VM's" : " has no domain defined now");
        Optional<VmSize> size = vms.size(original.id());
        if (size.isEmpty()) {
            throw ApiException.invalidParameter("Cannot make a VM from backup " + b.uuid() + ": " + why + ", and the"
                    + " server never learnt its vCPUs and memory to build a plain definition from. Restore its volumes"
                    + " into another VM instead (restoreVolumeFromBackupAndAttachToVM)" + (defined
                            ? ", or make it on the original's host (hostid)"
                            : ""));
        }
        for (String device : devices) {
            if (device == null || !PLAIN_DEVICE.matcher(device).matches()) {
                throw ApiException.invalidParameter("Cannot make a VM from backup " + b.uuid() + ": " + why + ", and"
                        + " a plain definition places only vd*, sd* and hd* disks, not " + device + ". Restore its"
                        + " volumes into another VM instead (restoreVolumeFromBackupAndAttachToVM)");
            }
        }
        if (!NO_NIC.equals(nics)) {
            throw ApiException.invalidParameter("Parameter nics: " + nics + (nics.equals("KEEP")
                    ? " (the default)"
                    : "") + " keeps the original's network interfaces, but " + why + ", so the new VM would be "
                    + "built from a plain definition and the server never knew those interfaces. Give nics=NO_NIC "
                    + "to make it without network interfaces (add them afterwards)" + (defined
                            ? ", or make it on the original's host (hostid), which lends its definition"
                            : ""));
        }
        return new NewVmDefinition(Source.PLAIN, null, null, size.get());
    }

    /** Sets the command's definition fields: exactly one of domainXml, sourceVmUuid, or vcpus and memory. */
    void applyTo(CreateVmFromBackupCommand c) {
        c.domainXml = domainXml;
        c.sourceVmUuid = originalLibvirtUuid;
        if (source == Source.PLAIN) {
            c.vcpus = size.cpus();
            c.memoryBytes = size.memoryBytes();
        }
    }
}
