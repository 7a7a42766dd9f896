package io.kboss.agent.disk;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads and edits the parts of a libvirt domain XML the disk engine cares about. */
final class DomainXml {
    private final Document doc;

    private DomainXml(Document doc) {
        this.doc = doc;
    }

    static DomainXml parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new DomainXml(
                    f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse libvirt domain XML: " + e.getMessage(), e);
        }
    }

    /** File-backed disks (device='disk') by target device, in XML order. */
    Map<String, VmDisk> disks() {
        Map<String, VmDisk> disks = new LinkedHashMap<>();
        for (Element disk : diskElements()) {
            Element source = child(disk, "source");
            Element target = child(disk, "target");
            Element driver = child(disk, "driver");
            if (source == null || target == null || source.getAttribute("file").isEmpty()) {
                continue;
            }
            disks.put(target.getAttribute("dev"), new VmDisk(target.getAttribute("dev"),
                    Path.of(source.getAttribute("file")), driver == null ? "raw" : driver.getAttribute("type")));
        }
        return disks;
    }

    /** Every target device name in use (disks, CD-ROMs, floppies), so a new disk takes none of them. */
    java.util.Set<String> targets() {
        java.util.Set<String> targets = new java.util.HashSet<>();
        NodeList list = doc.getElementsByTagName("disk");
        for (int i = 0; i < list.getLength(); i++) {
            Element target = child((Element) list.item(i), "target");
            if (target != null && !target.getAttribute("dev").isEmpty()) {
                targets.add(target.getAttribute("dev"));
            }
        }
        return targets;
    }

    /** Every file the domain reads, its disks' sources and the backing files libvirt recorded for them. */
    java.util.Set<Path> files() {
        java.util.Set<Path> files = new java.util.HashSet<>();
        NodeList list = doc.getElementsByTagName("source");
        for (int i = 0; i < list.getLength(); i++) {
            String file = ((Element) list.item(i)).getAttribute("file");
            if (!file.isEmpty()) {
                files.add(Path.of(file).toAbsolutePath().normalize());
            }
        }
        return files;
    }

    /** Points disk {@code dev} at {@code file} as qcow2 and drops any recorded backing chain. */
    void switchDisk(String dev, Path file) {
        for (Element disk : diskElements()) {
            Element target = child(disk, "target");
            if (target == null || !target.getAttribute("dev").equals(dev)) {
                continue;
            }
            child(disk, "source").setAttribute("file", file.toString());
            Element driver = child(disk, "driver");
            if (driver == null) {
                driver = doc.createElement("driver");
                driver.setAttribute("name", "qemu");
                disk.insertBefore(driver, disk.getFirstChild());
            }
            driver.setAttribute("type", "qcow2");
            Element backing = child(disk, "backingStore");
            if (backing != null) {
                disk.removeChild(backing);
            }
            return;
        }
        throw new IllegalArgumentException("the domain has no disk " + dev);
    }

    String toXml() {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write domain XML: " + e.getMessage(), e);
        }
    }

    private java.util.List<Element> diskElements() {
        java.util.List<Element> result = new java.util.ArrayList<>();
        NodeList list = doc.getElementsByTagName("disk");
        for (int i = 0; i < list.getLength(); i++) {
            Element disk = (Element) list.item(i);
            if ("disk".equals(disk.getAttribute("device")) && disk.getParentNode().getNodeName().equals("devices")) {
                result.add(disk);
            }
        }
        return result;
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
