package io.kboss.server.backup;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VMs and volumes discovery keeps ({@code vm_instance}, {@code volume}), as providers read and
 * change them. Calls made inside the caller's transaction join it; {@code lock} methods hold the VM's
 * row until it ends, which is how every change of a VM's backups is serialized.
 */
public interface VmInventory {

    Optional<VmRef> findLive(String uuid);

    /** The live VM, its row locked until the transaction ends. */
    Optional<VmRef> lockLive(String uuid);

    /** A VM by uuid, also one removed since. */
    Optional<VmRef> byUuid(String uuid);

    /** A VM by id, also one removed since. */
    VmRef byId(long id);

    /** A VM by id, its row locked until the transaction ends. */
    VmRef lock(long id);

    /** The VM's live disks, in device order. */
    List<DiskRef> liveDisks(long vmId);

    /** A volume by uuid, also one removed since. */
    Optional<DiskRef> disk(String uuid);

    /** A volume by id, also one removed since. */
    Optional<DiskRef> disk(long id);

    /**
     * Whether the VM's host's libvirt knows its domain now. False for a VM whose transient domain ended when
     * it stopped (CloudStack's VMs): the agent then restores its disks by the paths kept here, and starts it
     * from a recorded definition.
     */
    boolean domainDefined(long vmId);

    /**
     * The VM's vCPUs and memory as discovery last read them from libvirt, also of a VM removed since; empty when
     * discovery never reported them (VMs last seen before the server recorded sizes).
     */
    Optional<VmSize> size(long vmId);

    /** A VM's size: vCPUs and memory in bytes. */
    record VmSize(int cpus, long memoryBytes) {
    }

    /** The folder of the VM's first file disk (where a restored volume is written beside its disks). */
    Optional<String> diskFolder(long vmId);

    /** Sets the VM's management state (BackupError, or back to its power state). */
    void setState(long vmId, String state);

    /** Assigns the VM to a backup offering, or takes it out of one (null). */
    void setOffering(long vmId, Long offeringId);

    /** How many live VMs are assigned to the offering. */
    long countAssigned(long offeringId);

    /**
     * Registers a volume attached to the VM as its data disk. Discovery matches disks by device: if it
     * already saw the new disk, its row is taken over, so there is one row either way.
     *
     * @return the uuid of the volume's row
     */
    String registerAttachedVolume(AttachedVolume volume, Instant now);

    /** The uuids and names of VMs by id, also removed ones (for listings). */
    Map<Long, VmRef> byIds(Collection<Long> vmIds);

    /** The ids of the VMs (also removed ones) whose lower-cased name is LIKE the pattern. */
    List<Long> idsNamedLike(String likePattern);

    /**
     * The VM's details (CloudStack's VM settings, set with updateVirtualMachine's {@code details} map), by
     * name; empty when it has none.
     */
    Map<String, String> details(long vmId);

    /** Which of these VMs are removed (expunged). */
    java.util.Set<Long> removedAmong(Collection<Long> vmIds);

    /**
     * Volumes by id, also removed ones, as CloudStack's backup {@code volumes} names them: uuid, type
     * (ROOT or DATADISK), device id and path.
     */
    Map<Long, VolumeFacts> volumeFacts(Collection<Long> volumeIds);

    /** A volume as a backup's {@code volumes} answer names it. */
    record VolumeFacts(long id, String uuid, String type, int deviceId, String path) {
    }

    /**
     * Registers a VM a provider made, with its disks, owned by {@code vm.accountId()}. If discovery already
     * found its domain (it then belongs to the admin), that row is given to the owner instead: one row either
     * way.
     *
     * @return the VM as registered
     */
    VmRef registerNewVm(NewVm vm, Instant now);
}
