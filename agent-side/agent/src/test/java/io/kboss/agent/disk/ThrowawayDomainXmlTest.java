package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

/** The definition of a validation VM, made from a cloud VM's: what it keeps and what it must not have. */
public class ThrowawayDomainXmlTest {
    private static final String CLOUD_VM = "<domain type='kvm'><name>i-2-10-VM</name>"
            + "<uuid>0b9c6c2e-2b1a-4d1e-9a55-6c1f8f7b2a11</uuid><description>web server</description>"
            + "<memory unit='KiB'>2097152</memory><vcpu placement='static'>2</vcpu>"
            + "<cpu mode='host-model'><topology sockets='1' cores='2' threads='1'/></cpu>"
            + "<os><type arch='x86_64' machine='pc'>hvm</type><loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>"
            + "<nvram template='/usr/share/OVMF/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/i-2-10-VM_VARS.fd</nvram>"
            + "<boot dev='hd'/></os><on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><devices>"
            + "<disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='/dev/vg/root'/>"
            + "<target dev='vda' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/pool/data.qcow2'/>"
            + "<backingStore type='file'><source file='/pool/template.qcow2'/></backingStore>"
            + "<target dev='vdb' bus='virtio'/></disk>"
            + "<disk type='file' device='cdrom'><source file='/iso/tools.iso'/><target dev='hdc' bus='ide'/></disk>"
            + "<interface type='bridge'><source bridge='cloudbr0'/><model type='virtio'/></interface>"
            + "<hostdev mode='subsystem' type='pci'><source><address bus='0x3'/></source></hostdev>"
            + "<filesystem type='mount'><source dir='/srv'/><target dir='srv'/></filesystem>"
            + "<graphics type='vnc' port='-1' listen='0.0.0.0' passwd='secret'/>"
            + "<serial type='pty'><target port='0'/></serial><console type='pty'/>"
            + "<channel type='unix'><source mode='bind' path='/var/lib/libvirt/qemu/i-2-10-VM.agent'/>"
            + "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel>"
            + "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"
            + "<video><model type='cirrus'/></video><memballoon model='virtio'/></devices></domain>";

    private final String xml = DomainXml.parse(CLOUD_VM).throwaway("kboss-validation-b1-12345678", "validation of b1",
            Map.of("vda", Path.of("/scratch/vda.qcow2")), Path.of("/scratch/console.log"),
            Path.of("/scratch/nvram.fd"));

    @Test
    public void theValidationVmKeepsTheCpuMemoryAndBootDefinitionUnderItsOwnNameAndUuid() {
        assertTrue(xml, xml.contains("<name>kboss-validation-b1-12345678</name>"));
        assertFalse("libvirt gives it a uuid of its own", xml.contains("0b9c6c2e"));
        assertTrue(xml.contains("<memory unit=\"KiB\">2097152</memory>"));
        assertTrue(xml.contains("<vcpu placement=\"static\">2</vcpu>"));
        assertTrue(xml.contains("<topology cores=\"2\" sockets=\"1\" threads=\"1\"/>"));
        assertTrue(xml.contains("OVMF_CODE.fd"));
        assertTrue("the NVRAM is a copy, never the VM's own", xml.contains(">/scratch/nvram.fd</nvram>"));
        assertFalse(xml.contains("i-2-10-VM_VARS.fd"));
        assertTrue(xml.contains("<on_reboot>destroy</on_reboot>"));
    }

    @Test
    public void itHasNoNetworkNoHostDeviceNoSharedFolderAndNoListener() {
        for (String gone : new String[]{"<interface", "cloudbr0", "<hostdev", "<filesystem", "<graphics", "secret",
                "spicevmc", "type=\"pty\""}) {
            assertFalse(gone + " left in " + xml, xml.contains(gone));
        }
        assertTrue("a screen for the screenshot", xml.contains("<video>"));
        assertTrue("its console goes to its scratch folder", xml.contains("<source path=\"/scratch/console.log\"/>"));
    }

    @Test
    public void onlyTheValidatedDisksRemainEachReadingItsOverlay() {
        DomainXml copy = DomainXml.parse(xml);
        assertEquals(Map.of("vda", new VmDisk("vda", Path.of("/scratch/vda.qcow2"), "qcow2")), copy.disks());
        assertFalse("the VM's block device is not opened", xml.contains("/dev/vg/root"));
        assertFalse("nor its other disk", xml.contains("/pool/"));
        assertFalse("nor its CD-ROM", xml.contains("tools.iso"));
    }

    @Test
    public void theGuestAgentChannelStaysWithASocketLibvirtChooses() {
        DomainXml copy = DomainXml.parse(xml);
        assertTrue(copy.hasGuestAgentChannel());
        assertFalse("not the VM's own socket", xml.contains("i-2-10-VM.agent"));
        assertFalse(xml.contains("state="));
    }
}
