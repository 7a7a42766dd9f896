package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreDisk;
import java.util.List;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * restoreBackup of a VM whose transient domain ended when it stopped (CloudStack's VMs; discovery keeps
 * such a VM Stopped with its volumes, domain_defined = 0), over the queue with the fake agent: the agent,
 * which no longer knows the VM, is sent each disk's volume path, and a quick restore is
 * sent the definition the backup recorded to start the VM from. A VM libvirt knows gets neither, as
 * before. A backup of such a VM is refused up front (the agent reads disks through the domain). A quick restore of a backup that recorded no definition fails without a job on the agent.
 * A volume restored into such a VM is recorded as its disk without an attach (there is no domain to attach to),
 * and expungeVirtualMachine forgets such a VM when its manager (CloudStack) expunges it, keeping its backups.
 */
public class TransientVmRestoreJobsTest extends OneServerLab {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_transient", "transient", 4, "tr");
    }

    @After
    public void finishLeftovers() {
        endLeftovers();
    }

    /** A VM with a root (vda) and a data disk (vdb) on another path. */
    private static OrchestrationCloud.Vm backedUpVm() {
        vms++;
        OrchestrationCloud.Vm vm = cloud.vm("i-2-" + vms + "-VM", cloud.host("tr-h" + vms));
        cloud.sql.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                + " SELECT UUID(), 'data', v.id, v.account_id, v.domain_id, v.zone_id, 'vdb', 1, 'DATADISK', 'virtio',"
                + " ?, 'qcow2', 8388608, 'FILE', 'Ready', NOW(3) FROM vm_instance v WHERE v.id = ?",
                "/mnt/primary/" + vm.name() + "-data.qcow2", vm.id());
        return vm;
    }

    /** What discovery does when a transient domain is gone from its host. */
    private static void domainEnded(OrchestrationCloud.Vm vm) {
        cloud.sql.update("UPDATE vm_instance SET domain_persistent = 0, domain_defined = 0, power_state = 'PowerOff',"
                + " state = 'Stopped' WHERE id = ?", vm.id());
    }

    private static JsonObject restore(String backup, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "id";
        args[1] = backup;
        System.arraycopy(more, 0, args, 2, more.length);
        JsonObject asked = server.ok(admin, "restoreBackup", args);
        server.drain();
        return server.job(admin, asked.get("jobid").getAsString());
    }

    private static <C> C last(List<C> all) {
        return all.get(all.size() - 1);
    }

    @Test
    public void aStoppedTransientVmIsRestoredIntoItsVolumesByTheirPaths() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        domainEnded(vm);

        JsonObject job = restore(backup);
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        RestoreBackupCommand c = last(cloud.agents.commands(RestoreBackupCommand.class));
        assertEquals(c.vmUuid, cloud.single("SELECT domain_uuid FROM vm_instance WHERE id = ?", vm.id()));
        assertEquals(2, c.disks.size());
        RestoreDisk root = c.disks.stream().filter(d -> d.targetDevice.equals("vda")).findFirst().orElseThrow();
        RestoreDisk data = c.disks.stream().filter(d -> d.targetDevice.equals("vdb")).findFirst().orElseThrow();
        assertEquals("/var/lib/kboss-test/" + vm.name() + "/root.qcow2", root.destinationPath);
        assertEquals("qcow2", root.destinationFormat);
        assertEquals("/mnt/primary/" + vm.name() + "-data.qcow2", data.destinationPath);
        assertEquals("qcow2", data.destinationFormat);
        assertTrue("the chain is still sent", root.chainPaths.get(0).contains(backup));
    }

    @Test
    public void aBackupOfAStoppedTransientVmIsRefusedUpFrontUntilItStartsAgain() {
        OrchestrationCloud.Vm vm = backedUpVm();
        domainEnded(vm);
        long before = cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?", vm.id());
        JsonObject refused = server.refused(431, admin, "createBackup", "virtualmachineid", vm.uuid());
        assertTrue(refused.toString(), refused.toString().contains("VM " + vm.name() + " is stopped and its host no"
                + " longer defines it") && refused.toString().contains("start the VM and retry"));
        assertEquals("nothing queued", before, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?", vm.id()));

        cloud.sql.update("UPDATE vm_instance SET domain_defined = 1, power_state = 'PowerOn', state = 'Running'"
                + " WHERE id = ?", vm.id()); // discovery saw it started again
        backedUp(vm);
        assertEquals(before + 1, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?", vm.id()));
    }

    @Test
    public void aVmLibvirtKnowsIsRestoredIntoItsOwnDisksAsBefore() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);

        JsonObject job = restore(backup);
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        RestoreBackupCommand c = last(cloud.agents.commands(RestoreBackupCommand.class));
        assertEquals(2, c.disks.size());
        assertTrue(c.disks.toString(), c.disks.stream().allMatch(d -> d.destinationPath == null));

        server.ok(admin, "restoreBackup", "id", backup, "quickrestore", "true");
        server.drain();
        assertNull("no definition for a VM libvirt knows",
                last(cloud.agents.commands(QuickRestoreCommand.class)).domainXml);
    }

    @Test
    public void aQuickRestoreOfAStoppedTransientVmSendsTheDefinitionItsBackupRecorded() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        domainEnded(vm);

        JsonObject job = restore(backup, "quickrestore", "true");
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        QuickRestoreCommand c = last(cloud.agents.commands(QuickRestoreCommand.class));
        assertEquals(cloud.single("SELECT domain_xml FROM backup WHERE uuid = ?", backup), c.domainXml);
        assertTrue(c.domainXml, c.domainXml.contains("<domain"));
    }

    @Test
    public void withoutARecordedDefinitionTheQuickRestoreFailsAndTheAgentGetsNoJob() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        cloud.sql.update("UPDATE backup SET domain_xml = NULL WHERE uuid = ?", backup);
        domainEnded(vm);
        int before = cloud.agents.commands(QuickRestoreCommand.class).size();

        JsonObject job = restore(backup, "quickrestore", "true");
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        String error = job.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(error, error.contains("recorded no domain definition") && error.contains("without quickrestore")
                && error.contains("the VM's disks are as they were"));
        assertEquals(before, cloud.agents.commands(QuickRestoreCommand.class).size());
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
        assertEquals("Stopped", cloud.single("SELECT state FROM vm_instance WHERE id = ?", vm.id()));
    }

    @Test
    public void aDiskTheServerHasNoVolumeForFailsTheRestoreBeforeTheAgent() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        domainEnded(vm);
        cloud.sql.update("UPDATE volume SET removed = NOW(3) WHERE vm_id = ? AND device = 'vdb'", vm.id());
        int before = cloud.agents.commands(RestoreBackupCommand.class).size();

        JsonObject job = restore(backup);
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        String error = job.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(error, error.contains("no file volume of device vdb"));
        assertEquals(before, cloud.agents.commands(RestoreBackupCommand.class).size());
    }

    private static JsonObject restoreVolume(String backup, String volume, OrchestrationCloud.Vm into) {
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid",
                volume, "virtualmachineid", into.uuid());
        server.drain();
        return server.job(admin, asked.get("jobid").getAsString());
    }

    @Test
    public void aVolumeRestoredIntoAStoppedTransientVmIsRecordedAsItsNextDiskWithoutAnAttach() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        domainEnded(vm);
        String data = cloud.single("SELECT uuid FROM volume WHERE vm_id = ? AND device = 'vdb'", vm.id());
        int attaches = cloud.agents.attachedPaths().size();

        JsonObject job = restoreVolume(backup, data, vm);
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        String text = job.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains("recorded as VM " + vm.name() + "'s disk vdc")
                && text.contains("no domain was changed"));
        RestoreBackupCommand c = last(cloud.agents.commands(RestoreBackupCommand.class));
        assertEquals(1, c.disks.size());
        String written = c.disks.get(0).destinationPath;
        assertTrue(written, written.startsWith("/var/lib/kboss-test/" + vm.name() + "/restored-"));
        assertTrue("the chain of the data disk", c.disks.get(0).chainPaths.get(0).contains(backup));
        assertEquals("no attach: the host defines no domain", attaches, cloud.agents.attachedPaths().size());
        assertEquals(written, cloud.single("SELECT path FROM volume WHERE vm_id = ? AND device = 'vdc' AND"
                + " volume_type = 'DATADISK' AND removed IS NULL", vm.id()));
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));

        vms++;
        OrchestrationCloud.Vm defined = cloud.vm("i-2-" + vms + "-VM", cloud.host("tr-h" + vms)); // vda only
        JsonObject into = restoreVolume(backup, data, defined);
        assertEquals(into.toString(), 1, into.get("jobstatus").getAsInt());
        String attached = last(cloud.agents.commands(RestoreBackupCommand.class)).disks.get(0).destinationPath;
        assertEquals("a VM its host defines gets the agent's attach", List.of(attached),
                cloud.agents.attachedPaths().subList(attaches, cloud.agents.attachedPaths().size()));
    }

    @Test
    public void aStoppedTransientVmIsExpungedOnlyWhenNothingHoldsItAndItsBackupsAreKept() {
        OrchestrationCloud.Vm vm = backedUpVm();
        String backup = backedUp(vm);
        JsonObject defined = server.refused(431, admin, "expungeVirtualMachine", "id", vm.uuid());
        assertTrue(defined.toString(), defined.toString().contains("VM " + vm.name() + " is still defined on its"
                + " host") && defined.toString().contains("destroy or undefine the domain there"));

        domainEnded(vm);
        server.ok(admin, "restoreBackup", "id", backup); // queued, not run: it holds the VM
        JsonObject busy = server.refused(536, admin, "expungeVirtualMachine", "id", vm.uuid());
        assertTrue(busy.toString(), busy.toString().contains("is busy (RESTORE"));
        server.drain();
        assertEquals("refusals change nothing", 2, cloud.count("SELECT COUNT(*) FROM volume WHERE vm_id = ? AND"
                + " removed IS NULL", vm.id()));

        JsonObject asked = server.ok(admin, "expungeVirtualMachine", "id", vm.uuid());
        assertEquals(vm.uuid(), asked.get("id").getAsString());
        JsonObject job = server.endedJob(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("its backups are kept"));
        JsonObject listed = server.ok(admin, "listVirtualMachines", "id", vm.uuid());
        assertNull(listed.toString(), listed.get("virtualmachine"));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM volume WHERE vm_id = ? AND removed IS NULL", vm.id()));
        JsonObject kept = server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals("BackedUp", kept.get("status").getAsString());
        assertTrue(kept.toString(), kept.get("isbackupvmexpunged").getAsBoolean());
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM event WHERE type = 'VM.EXPUNGE' AND resource_uuid = ?",
                vm.uuid()));
        server.refused(431, admin, "expungeVirtualMachine", "id", vm.uuid());
    }
}
