package io.kboss.agent.vm;

import io.kboss.agent.contract.DiskStorageKind;
import io.kboss.agent.contract.VmDiskInfo;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.disk.domain.ValidationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainBlockInfo;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;

/**
 * Domains and their disks as libvirt describes them: the VM and volume discovery of the agent.
 * With a name prefix ({@code vm.name.prefix}) only the domains whose name starts with it are the
 * agent's: the others are neither listed nor found, so a host shared with VMs KBOSS must not
 * touch (or two agents on one libvirtd) keeps them out of the cloud.
 */
public final class VmInventory {
    private static final int XML_INACTIVE = 2;
    private final LibvirtConnection libvirt;
    private final String namePrefix;

    public VmInventory(LibvirtConnection libvirt) {
        this(libvirt, "");
    }

    /** @param namePrefix only domains whose name starts with it are managed; empty for all */
    public VmInventory(LibvirtConnection libvirt, String namePrefix) {
        this.libvirt = libvirt;
        this.namePrefix = namePrefix == null ? "" : namePrefix;
    }

    /** The agent's own throwaway VMs (validations) are never anyone's VM, whatever the prefix. */
    private boolean managed(Domain d) throws LibvirtException {
        return manages(d.getName());
    }

    /** Whether a domain of that name is the agent's: it has the prefix and is no throwaway VM. */
    public boolean manages(String domainName) {
        return !domainName.startsWith(ValidationRequest.DOMAIN_PREFIX)
                && (namePrefix.isEmpty() || domainName.startsWith(namePrefix));
    }

    /** The name prefix of the agent's VMs ({@code vm.name.prefix}), empty for all. */
    public String namePrefix() {
        return namePrefix;
    }

    public List<VmInfo> listAll() throws LibvirtException {
        return libvirt.withConnection(c -> {
            List<VmInfo> out = new ArrayList<>();
            for (Domain d : c.listAllDomains(0)) {
                try {
                    if (managed(d)) {
                        out.add(describe(d));
                    }
                } catch (LibvirtException e) {
                    // The domain went away between listing and describing it: it is simply not there.
                    if (!gone(c, d)) {
                        throw e;
                    }
                }
            }
            return out;
        });
    }

    public Optional<VmInfo> find(String uuid) throws LibvirtException {
        return libvirt.withConnection(c -> {
            Optional<Managed> vm = lookup(c, uuid);
            return vm.isEmpty() ? Optional.<VmInfo>empty() : Optional.of(describe(vm.get().domain()));
        });
    }

    /**
     * The name of the agent's VM with that uuid; empty when libvirt does not know it or it is not the
     * agent's. Two libvirt calls, where {@link #find} makes one per disk more and reads the whole
     * definition: a command that only needs the name (take-backup, on the path a client waits on)
     * does not pay for the rest.
     */
    public Optional<String> findName(String uuid) throws LibvirtException {
        return libvirt.withConnection(c -> lookup(c, uuid).map(Managed::name));
    }

    /**
     * The VM's definition in libvirt's inactive form (for a transient VM, its running definition
     * without runtime ids, aliases and security labels); empty when libvirt does not know it.
     * Without the secure flag, so it carries no secrets.
     */
    public Optional<String> definitionXml(String uuid) throws LibvirtException {
        return libvirt.withConnection(c -> {
            Optional<Managed> vm = lookup(c, uuid);
            try {
                return vm.isEmpty()
                        ? Optional.<String>empty()
                        : Optional.of(vm.get().domain().getXMLDesc(XML_INACTIVE));
            } catch (LibvirtException e) {
                return Optional.<String>empty(); // it went away since the lookup
            }
        });
    }

    /** A domain of the agent's, with the name its lookup read. */
    private record Managed(Domain domain, String name) {
    }

    /**
     * The agent's domain with that uuid: the lookup and its name in two libvirt calls; empty when
     * libvirt does not know it (or it went away meanwhile) or it is not the agent's.
     */
    private Optional<Managed> lookup(Connect c, String uuid) {
        try {
            Domain d = c.domainLookupByUUIDString(uuid);
            String name = d.getName();
            return manages(name) ? Optional.of(new Managed(d, name)) : Optional.empty();
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    /** The names of the VM's libvirt checkpoints; empty when the VM does not exist. */
    public List<String> checkpoints(String uuid) throws LibvirtException {
        return libvirt.withConnection(c -> {
            try {
                return List.of(c.domainLookupByUUIDString(uuid).checkpointListNames());
            } catch (LibvirtException e) {
                return List.of();
            }
        });
    }

    private static boolean gone(Connect c, Domain d) {
        try {
            c.domainLookupByUUIDString(d.getUUIDString());
            return false;
        } catch (LibvirtException e) {
            return true;
        }
    }

    private static VmInfo describe(Domain d) throws LibvirtException {
        VmInfo vm = new VmInfo();
        vm.uuid = d.getUUIDString();
        vm.name = d.getName();
        DomainInfo info = d.getInfo();
        vm.state = state(info.state);
        vm.vcpus = info.nrVirtCpu;
        vm.memoryBytes = info.maxMem * 1024;
        vm.persistent = d.isPersistent() == 1;
        Element devices = Xml.child(Xml.parse(d.getXMLDesc(0)), "devices");
        if (devices != null) {
            for (Element disk : Xml.children(devices, "disk")) {
                vm.disks.add(disk(d, disk));
            }
        }
        return vm;
    }

    private static VmDiskInfo disk(Domain d, Element disk) {
        VmDiskInfo info = new VmDiskInfo();
        Element target = Xml.child(disk, "target");
        Element source = Xml.child(disk, "source");
        Element driver = Xml.child(disk, "driver");
        info.targetDevice = Xml.attr(target, "dev");
        info.bus = Xml.attr(target, "bus");
        info.deviceType = Optional.ofNullable(Xml.attr(disk, "device")).orElse("disk");
        info.format = Xml.attr(driver, "type");
        info.readOnly = Xml.child(disk, "readonly") != null;
        String type = Optional.ofNullable(Xml.attr(disk, "type")).orElse("file");
        switch (type) {
            case "file" -> {
                info.storageKind = DiskStorageKind.FILE;
                info.path = Xml.attr(source, "file");
            }
            case "block" -> {
                info.storageKind = DiskStorageKind.BLOCK;
                info.path = Xml.attr(source, "dev");
            }
            case "network" -> {
                info.storageKind = DiskStorageKind.NETWORK;
                info.path = Xml.attr(source, "protocol") + ":" + Xml.attr(source, "name");
            }
            case "volume" -> {
                info.storageKind = DiskStorageKind.VOLUME;
                info.path = Xml.attr(source, "pool") + "/" + Xml.attr(source, "volume");
            }
            default -> info.storageKind = DiskStorageKind.OTHER;
        }
        if (info.path != null && info.targetDevice != null) {
            try {
                DomainBlockInfo block = d.blockInfo(info.targetDevice);
                info.virtualSizeBytes = block.getCapacity();
                info.allocatedSizeBytes = block.getAllocation();
            } catch (LibvirtException e) {
                // An empty CD-ROM or a file that is gone: sizes stay 0, the disk is still listed.
                info.virtualSizeBytes = 0;
            }
        }
        return info;
    }

    static VmState state(DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_RUNNING -> VmState.RUNNING;
            case VIR_DOMAIN_BLOCKED -> VmState.BLOCKED;
            case VIR_DOMAIN_PAUSED -> VmState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> VmState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> VmState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> VmState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> VmState.SUSPENDED;
            default -> VmState.UNKNOWN;
        };
    }
}
