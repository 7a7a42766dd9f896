package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.NicPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The definition of a VM created from a backup: what it keeps of the original and what it must not share. */
public class NewVmDomainXmlTest {
    private static final String UUID = "6f1c1d6e-8f2a-4e55-9d1b-2c3b4a5f6e7d";
    private static final String CLOUD_VM = "<domain type='kvm' id='42'><name>i-2-10-VM</name>"
            + "<uuid>0b9c6c2e-2b1a-4d1e-9a55-6c1f8f7b2a11</uuid><title>web</title>"
            + "<metadata><cloud:vm xmlns:cloud='urn:x'>owner</cloud:vm></metadata>"
            + "<memory unit='KiB'>2097152</memory><vcpu placement='static'>2</vcpu>"
            + "<sysinfo type='smbios'><system><entry name='manufacturer'>Apache</entry>"
            + "<entry name='uuid'>0b9c6c2e-2b1a-4d1e-9a55-6c1f8f7b2a11</entry></system></sysinfo>"
            + "<os><type arch='x86_64' machine='pc'>hvm</type><loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>"
            + "<nvram template='/usr/share/OVMF/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/i-2-10-VM_VARS.fd</nvram>"
            + "<smbios mode='sysinfo'/></os><devices>"
            + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/pool/root.qcow2'/>"
            + "<backingStore type='file'><source file='/pool/template.qcow2'/></backingStore>"
            + "<target dev='vda' bus='virtio'/><serial>ROOT1</serial></disk>"
            + "<disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='/dev/vg/data'/>"
            + "<target dev='vdb' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/pool/scratch.qcow2'/>"
            + "<target dev='vdc' bus='virtio'/></disk>"
            + "<disk type='file' device='cdrom'><source file='/iso/tools.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>"
            + "<interface type='bridge'><mac address='52:54:00:12:34:56'/><source bridge='cloudbr0'/>"
            + "<target dev='vnet7'/><model type='virtio'/><filterref filter='clean-traffic'>"
            + "<parameter name='IP' value='10.1.1.5'/><parameter name='CTRL_IP_LEARNING' value='none'/></filterref>"
            + "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/></interface>"
            + "<interface type='ethernet'><mac address='52:54:00:aa:bb:cc'/><ip address='192.168.7.9' prefix='24'/>"
            + "<route address='0.0.0.0' prefix='0' gateway='192.168.7.1'/><model type='virtio'/></interface>"
            + "<hostdev mode='subsystem' type='pci'><source><address bus='0x3'/></source></hostdev>"
            + "<graphics type='vnc' port='5901' autoport='no' websocket='5701' listen='0.0.0.0'/>"
            + "<serial type='file'><source path='/var/log/i-2-10-VM.log'/><target port='0'/></serial>"
            + "<console type='file'><source path='/var/log/i-2-10-VM.log'/></console>"
            + "<channel type='unix'><source mode='bind' path='/var/lib/libvirt/qemu/i-2-10-VM.agent'/>"
            + "<target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
            + "<vsock model='virtio'><cid auto='no' address='7'/></vsock>"
            + "<video><model type='cirrus'/></video></devices></domain>";

    private static String newVm(NicPolicy nics) {
        return DomainXml.parse(CLOUD_VM).newVm("kbt-copy", UUID, "from backup b7",
                Map.of("vda", Path.of("/primary/kbt-copy-vda.qcow2"), "vdb", Path.of("/primary/kbt-copy-vdb.raw")),
                Map.of("vda", "qcow2", "vdb", "raw"), nics);
    }

    @Test
    public void theNewVmHasItsOwnNameUuidAndSmbiosUuidAndKeepsCpuMemoryFirmwareAndMachine() {
        String xml = newVm(NicPolicy.KEEP);
        DomainXml parsed = DomainXml.parse(xml);
        assertEquals("kbt-copy", parsed.name());
        assertEquals(UUID, parsed.uuid());
        assertFalse("nothing names the original's uuid: " + xml, xml.contains("0b9c6c2e"));
        assertTrue(xml, xml.contains("<entry name=\"uuid\">" + UUID + "</entry>"));
        assertFalse("no runtime id", xml.contains("id=\"42\""));
        assertFalse("the original's metadata stays with it", xml.contains("owner"));
        assertTrue(xml.contains("<description>from backup b7</description>"));
        assertTrue(xml.contains("<memory unit=\"KiB\">2097152</memory>"));
        assertTrue(xml.contains("machine=\"pc\""));
        assertTrue(xml.contains("OVMF_CODE.fd"));
        assertFalse("UEFI variables start afresh for the new name", xml.contains("i-2-10-VM_VARS.fd"));
        assertTrue(xml.contains("template=\"/usr/share/OVMF/OVMF_VARS.fd\""));
    }

