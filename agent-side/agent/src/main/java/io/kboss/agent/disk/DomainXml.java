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

    /**
     * A definition for a new VM made from this one (a backup's restore as a new VM): named
     * {@code name} with {@code uuid}, and nothing that would tie it to the original or clash with
     * it on this host.
     *
     * <ul>
     *   <li>Each disk of {@code volumes} reads its new volume ({@code format}: qcow2 or raw, no
     *       recorded backing chain); every other disk is left out (the new VM must never share the
     *       original's volumes), CD-ROMs and floppies stay with their trays empty.</li>
     *   <li>Network interfaces as {@code nics} says: KEEP keeps their MAC and IP addresses; NO_IP
     *       drops them (libvirt gives a new MAC, the guest's DHCP a new IP), with the IP parameters
     *       of their traffic filters; NO_NIC drops the interfaces. Their host device names
     *       ({@code <target dev>}) always go: libvirt picks new ones.</li>
     *   <li>The SMBIOS uuid becomes the new uuid (libvirt requires it); a fixed VNC/SPICE port
     *       becomes automatic; a fixed vsock CID automatic; file-backed consoles become pseudo
     *       terminals and guest-agent sockets are left to libvirt (they named the original's
     *       files); a UEFI variable store starts afresh for the new name; host devices (passed-through
     *       PCI/USB) and the original's metadata are left out.</li>
     * </ul>
     */
    String newVm(String name, String uuid, String description, Map<String, Path> volumes,
            Map<String, String> formats, io.kboss.agent.disk.domain.NicPolicy nics) {
        Document copy = (Document) doc.cloneNode(true);
        Element root = copy.getDocumentElement();
        root.removeAttribute("id");
        replaceText(copy, root, "name", name);
        replaceText(copy, root, "uuid", uuid);
        removeChildren(root, "metadata");
        replaceText(copy, root, "description", description);
        Element sysinfo = child(root, "sysinfo");
        Element system = sysinfo == null ? null : child(sysinfo, "system");
        for (Element entry : system == null ? List.<Element>of() : children(system)) {
            if ("uuid".equals(entry.getAttribute("name"))) {
                entry.setTextContent(uuid);
            }
        }
        Element os = child(root, "os");
        Element nvram = os == null ? null : child(os, "nvram");
        if (nvram != null) {
            nvram.setTextContent(""); // libvirt makes <nvram dir>/<new name>_VARS.fd from the template
            removeChildren(nvram, "source");
        }
        Element devices = child(root, "devices");
        for (Element device : devices == null ? List.<Element>of() : children(devices)) {
            switch (device.getTagName()) {
                case "disk" -> newVmDisk(copy, devices, device, volumes, formats);
                case "interface" -> newVmInterface(devices, device, nics);
                case "graphics" -> {
                    if (device.hasAttribute("port") || device.hasAttribute("tlsPort")) {
                        device.setAttribute("autoport", "yes");
                        device.removeAttribute("port");
                        device.removeAttribute("tlsPort");
                    }
                    device.removeAttribute("websocket");
                }
                case "serial", "console", "parallel" -> {
                    if ("file".equals(device.getAttribute("type")) || "unix".equals(device.getAttribute("type"))) {
                        device.setAttribute("type", "pty");
                        removeChildren(device, "source");
                        removeChildren(device, "log");
                    }
                }
                case "channel" -> removeChildren(device, "source");
                case "vsock" -> {
                    Element cid = child(device, "cid");
                    if (cid != null) {
                        cid.setAttribute("auto", "yes");
                        cid.removeAttribute("address");
                    }
                }
                case "hostdev" -> devices.removeChild(device);
                default -> {
                    // everything else (controllers, video, input, memballoon, rng, tpm, ...) is kept
                }
            }
        }
        return new DomainXml(copy).toXml();
    }

    private static void newVmDisk(Document doc, Element devices, Element disk, Map<String, Path> volumes,
            Map<String, String> formats) {
        Element target = child(disk, "target");
        String dev = target == null ? null : target.getAttribute("dev");
        String kind = disk.getAttribute("device").isEmpty() ? "disk" : disk.getAttribute("device");
        if ("cdrom".equals(kind) || "floppy".equals(kind)) {
            removeChildren(disk, "source"); // an empty tray: the original's ISO may not be here
            removeChildren(disk, "backingStore");
            return;
        }
        Path volume = dev == null ? null : volumes.get(dev);
        if (volume == null) {
            devices.removeChild(disk);
            return;
        }
        pointAt(doc, disk, volume);
        child(disk, "driver").setAttribute("type", formats.get(dev));
    }

    /** The filter parameters that pin an interface to the original's addresses. */
    private static final java.util.Set<String> ADDRESS_PARAMETERS = java.util.Set.of("IP", "IPV6", "MAC");

    private static void newVmInterface(Element devices, Element nic, io.kboss.agent.disk.domain.NicPolicy nics) {
        if (nics == io.kboss.agent.disk.domain.NicPolicy.NO_NIC) {
            devices.removeChild(nic);
            return;
        }
        removeChildren(nic, "target");
        if (nics == io.kboss.agent.disk.domain.NicPolicy.NO_IP) {
            removeChildren(nic, "mac");
            removeChildren(nic, "ip");
            removeChildren(nic, "route");
            Element filter = child(nic, "filterref");
            for (Element parameter : filter == null ? List.<Element>of() : children(filter)) {
                if (ADDRESS_PARAMETERS.contains(parameter.getAttribute("name"))) {
                    filter.removeChild(parameter);
                }
            }
        }
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
