package io.kboss.agent.disk;

import java.util.Map;

/**
 * What the agent reads from a domain definition a server sends (for a VM libvirt does not know):
 * its name, uuid and file disks by target device.
 */
public record VmDefinition(String name, String uuid, Map<String, VmDisk> disks) {
    public VmDefinition {
        disks = Map.copyOf(disks);
    }

    /** @throws IllegalArgumentException when the XML cannot be read or lacks its name or uuid */
    public static VmDefinition of(String domainXml) {
        DomainXml xml;
        try {
            xml = DomainXml.parse(domainXml);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the domain XML cannot be read: " + e.getMessage(), e);
        }
        if (xml.name() == null || xml.name().isEmpty() || xml.uuid() == null || xml.uuid().isEmpty()) {
            throw new IllegalArgumentException("the domain XML needs its <name> and <uuid>");
        }
        return new VmDefinition(xml.name(), xml.uuid(), xml.disks());
    }
}
