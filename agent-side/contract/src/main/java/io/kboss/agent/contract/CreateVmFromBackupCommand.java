package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates a new VM on this host from a backup's files (CloudStack's createVMFromBackup), also when
 * the original VM's domain no longer exists: a new libvirt domain with a new name and uuid, built
 * from the original's definition, its disks the backup's chains flattened into new volumes on
 * primary storage; or, with {@code quickRestore}, qcow2 overlays backed by the backup files that
 * the VM starts on at once and that are consolidated while it runs (the job ends when no disk
 * needs the store; resume a consolidation the VM's stop interrupted with quick-restore's
 * resumeConsolidation and the new VM's uuid). The new VM is an ordinary persistent VM of this
 * host: list-vms reports it, it can be backed up. Nothing existing is overwritten: the name, the
 * uuid and every volume must be new; a failure or cancel before the VM is defined (and, when
 * asked, running) removes what was made. The job's result is a {@link RestoreResult} with
 * {@code newVmUuid} and {@code newVmName}. Sent by servers since restore as a new VM.
 */
public class CreateVmFromBackupCommand extends JobCommand {
    public static final String NAME = "create-vm-from-backup";
    public String backupUuid;
    public StoreRef store;
    /** The new VM's libvirt name: new on this host, with the agent's vm.name.prefix when it has one. */
    public String vmName;
    /** The new VM's uuid; null: the agent chooses one (the job's vmUuid and newVmUuid say which). */
    public String vmUuid;
    /**
     * The definition to build the VM from: the original's, as its backup recorded it
     * ({@link BackupResult#domainXml}). Kept: CPUs, memory, machine, firmware, devices; changed:
     * name, uuid, SMBIOS uuid, disks (the restored ones read their new volumes, others are left
     * out, CD-ROMs are emptied), fixed console ports and vsock ids become automatic, UEFI variables
     * start afresh; left out: host devices, metadata; network interfaces as {@code nics} says.
     */
    public String domainXml;
    /** Without domainXml: a VM still defined here whose current definition is used instead. */
    public String sourceVmUuid;
    /**
     * Without domainXml and sourceVmUuid, a plain definition is made from these (a backup taken
     * before backups recorded the definition, of a VM whose domain is gone): vd* disks on virtio,
     * sd* on virtio-scsi, hd* on IDE, booting from the first disk, no network interface.
     */
    public int vcpus;
    public long memoryBytes;
    /** kvm or qemu (TCG); null: the host's own choice, kvm where libvirt offers KVM guests, else qemu. */
    public String domainType;
    /** Each disk: targetDevice, chainPaths, and optionally destinationPath and destinationFormat. */
    public List<RestoreDisk> disks = new ArrayList<>();
    /**
     * Absolute folder on primary storage for the disks without a destinationPath: each becomes
     * {@code <folder>/<vmName>-<targetDevice>.qcow2} (or .raw).
     */
    public String destinationFolder;
    public NicPolicy nics = NicPolicy.KEEP;
    /** Run the VM at once on overlays backed by the backup, consolidated in the background. */
    public boolean quickRestore;
    /** Without quickRestore: start the VM once it is defined (a VM that does not start is removed again). */
    public boolean startVm;

    @Override
    public String commandName() {
        return NAME;
    }
}