    @Test
    public void restoredDisksReadTheirNewVolumesOthersAreLeftOutAndTheCdromIsEmptied() {
        String xml = newVm(NicPolicy.KEEP);
        Map<String, VmDisk> disks = DomainXml.parse(xml).disks();
        assertEquals(List.of("vda", "vdb"), List.copyOf(disks.keySet()));
        assertEquals(new VmDisk("vda", Path.of("/primary/kbt-copy-vda.qcow2"), "qcow2"), disks.get("vda"));
        assertEquals("a block disk restored into a file",
                new VmDisk("vdb", Path.of("/primary/kbt-copy-vdb.raw"), "raw"),
                disks.get("vdb"));
        for (String gone : new String[]{"/pool/root.qcow2", "template.qcow2", "/dev/vg/data", "scratch.qcow2",
                "tools.iso"}) {
            assertFalse(gone + " left in " + xml, xml.contains(gone));
        }
        assertTrue("the CD-ROM drive stays, empty", xml.contains("device=\"cdrom\""));
        assertTrue("the disk's serial stays (the guest may mount by it)", xml.contains("<serial>ROOT1</serial>"));
    }

    @Test
    public void keptInterfacesKeepTheirAddressesButNotTheirHostDeviceNames() {
        String xml = newVm(NicPolicy.KEEP);
        assertTrue(xml.contains("52:54:00:12:34:56") && xml.contains("52:54:00:aa:bb:cc"));
        assertTrue(xml.contains("10.1.1.5") && xml.contains("192.168.7.9"));
        assertFalse("libvirt names the new taps", xml.contains("vnet7"));
        assertTrue("the guest sees its NIC in the same slot", xml.contains("slot=\"0x03\""));
    }

    @Test
    public void noIpKeepsTheInterfacesWithoutTheirMacAndIpAddresses() {
        String xml = newVm(NicPolicy.NO_IP);
        assertEquals(2, xml.split("<interface ", -1).length - 1);
        for (String gone : new String[]{"52:54:00:12:34:56", "52:54:00:aa:bb:cc", "10.1.1.5", "192.168.7.9",
                "<route", "vnet7"}) {
            assertFalse(gone + " left in " + xml, xml.contains(gone));
        }
        assertTrue("the filter stays, without the address it pinned", xml.contains("clean-traffic")
                && xml.contains("CTRL_IP_LEARNING"));
        assertTrue(xml.contains("cloudbr0"));
    }

    @Test
    public void noNicDropsEveryInterface() {
        String xml = newVm(NicPolicy.NO_NIC);
        assertFalse(xml, xml.contains("<interface"));
        assertFalse(xml.contains("cloudbr0"));
    }

    @Test
    public void nothingOnTheHostClashesWithTheOriginalOrReachesItsDevices() {
        String xml = newVm(NicPolicy.KEEP);
        assertFalse("no passed-through device", xml.contains("<hostdev"));
        assertTrue("a fixed VNC port becomes automatic", xml.contains("autoport=\"yes\"") && !xml.contains("5901")
                && !xml.contains("5701"));
        assertFalse("the consoles no longer write the original's log", xml.contains("i-2-10-VM.log"));
        assertTrue(xml.contains("<serial type=\"pty\">"));
        assertFalse("libvirt makes the guest agent's socket", xml.contains("i-2-10-VM.agent"));
        assertTrue(xml.contains("org.qemu.guest_agent.0"));
        assertTrue("the vsock CID is chosen anew", xml.contains("<cid auto=\"yes\"/>"));
    }

    @Test
    public void aPlainDefinitionPutsDisksOnTheBusTheirNamesImplyAndHasNoNetwork() {
        String template = TemplateDomain.xml("qemu", 2, 1L << 30, List.of("vda", "sdb", "hdc"));
        String xml = DomainXml.parse(template).newVm("kbt-plain", UUID, "d", Map.of("vda", Path.of("/p/a.qcow2"),
                "sdb", Path.of("/p/b.qcow2"), "hdc", Path.of("/p/c.qcow2")),
                Map.of("vda", "qcow2", "sdb", "qcow2",
                        "hdc", "qcow2"),
                NicPolicy.KEEP);
        assertTrue(xml, xml.contains("<domain type=\"qemu\">"));
        assertTrue(xml.contains("bus=\"virtio\"") && xml.contains("bus=\"scsi\"") && xml.contains("bus=\"ide\""));
        assertTrue(xml.contains("model=\"virtio-scsi\""));
        assertEquals(3, DomainXml.parse(xml).disks().size());
        assertFalse(xml.contains("<interface"));
        assertTrue(xml.contains("<vcpu>2</vcpu>") && xml.contains("1048576"));
        assertThrows(IllegalArgumentException.class, () -> TemplateDomain.xml("xen", 1, 1L << 30, List.of("vda")));
        assertThrows(IllegalArgumentException.class, () -> TemplateDomain.xml("kvm", 0, 1L << 30, List.of("vda")));
        assertThrows(IllegalArgumentException.class, () -> TemplateDomain.xml("kvm", 1, 1L << 30, List.of("xvda")));
    }
}
