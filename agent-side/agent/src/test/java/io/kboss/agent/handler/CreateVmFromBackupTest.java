package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.NicPolicy;
import io.kboss.agent.contract.RestoreDisk;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.TestAgent;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A VM whose domain was deleted from libvirt comes back as a new VM from an incremental backup:
 * with its whole disks written, or at once on overlays; byte-identical to the disks at backup time,
 * with a new name and uuid, its NICs as asked, and reported by list-vms like any VM.
 */
public class CreateVmFromBackupTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final String prefix = "kbt-nv-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final List<String> created = new ArrayList<>();
    private Path dir;
    private Path primary;
    private String originalUuid;
    private String domainXml;
    private TestAgent agent;
    private AgentClient client;
    private StoreRef store;

    /**
     * A two-disk VM with a NIC and a CD-ROM, a full and an incremental backup with data written
     * between, references of both disks at the incremental, then the VM deleted from libvirt.
     */
    @Before
    public void aBackedUpVmWhoseDomainIsGone() throws Exception {
        dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        primary = Files.createDirectories(dir.resolve("primary"));
        List<Path> disks = List.of(dir.resolve("vda.qcow2"), dir.resolve("vdb.qcow2"));
        for (Path d : disks) {
            QcowChain.full(d, "64M");
        }
        String name = prefix + "orig";
        String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features><devices>"
                + disk(disks.get(0), "vda") + disk(disks.get(1), "vdb")
                + "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>"
                + "<interface type='user'><mac address='52:54:00:4b:0b:55'/><model type='virtio'/></interface>"
                + "</devices></domain>";
        originalUuid = withConnection(c -> {
            Domain d = c.domainDefineXML(xml);
            d.create();
            return d.getUUIDString();
        });
        created.add(name);
        Properties p = new Properties();
        p.setProperty("vm.name.prefix", prefix);
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"), p);
        client = agent.pairedClient();
        store = StoreRef.local("s1", Files.createDirectories(dir.resolve("store")).toString());

        hmp(name, 0, 0xa1, "0", "8M");
        hmp(name, 1, 0xa2, "16M", "8M");
        JobInfo full = run(backup("b1", BackupMode.FULL, null, null));
        assertEquals(full.errorText, JobState.SUCCEEDED, full.state);
        hmp(name, 0, 0xb1, "4M", "2M");
        hmp(name, 1, 0xb2, "40M", "4M");
        JobInfo inc = run(backup("b2", BackupMode.INCREMENTAL, "b1", full.backupResult.checkpointXml));
        assertEquals(inc.errorText, JobState.SUCCEEDED, inc.state);
        assertEquals(BackupMode.INCREMENTAL, inc.backupResult.mode);
        domainXml = inc.backupResult.domainXml;
        withConnection(c -> {
            Domain d = c.domainLookupByName(name);
            d.suspend(); // QEMU flushes when it stops the guest: the files read as the guest sees them
            return null;
        });
        for (int i = 0; i < 2; i++) {
            new ProcessRunner().run(List.of("qemu-img", "convert", "-U", "-O", "qcow2", disks.get(i).toString(),
                    dir.resolve("ref" + i + ".qcow2").toString()), Duration.ofMinutes(2));
        }
        withConnection(c -> {
            Domain d = c.domainLookupByName(name);
            d.destroy();
            d.undefine(1 << 4);
            return null;
        });
        created.remove(name);
    }

    @After
    public void remove() throws Exception {
        if (agent != null) {
            agent.close();
        }
        withConnection(c -> {
            for (String name : created) {
                LabDomain.removeLeftover(c, name);
            }
            return null;
        });
        new ProcessRunner().run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
    }

    private static String disk(Path file, String dev) {
        return "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + file
                + "'/><target dev='" + dev + "' bus='virtio'/></disk>";
    }

    @FunctionalInterface
    private interface Call<T> {
        T on(Connect c) throws LibvirtException;
    }

    private static <T> T withConnection(Call<T> call) throws LibvirtException {
        Connect c = new Connect(LabDomain.URI);
        try {
            return call.on(c);
        } finally {
            c.close();
        }
    }

    private static void hmp(String vm, int disk, int pattern, String offset, String length) throws LibvirtException {
        withConnection(c -> c.domainLookupByName(vm).qemuMonitorCommand("qemu-io -d /machine/peripheral/virtio-disk"
                + disk + "/virtio-backend \"write -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + length
                + "\"", 1));
    }

    private TakeBackupCommand backup(String id, BackupMode mode, String from, String fromXml) {
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = id;
        c.vmUuid = originalUuid;
        c.mode = mode;
        c.fromCheckpoint = from;
        c.fromCheckpointXml = fromXml;
        c.newCheckpoint = id;
        c.store = store;
        for (String dev : List.of("vda", "vdb")) {
            BackupDiskTarget t = new BackupDiskTarget();
            t.targetDevice = dev;
            t.path = "backups/acc/" + dev + "/" + id + ".qcow2";
            t.parentPath = from == null ? null : "backups/acc/" + dev + "/" + from + ".qcow2";
            c.disks.add(t);
        }
        return c;
    }

    private JobInfo run(io.kboss.agent.contract.JobCommand c) throws Exception {
        return AgentJobs.waitFor(client, AgentJobs.start(client, c), j -> j.state.isFinal());
    }

    private CreateVmFromBackupCommand createVm(String name) {
        CreateVmFromBackupCommand c = new CreateVmFromBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b2";
        c.store = store;
        c.vmName = name;
        c.domainXml = domainXml;
        c.destinationFolder = primary.toString();
        for (String dev : List.of("vda", "vdb")) {
            RestoreDisk d = new RestoreDisk();
            d.targetDevice = dev;
            d.chainPaths = List.of("backups/acc/" + dev + "/b1.qcow2", "backups/acc/" + dev + "/b2.qcow2");
            c.disks.add(d);
        }
        created.add(name);
        return c;
    }

    private VmInfo listed(String uuid) throws Exception {
        ListVmsCommand list = new ListVmsCommand();
        list.vmUuid = uuid;
        return client.execute(list).vms.get(0);
    }

    private String liveXml(String name) throws LibvirtException {
        return withConnection(c -> c.domainLookupByName(name).getXMLDesc(0));
    }

    private void destroy(String name) throws LibvirtException {
        withConnection(c -> {
            c.domainLookupByName(name).destroy();
            return null;
        });
    }

    private void assertIdenticalToTheDisksAtTheBackup(Path vda, Path vdb) {
        for (Path[] pair : new Path[][]{{vda, dir.resolve("ref0.qcow2")}, {vdb, dir.resolve("ref1.qcow2")}}) {
            new ProcessRunner().run(List.of("qemu-img", "compare", pair[0].toString(), pair[1].toString()),
                    Duration.ofMinutes(2));
        }
    }

    @Test
    public void aDeletedVmComesBackAsANewRunningVmWhoseWholeDisksAreByteIdenticalAndWhoseNicsHaveNewAddresses()
            throws Exception {
        CreateVmFromBackupCommand c = createVm(prefix + "copy");
        c.nics = NicPolicy.NO_IP;
        c.startVm = true;
        JobInfo job = run(c);

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertEquals(JobType.CREATE_VM_FROM_BACKUP, job.type);
        String uuid = job.restoreResult.newVmUuid;
        assertEquals(uuid, job.vmUuid);
        assertNotEquals(originalUuid, uuid);
        assertEquals(c.vmName, job.restoreResult.newVmName);
        Path vda = primary.resolve(c.vmName + "-vda.qcow2");
        Path vdb = primary.resolve(c.vmName + "-vdb.qcow2");
        assertEquals(List.of(vda.toString(), vdb.toString()), job.restoreResult.restoredPaths);
        assertTrue(job.restoreResult.vmStartedAtMillis > 0);
        VmInfo vm = listed(uuid);
        assertEquals("an ordinary VM of the agent", c.vmName, vm.name);
        assertEquals(VmState.RUNNING, vm.state);
        assertTrue(vm.persistent);
        assertEquals(vda.toString(), vm.disks.stream().filter(d -> "vda".equals(d.targetDevice)).findFirst()
                .orElseThrow().path);
        String xml = liveXml(c.vmName);
        assertTrue("the NIC stays", xml.contains("<interface type='user'>"));
        assertFalse("with a new MAC", xml.contains("52:54:00:4b:0b:55"));
        assertFalse(xml.contains(originalUuid));
        destroy(c.vmName);
        assertIdenticalToTheDisksAtTheBackup(vda, vdb);
    }

    @Test
    public void aDeletedVmQuickRestoredAsANewVmRunsAtOnceAndConsolidatesIntoByteIdenticalStandaloneDisks()
            throws Exception {
        CreateVmFromBackupCommand c = createVm(prefix + "quick");
        c.quickRestore = true;
        c.nics = NicPolicy.NO_NIC;
        Path vdb = primary.resolve("second.qcow2");
        c.disks.get(1).destinationPath = vdb.toString();
        JobInfo job = run(c);

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertTrue(job.restoreResult.consolidated);
        assertTrue(job.restoreResult.vmStartedAtMillis > 0);
        String uuid = job.restoreResult.newVmUuid;
        assertEquals(VmState.RUNNING, listed(uuid).state);
        assertFalse("no NIC", liveXml(c.vmName).contains("<interface"));
        destroy(c.vmName);
        Path vda = primary.resolve(c.vmName + "-vda.qcow2");
        for (Path p : List.of(vda, vdb)) {
            assertFalse(p + " needs no backup any more", QcowChain.backing(p) != null);
        }
        assertIdenticalToTheDisksAtTheBackup(vda, vdb);
    }

    @Test
    public void aNameVolumeOrSourceThatCannotBeUsedIsRefusedAndNothingIsLeftBehind() throws Exception {
        CreateVmFromBackupCommand outside = createVm("kbt-other-" + UUID.randomUUID().toString().substring(0, 6));
        JobAnswer a = client.execute(outside);
        assertEquals(ErrorCode.BAD_REQUEST, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains("vm.name.prefix"));

        CreateVmFromBackupCommand unknown = createVm(prefix + "src");
        unknown.domainXml = null;
        unknown.sourceVmUuid = originalUuid;
        assertEquals("the original is gone from libvirt", ErrorCode.NOT_FOUND, client.execute(unknown).errorCode);

        CreateVmFromBackupCommand taken = createVm(prefix + "taken");
        Files.writeString(primary.resolve(taken.vmName + "-vdb.qcow2"), "someone's volume");
        JobInfo job = run(taken);
        assertEquals(JobState.FAILED, job.state);
        assertTrue(job.errorText, job.errorText.contains("never overwrites"));
        assertEquals("someone's volume", Files.readString(primary.resolve(taken.vmName + "-vdb.qcow2")));
        assertFalse(Files.exists(primary.resolve(taken.vmName + "-vda.qcow2")));
        assertFalse(LabDomain.exists(taken.vmName));
    }
}
