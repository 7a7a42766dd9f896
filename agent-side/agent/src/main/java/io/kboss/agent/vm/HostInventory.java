package io.kboss.agent.vm;

import io.kboss.agent.contract.HostInfoAnswer;
import io.kboss.agent.contract.StoragePoolInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.StoragePool;
import org.w3c.dom.Element;

/** Host registration data: CPU, memory, versions and libvirt storage pools. */
public final class HostInventory {
    private final LibvirtConnection libvirt;

    public HostInventory(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    /** Fills the host part of the answer; the caller adds the agent's own identity. */
    public void describe(HostInfoAnswer answer) throws LibvirtException {
        libvirt.withConnection(c -> {
            NodeInfo node = c.nodeInfo();
            answer.hostname = c.getHostName();
            answer.cpuModel = node.model;
            answer.cpus = node.cpus;
            answer.cpuMhz = node.mhz;
            answer.memoryBytes = node.memory * 1024;
            answer.freeMemoryBytes = c.getFreeMemory();
            answer.libvirtVersion = version(c.getLibVirVersion());
            answer.qemuVersion = version(c.getVersion());
            answer.storagePools = pools(c);
            return null;
        });
    }

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }

    private static List<StoragePoolInfo> pools(Connect c) throws LibvirtException {
        Set<String> names = new LinkedHashSet<>(List.of(c.listStoragePools()));
        names.addAll(List.of(c.listDefinedStoragePools()));
        List<StoragePoolInfo> out = new ArrayList<>();
        for (String name : names) {
            StoragePool pool = c.storagePoolLookupByName(name);
            org.libvirt.StoragePoolInfo info = pool.getInfo();
            StoragePoolInfo p = new StoragePoolInfo();
            p.name = name;
            p.uuid = pool.getUUIDString();
            Element xml = Xml.parse(pool.getXMLDesc(0));
            p.type = Xml.attr(xml, "type");
            Element target = Xml.child(xml, "target");
            Element path = target == null ? null : Xml.child(target, "path");
            p.path = path == null ? null : path.getTextContent().trim();
            p.active = info.state == org.libvirt.StoragePoolInfo.StoragePoolState.VIR_STORAGE_POOL_RUNNING;
            p.capacityBytes = info.capacity;
            p.allocationBytes = info.allocation;
            p.availableBytes = info.available;
            out.add(p);
        }
        return out;
    }
}
