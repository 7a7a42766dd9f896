package io.kboss.agent.disk;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The parsed document, for readers of other libvirt XML (a checkpoint's) that share the parser. */
    Document document() {
        return doc;
    }

    /** The domain's name, or null. */
    String name() {
        Element name = child(doc.getDocumentElement(), "name");
        return name == null ? null : name.getTextContent().trim();
    }

    /** The domain's uuid as written, or null. */
    String uuid() {
        Element uuid = child(doc.getDocumentElement(), "uuid");
        return uuid == null ? null : uuid.getTextContent().trim();
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

    /** Whether the domain has a virtio channel for the QEMU guest agent. */
    boolean hasGuestAgentChannel() {
        for (Element channel : devices("channel")) {
            Element target = child(channel, "target");
            if (target != null && GUEST_AGENT_CHANNEL.equals(target.getAttribute("name"))) {
                return true;
            }
        }
        return false;
    }

    /** The VM's writable UEFI variable store, or null (BIOS, or no NVRAM file). */
    Path nvram() {
        Element os = child(doc.getDocumentElement(), "os");
        Element nvram = os == null ? null : child(os, "nvram");
        return nvram == null || nvram.getTextContent().isBlank() ? null : Path.of(nvram.getTextContent().trim());
    }

    /**
     * A definition for a throwaway copy of this VM: the same CPU, memory and boot definition,
     * named {@code name} with a new uuid; each disk of {@code overlays} reads its overlay, every
     * other disk, CD-ROM or floppy is left out; no network interface nor any other way out (host
     * devices, shared folders, vsock), no graphics listener, a VGA screen for screenshots, the
     * guest-agent channel kept (with a socket libvirt chooses), the serial console written to
     * {@code consoleLog} and the NVRAM (if any) read from {@code nvramCopy}. Anything that ends the
     * guest (power off, reboot, crash) destroys it.
     */
    String throwaway(String name, String description, Map<String, Path> overlays, Path consoleLog, Path nvramCopy) {
        Document copy = (Document) doc.cloneNode(true);
        Element root = copy.getDocumentElement();
        replaceText(copy, root, "name", name);
        removeChildren(root, "uuid");
        removeChildren(root, "metadata");
        replaceText(copy, root, "description", description);
        for (String event : List.of("on_poweroff", "on_reboot", "on_crash")) {
            replaceText(copy, root, event, "destroy");
        }
        Element os = child(root, "os");
        Element nvram = os == null ? null : child(os, "nvram");
        if (nvram != null) {
            nvram.removeAttribute("template");
            nvram.setTextContent(nvramCopy.toString());
        }
        Element devices = child(root, "devices");
        for (Element device : children(devices)) {
            String tag = device.getTagName();
            if (tag.equals("disk")) {
                Element target = child(device, "target");
                Path overlay = target == null ? null : overlays.get(target.getAttribute("dev"));
                if (overlay == null || !"disk".equals(device.getAttribute("device"))) {
                    devices.removeChild(device);
                } else {
                    pointAt(copy, device, overlay);
                }
            } else if (tag.equals("channel")) {
                Element target = child(device, "target");
                if (target == null || !GUEST_AGENT_CHANNEL.equals(target.getAttribute("name"))) {
                    devices.removeChild(device);
                } else {
                    removeChildren(device, "source"); // libvirt picks a socket of its own, not the VM's
                    target.removeAttribute("state");
                }
            } else if (LEFT_OUT_DEVICES.contains(tag)) {
                devices.removeChild(device);
            }
        }
        Element serial = copy.createElement("serial");
        serial.setAttribute("type", "file");
        Element source = copy.createElement("source");
        source.setAttribute("path", consoleLog.toString());
        serial.appendChild(source);
        devices.appendChild(serial);
        if (child(devices, "video") == null) {
            Element video = copy.createElement("video");
            Element model = copy.createElement("model");
            model.setAttribute("type", "vga");
            video.appendChild(model);
            devices.appendChild(video);
        }
        return new DomainXml(copy).toXml();
    }

    /** The channel name of the QEMU guest agent. */
    static final String GUEST_AGENT_CHANNEL = "org.qemu.guest_agent.0";

    /**
     * Devices a throwaway VM must not have: ways to the network or the host (interfaces, host
     * devices, shared folders, vsock, redirected USB, smartcards), listeners (graphics), devices
     * that write the VM's own state files (TPM, shared memory), and consoles (one of its own is added).
     */
    private static final java.util.Set<String> LEFT_OUT_DEVICES = java.util.Set.of("interface", "hostdev",
            "filesystem", "vsock", "redirdev", "smartcard", "graphics", "tpm", "shmem", "serial", "console",
            "parallel", "sound");

    private static void pointAt(Document doc, Element disk, Path overlay) {
        disk.setAttribute("type", "file");
        removeChildren(disk, "source");
        removeChildren(disk, "backingStore");
        Element source = doc.createElement("source");
        source.setAttribute("file", overlay.toString());
        disk.insertBefore(source, disk.getFirstChild());
        Element driver = child(disk, "driver");
        if (driver == null) {
            driver = doc.createElement("driver");
            driver.setAttribute("name", "qemu");
            disk.insertBefore(driver, disk.getFirstChild());
        }
        driver.setAttribute("type", "qcow2");
    }

    private static void replaceText(Document doc, Element parent, String tag, String text) {
        removeChildren(parent, tag);
        Element e = doc.createElement(tag);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static void removeChildren(Element parent, String tag) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(tag)) {
                parent.removeChild(e);
            }
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new java.util.ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private List<Element> devices(String tag) {
        Element devices = child(doc.getDocumentElement(), "devices");
        return devices == null
                ? List.of()
                : children(devices).stream().filter(e -> e.getTagName().equals(tag)).toList();
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
