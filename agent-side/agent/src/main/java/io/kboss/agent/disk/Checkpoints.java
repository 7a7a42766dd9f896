package io.kboss.agent.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.DomainCheckpoint;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * libvirt checkpoint metadata of one VM. A checkpoint is metadata in libvirt plus a persistent
 * dirty bitmap of the same name in every qcow2 disk it covers; the two can drift apart (a domain
 * re-created from XML loses the metadata, a disk replaced loses the bitmap), and this class is
 * where that is noticed and repaired.
 */
final class Checkpoints {
    static final int REDEFINE = 1;
    static final int REDEFINE_VALIDATE = 1 << 2;
    static final int XML_NO_DOMAIN = 1 << 1;
    static final int XML_SIZE = 1 << 2;
    static final int DELETE_METADATA_ONLY = 1 << 1;

    private final Domain domain;
    private final String vmName;

    Checkpoints(Domain domain, String vmName) {
        this.domain = domain;
        this.vmName = vmName;
    }

    boolean exists(String name) {
        try {
            for (String n : domain.checkpointListNames(0)) {
                if (n.equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot list the checkpoints of VM " + vmName + ": " + e.getMessage(), e);
        }
    }

    List<String> names() {
        try {
            return new ArrayList<>(List.of(domain.checkpointListNames(0)));
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot list the checkpoints of VM " + vmName + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint's definition without the domain copy, fit for {@link #redefine}. */
    String xml(String name) {
        try {
            DomainCheckpoint cp = domain.checkpointLookupByName(name);
            try {
                return cp.getXMLDesc(XML_NO_DOMAIN);
            } finally {
                cp.free();
            }
        } catch (LibvirtException e) {
            throw new LibvirtCallException(
                    "cannot read checkpoint " + name + " of VM " + vmName + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes each disk's bitmap of checkpoint {@code name} marks dirty, by target device:
     * what an incremental from it will copy. libvirt reads them from QEMU, so the VM must run.
     */
    Map<String, Long> dirtyBytes(String name) {
        String xml;
        try {
            DomainCheckpoint cp = domain.checkpointLookupByName(name);
            try {
                xml = cp.getXMLDesc(XML_NO_DOMAIN | XML_SIZE);
            } finally {
                cp.free();
            }
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot read the dirty size of checkpoint " + name + " of VM " + vmName
                    + ": " + e.getMessage(), e);
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        NodeList disks = DomainXml.parse(xml).document().getElementsByTagName("disk");
        for (int i = 0; i < disks.getLength(); i++) {
            Element disk = (Element) disks.item(i);
            if (!disk.getAttribute("size").isEmpty()) {
                sizes.put(disk.getAttribute("name"), Long.parseLong(disk.getAttribute("size")));
            }
        }
        return sizes;
    }

    /**
     * Recreates lost metadata from a saved definition. With {@code validate} libvirt also checks
     * that a running VM's disks still hold the bitmaps; an exception then means they are gone.
     */
    void redefine(String xml, boolean validate) throws LibvirtException {
        DomainCheckpoint cp = domain.checkpointCreateXML(xml, REDEFINE | (validate ? REDEFINE_VALIDATE : 0));
        cp.free();
    }

    /**
     * Deletes one checkpoint. On a running VM libvirt also removes its bitmaps; with
     * {@code metadataOnly} (or a stopped VM, where libvirt cannot touch them) the bitmaps stay and
     * the caller removes them with qemu-img.
     */
    void delete(String name, boolean metadataOnly) {
        try {
            DomainCheckpoint cp = domain.checkpointLookupByName(name);
            try {
                cp.delete(metadataOnly ? DELETE_METADATA_ONLY : 0);
            } finally {
                cp.free();
            }
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot delete checkpoint " + name + " of VM " + vmName + ": "
                    + e.getMessage(), e);
        }
    }
}
