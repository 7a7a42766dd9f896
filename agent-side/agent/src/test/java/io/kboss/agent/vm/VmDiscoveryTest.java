package io.kboss.agent.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.DiskStorageKind;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetHostInfoCommand;
import io.kboss.agent.contract.HostInfoAnswer;
import io.kboss.agent.contract.ListVmsAnswer;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.VmDiskInfo;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.TestAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Domain;

/** VM, disk and host discovery through the agent's HTTP endpoint against the real libvirtd. */
public class VmDiscoveryTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final String name = "kbt-agent-" + UUID.randomUUID().toString().substring(0, 8);
    private final LibvirtConnection libvirt = new LibvirtConnection("qemu:///system");
    private Path dir;
    private Path disk;
    private String uuid;
    private TestAgent agent;
    private AgentClient client;

    @Before
    public void defineTinyVm() throws Exception {
        dir = Files.createTempDirectory("kbt-agent-vm-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        disk = dir.resolve("root.qcow2");
        new ProcessRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M"),
                Duration.ofSeconds(30));
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/>"
                + "<readonly/></disk></devices></domain>";
        uuid = libvirt.withConnection(c -> c.domainDefineXML(xml).getUUIDString());
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
    }

    @After
    public void removeVm() throws Exception {
        libvirt.withConnection(c -> {
            Domain d = c.domainLookupByUUIDString(uuid);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine();
            return null;
        });
        libvirt.close();
        agent.close();
        new ProcessRunner().run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
    }

    @Test
    public void aDefinedVmIsListedWithItsDisksAndItsStateFollowsLibvirt() throws Exception {
        VmInfo stopped = only(client.execute(byUuid()));
        assertEquals(name, stopped.name);
        assertEquals(VmState.SHUTOFF, stopped.state);
        assertTrue(stopped.persistent);
        assertEquals(64L << 20, stopped.memoryBytes);

        libvirt.withConnection(c -> c.domainLookupByUUIDString(uuid).create());
        VmInfo running = only(client.execute(byUuid()));

        assertEquals(VmState.RUNNING, running.state);
        assertEquals(1, running.vcpus);
        assertEquals(2, running.disks.size());
        VmDiskInfo root = running.disks.get(0);
        assertEquals("vda", root.targetDevice);
        assertEquals("virtio", root.bus);
        assertEquals("disk", root.deviceType);
        assertEquals(DiskStorageKind.FILE, root.storageKind);
        assertEquals(disk.toString(), root.path);
        assertEquals("qcow2", root.format);
        assertEquals(64L << 20, root.virtualSizeBytes);
        assertTrue(root.allocatedSizeBytes > 0 && root.allocatedSizeBytes < (64L << 20));
        assertFalse(root.readOnly);
        VmDiskInfo cdrom = running.disks.get(1);
        assertEquals("cdrom", cdrom.deviceType);
        assertTrue(cdrom.readOnly);
        assertEquals(null, cdrom.path);

        ListVmsAnswer all = client.execute(new ListVmsCommand());
        assertTrue(all.vms.stream().anyMatch(v -> v.uuid.equals(uuid)));
    }

    @Test
    public void anUnknownVmIsNotFound() throws Exception {
        ListVmsCommand c = new ListVmsCommand();
        c.vmUuid = UUID.randomUUID().toString();
        ListVmsAnswer a = client.execute(c);
        assertFalse(a.success);
        assertEquals(ErrorCode.NOT_FOUND, a.errorCode);
    }

    @Test
    public void hostInfoReportsCapacityVersionsAndTheAgentsIdentity() throws Exception {
        HostInfoAnswer host = client.execute(new GetHostInfoCommand());

        assertTrue(host.success);
        assertEquals(Runtime.getRuntime().availableProcessors(), host.cpus);
        assertTrue(host.memoryBytes > host.freeMemoryBytes && host.freeMemoryBytes > 0);
        String virsh = new ProcessRunner()
                .run(List.of("virsh", "-c", "qemu:///system", "version"), Duration.ofSeconds(60))
                .stdout();
        assertTrue(virsh, virsh.contains("libvirt " + host.libvirtVersion));
        assertTrue(virsh, virsh.contains("hypervisor: QEMU " + host.qemuVersion));
        assertEquals(agent.agent.pairing().agentId(), host.agentId);
        assertEquals("0.1.0-SNAPSHOT", host.agentVersion);
        assertEquals(2, host.maxConcurrentJobs);
        assertTrue(host.storagePools.stream().allMatch(p -> p.name != null && p.type != null));
    }

    @Test
    public void anAgentWithAVmNamePrefixNeitherListsNorFindsDomainsWhoseNameLacksIt() throws Exception {
        java.util.Properties others = new java.util.Properties();
        others.setProperty("vm.name.prefix", "kbt-someone-else-");
        java.util.Properties ours = new java.util.Properties();
        ours.setProperty("vm.name.prefix", name.substring(0, name.length() - 3));
        try (TestAgent foreign = new TestAgent(tmp.getRoot().toPath().resolve("foreign"), others);
                TestAgent owner = new TestAgent(tmp.getRoot().toPath().resolve("owner"), ours)) {
            AgentClient foreignClient = foreign.pairedClient();
            ListVmsAnswer notFound = foreignClient.execute(byUuid());
            assertFalse(notFound.success);
            assertEquals(ErrorCode.NOT_FOUND, notFound.errorCode);
            assertTrue(foreignClient.execute(new ListVmsCommand()).vms.stream().noneMatch(v -> v.uuid.equals(uuid)));

            assertEquals(name, only(owner.pairedClient().execute(byUuid())).name);
        }
    }

    @Test
    public void findFindNameAndDefinitionAnswerAlikeForTheAgentsOwnDomainsOthersAndUnknownOnes() throws Exception {
        VmInventory owner = new VmInventory(libvirt, name.substring(0, name.length() - 3));
        VmInventory foreign = new VmInventory(libvirt, "kbt-someone-else-");
        String unknown = UUID.randomUUID().toString();

        assertEquals(name, owner.findName(uuid).orElseThrow());
        assertEquals(name, owner.find(uuid).orElseThrow().name);
        assertTrue(owner.definitionXml(uuid).orElseThrow().contains("<name>" + name + "</name>"));
        // Nothing for a uuid libvirt does not know, nor for a domain outside the agent's prefix.
        for (java.util.Map.Entry<VmInventory, String> e : java.util.Map.of(owner, unknown, foreign, uuid).entrySet()) {
            VmInventory inventory = e.getKey();
            String asked = e.getValue();
            assertTrue(asked, inventory.findName(asked).isEmpty());
            assertTrue(asked, inventory.find(asked).isEmpty());
            assertTrue(asked, inventory.definitionXml(asked).isEmpty());
        }
    }

    private ListVmsCommand byUuid() {
        ListVmsCommand c = new ListVmsCommand();
        c.vmUuid = uuid;
        return c;
    }

    private static VmInfo only(ListVmsAnswer a) {
        assertTrue(a.errorText, a.success);
        assertEquals(1, a.vms.size());
        return a.vms.get(0);
    }
}
