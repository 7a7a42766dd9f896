package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * cancelBackupOperation and createVMFromBackup with a real agent, libvirt and TCG domains, over HTTP: a
 * running backup of a VM holding 1.5 GiB is cancelled (the VM keeps running, never paused; no file of the
 * cancelled backup is left on the store, nor its checkpoint; the next backup is a BackedUp full) and a
 * backup queued behind it is dropped; a VM undefined from libvirt is made anew from its incremental backup,
 * its disk byte-identical to the original's at that backup, and listed by listVirtualMachines.
 */
public class CancelAndNewVmOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);
    private LabCloud cloud;
    private ApiSession admin;

    @Before
    public void setUp() throws Exception {
        cloud = LabCloud.builder("kbt-cnl-", "cancel_new_vm").adminPassword("cancel-admin").jobTimeout(JOB_TIMEOUT)
                .zone("cancel").offering("cancel", "cancel", "allowquickrestore", "true")
                .domainPrefix("kbt-cancelnewvm-")
                .hostsOwning("kbt-cancelnewvm-").start();
        admin = cloud.admin;
    }

    @After
    public void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    private LabVm vm(String size, String prefill) throws Exception {
        LabVm vm = cloud.discover(0, cloud.startDomain(0, size, prefill));
        cloud.assignOffering(admin, vm, cloud.offering("cancel"));
        return vm;
    }

    /** The store's files whose path names the backup. */
    private List<Path> filesOf(String backup) throws Exception {
        try (Stream<Path> all = Files.walk(cloud.store)) {
            return all.filter(p -> p.toString().contains(backup)).toList();
        }
    }

    @Test
    public void aRunningBackupIsCancelledCleanlyAndABackupQueuedBehindItIsDropped() throws Exception {
        LabVm big = vm("2G", "1536M");
        LabVm small = vm("256M", null);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");
        JsonObject running = admin.ok("createBackup", "virtualmachineid", big.uuid);
        String runningBackup = running.get("id").getAsString();
        Waiting.until(() -> "BackingUp".equals(cloud.single("SELECT status FROM backup WHERE uuid = '"
                + runningBackup + "'")), Duration.ofSeconds(60));
        JsonObject queued = admin.ok("createBackup", "virtualmachineid", small.uuid);

        JsonObject dropped = admin.ok("cancelBackupOperation", "virtualmachineid", small.uuid);
        assertTrue(dropped.toString(), dropped.get("displaytext").getAsString().contains("was queued: it was dropped"));
        JsonObject queuedJob = admin.waitForJob(queued.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(queuedJob.toString(), 2, queuedJob.get("jobstatus").getAsInt());
        assertTrue(queuedJob.toString(), queuedJob.toString().contains("cancelled by admin before it started"));

        // The agent is writing the backup: cancel it through the async job id the user holds.
        Waiting.until(() -> cloud.agentJobOf(big.hostUuid, runningBackup) != null
                && cloud.agentJobOf(big.hostUuid, runningBackup).bytesDone > 0, Duration.ofSeconds(60));
        JsonObject asked = admin.ok("cancelBackupOperation", "jobid", running.get("jobid").getAsString());
        assertTrue(asked.toString(), asked.get("displaytext").getAsString().contains("is running"));
        JsonObject job = admin.waitForJob(running.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("cancelled by admin"));
        assertEquals("CANCELLED", cloud.single("SELECT state FROM operation WHERE backup_id = (SELECT id FROM backup"
                + " WHERE uuid = '" + runningBackup + "') AND kind = 'BACKUP'"));
        assertEquals("Failed", cloud.listed(admin, runningBackup).get("status").getAsString());
        assertTrue("the VM kept running, never paused", big.domain.running());
        assertEquals("no file of the cancelled backup is left: " + filesOf(runningBackup), List.of(),
                filesOf(runningBackup));
        assertFalse("nor its checkpoint", big.domain.checkpointNames().contains(runningBackup));

        JsonObject next = cloud.backUp(admin, big);
        assertEquals(next.toString(), "BackedUp", next.get("status").getAsString());
        assertEquals("a new chain: the cancelled backup was its tip", "Full", next.get("type").getAsString());
    }

    @Test
    public void aVmUndefinedFromLibvirtIsMadeAnewFromItsIncrementByteIdenticalAndQuickRestoredAsANewVm()
            throws Exception {
        LabVm vm = vm("256M", "64M");
        cloud.takeBackup(admin, vm.uuid);
        vm.domain.write(0x42, "8M", "4M");
        JsonObject increment = cloud.backUp(admin, vm);
        assertEquals("Incremental", increment.get("type").getAsString());
        cloud.stop(vm);
        Path expected = cloud.folder.resolve("expected.qcow2");
        vm.domain.copyDisk(0, expected);
        Path originalDisk = vm.domain.disk;
        cloud.destroy(vm.domain); // undefined from libvirt behind the server's back
        Files.deleteIfExists(originalDisk);
        cloud.syncNow(vm.hostUuid);
        assertEquals("discovery removed the VM", "0", cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '"
                + vm.uuid + "' AND removed IS NULL"));

        String name = "kbt-cancelnewvm-reborn";
        String quick = name + "-quick";
        try {
            JsonObject asked = admin.ok("createVMFromBackup", "backupid", increment.get("id").getAsString(), "name",
                    name, "nics", "NO_NIC", "startvm", "false");
            JsonObject job = admin.waitForJob(asked.get("jobid").getAsString(), JOB_TIMEOUT);
            assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
            String made = job.getAsJsonObject("jobresult").getAsJsonObject("virtualmachine").get("id").getAsString();
            JsonArray listed = admin.ok("listVirtualMachines", "id", made).getAsJsonArray("virtualmachine");
            assertEquals(listed.toString(), 1, listed.size());
            assertEquals(name, listed.get(0).getAsJsonObject().get("name").getAsString());
            String disk = cloud.single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id WHERE m.uuid"
                    + " = '" + made + "' AND v.device = 'vda' AND v.removed IS NULL");
            String compared = Programs.run(List.of("qemu-img", "compare", "-U", expected.toString(), disk),
                    Duration.ofSeconds(120));
            assertTrue(compared, compared.contains("Images are identical"));
            assertTrue(LabDomain.exists(name));

            // Quick restore as a new VM: it runs at once on overlays, and the job ends once they are consolidated.
            JsonObject quickAsked = admin.ok("createVMFromBackup", "backupid", increment.get("id").getAsString(),
                    "name", quick, "nics", "NO_NIC", "quickrestore", "true");
            JsonObject quickJob = admin.waitForJob(quickAsked.get("jobid").getAsString(), JOB_TIMEOUT);
            assertEquals(quickJob.toString(), 1, quickJob.get("jobstatus").getAsInt());
            String quickVm = quickJob.getAsJsonObject("jobresult").getAsJsonObject("virtualmachine").get("id")
                    .getAsString();
            assertTrue("the quick-restored VM runs", cloud.libvirt.withConnection(
                    c -> c.domainLookupByName(quick).isActive() == 1));
            String quickDisk = cloud.single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id WHERE"
                    + " m.uuid = '" + quickVm + "' AND v.device = 'vda' AND v.removed IS NULL");
            cloud.libvirt.withConnection(c -> {
                c.domainLookupByName(quick).destroy(); // stopped for the comparison
                return null;
            });
            String info = Programs.run(List.of("qemu-img", "info", "-U", "--output=json", quickDisk),
                    Duration.ofSeconds(60));
            assertFalse("consolidated: no backing file left: " + info, info.contains("backing-filename"));
            String quickCompared = Programs.run(List.of("qemu-img", "compare", "-U", expected.toString(), quickDisk),
                    Duration.ofSeconds(120));
            assertTrue(quickCompared, quickCompared.contains("Images are identical"));
        } finally {
            cloud.libvirt.withConnection(c -> {
                LabDomain.removeLeftover(c, name);
                LabDomain.removeLeftover(c, quick);
                return null;
            });
        }
    }

    @Test
    public void aVmUndefinedBeforeBackupsRecordedDefinitionsIsMadeAnewFromAPlainDefinitionByteIdentical()
            throws Exception {
        LabVm vm = vm("64M", "8M");
        String backup = cloud.takeBackup(admin, vm.uuid);
        // Shaped as a backup taken before V18: no definition recorded with it.
        cloud.sql.execute("UPDATE backup SET domain_xml = NULL WHERE uuid = '" + backup + "'");
        cloud.stop(vm);
        Path expected = cloud.folder.resolve("expected-plain.qcow2");
        vm.domain.copyDisk(0, expected);
        Path originalDisk = vm.domain.disk;
        cloud.destroy(vm.domain);
        Files.deleteIfExists(originalDisk);
        cloud.syncNow(vm.hostUuid);
        assertEquals("discovery removed the VM and kept its size", "1 33554432", cloud.single("SELECT CONCAT(cpus,"
                + " ' ', memory_bytes) FROM vm_instance WHERE uuid = '" + vm.uuid + "' AND removed IS NOT NULL"));

        String name = "kbt-cancelnewvm-plain";
        try {
            JsonObject asked = admin.ok("createVMFromBackup", "backupid", backup, "name", name, "startvm", "false",
                    "nics", "NO_NIC"); // a plain definition knows no NICs: KEEP, the default, is refused
            JsonObject job = admin.waitForJob(asked.get("jobid").getAsString(), JOB_TIMEOUT);
            assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
            assertTrue(LabDomain.exists(name));
            String xml = cloud.libvirt.withConnection(c -> c.domainLookupByName(name).getXMLDesc(0));
            assertTrue("the vCPUs and memory discovery recorded: " + xml, xml.contains(">32768</memory>")
                    && xml.matches("(?s).*<vcpu[^>]*>1</vcpu>.*"));
            assertFalse("no NIC: the server never knew the original's", xml.contains("<interface"));
            String made = job.getAsJsonObject("jobresult").getAsJsonObject("virtualmachine").get("id").getAsString();
            String disk = cloud.single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id WHERE m.uuid"
                    + " = '" + made + "' AND v.device = 'vda' AND v.removed IS NULL");
            String compared = Programs.run(List.of("qemu-img", "compare", "-U", expected.toString(), disk),
                    Duration.ofSeconds(120));
            assertTrue(compared, compared.contains("Images are identical"));
        } finally {
            cloud.libvirt.withConnection(c -> {
                LabDomain.removeLeftover(c, name);
                return null;
            });
        }
    }
}
