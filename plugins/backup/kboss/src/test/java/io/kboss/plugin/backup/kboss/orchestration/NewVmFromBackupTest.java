package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.NicPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * createVMFromBackup over the queue with the fake agent: a VM whose domain is gone (discovery marked it
 * removed) made anew from its incremental backup, with the definition the backup recorded, the chain full
 * first, the NIC policy, beside the original's disks, on an Up host when the original's is Down; the new VM
 * listed at once, owned by the backup's owner, assignable to an offering and backed up; quick restore;
 * a cancel while the agent makes it (no VM registered); refusals that queue nothing.
 */
public class NewVmFromBackupTest extends OneServerLab {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_newvm", "newvm", 4, "nvm");
    }

    @After
    public void finishLeftovers() {
        endLeftovers();
    }

    private static CreateVmFromBackupCommand lastCommand() {
        List<CreateVmFromBackupCommand> all = cloud.agents.commands(CreateVmFromBackupCommand.class);
        return all.get(all.size() - 1);
    }

    private static JsonArray listedVms(String name) {
        JsonArray a = server.ok(admin, "listVirtualMachines", "name", name).getAsJsonArray("virtualmachine");
        return a == null ? new JsonArray() : a;
    }

    @Test
    public void aDeletedVmIsMadeAnewFromItsIncrementOnAnUpHostAndIsAVmLikeAnyOther() {
        OrchestrationCloud.Vm vm = newVm();
        String full = backedUp(vm);
        String increment = backedUp(vm);
        // Discovery found the domain gone: the VM and its volumes are removed, their backups kept.
        cloud.sql.update("UPDATE volume SET removed = NOW(3), state = 'Destroy' WHERE vm_id = ?", vm.id());
        cloud.sql.update("UPDATE vm_instance SET removed = NOW(3), state = 'Expunging' WHERE id = ?", vm.id());
        cloud.sql.update("UPDATE host SET status = 'Down' WHERE id = ?", vm.hostId());
        cloud.host("nvm-up-" + vms);

        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", increment, "name", "nvm-reborn",
                "nics", "NO_IP");
        assertEquals(1, server.drain());
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        JsonObject made = job.getAsJsonObject("jobresult").getAsJsonObject("virtualmachine");
        assertEquals("nvm-reborn", made.get("name").getAsString());
        assertEquals("Running", made.get("state").getAsString());

        CreateVmFromBackupCommand c = lastCommand();
        assertEquals("nvm-reborn", c.vmName);
        assertEquals(NicPolicy.NO_IP, c.nics);
        assertTrue("the definition the backup recorded: " + c.domainXml, c.domainXml.contains("<domain"));
        assertEquals("beside the original's disks", "/var/lib/kboss-test/" + vm.name(), c.destinationFolder);
        assertEquals(1, c.disks.size());
        assertEquals("the chain, full first", 2, c.disks.get(0).chainPaths.size());
        assertTrue(c.disks.get(0).chainPaths.get(0).contains(full));
        assertTrue(c.disks.get(0).chainPaths.get(1).contains(increment));
        assertTrue("started once made", c.startVm);
        assertEquals("on an Up host of the zone, the original's being Down", "Up", cloud.single("SELECT h.status FROM"
                + " operation o JOIN host h ON h.id = o.host_id WHERE o.kind = 'VM_FROM_BACKUP' ORDER BY o.id DESC"
                + " LIMIT 1"));

        JsonArray listed = listedVms("nvm-reborn");
        assertEquals(listed.toString(), 1, listed.size());
        JsonObject v = listed.get(0).getAsJsonObject();
        assertEquals(made.get("id").getAsString(), v.get("id").getAsString());
        assertEquals("admin", v.get("account").getAsString());
        assertEquals(c.vmUuid, cloud.single("SELECT domain_uuid FROM vm_instance WHERE uuid = ?",
                made.get("id").getAsString()));
        assertEquals("its disk is registered", 1, cloud.count("SELECT COUNT(*) FROM volume v JOIN vm_instance m ON"
                + " m.id = v.vm_id WHERE m.uuid = ? AND v.device = 'vda' AND v.removed IS NULL",
                made.get("id").getAsString()));

        String offering = cloud.single("SELECT uuid FROM backup_offering WHERE name = 'newvm-gold'");
        String assignment = server.ok(admin, "assignVirtualMachineToBackupOffering", "virtualmachineid",
                made.get("id").getAsString(), "backupofferingid", offering).get("jobid").getAsString();
        assertEquals(1, server.endedJob(admin, assignment).get("jobstatus").getAsInt());
        JsonObject b = server.ok(admin, "createBackup", "virtualmachineid", made.get("id").getAsString());
        server.drain();
        assertEquals("the new VM is backed up like any other", "BackedUp", cloud.single("SELECT status FROM backup"
                + " WHERE uuid = ?", b.get("id").getAsString()));
    }

    @Test
    public void quickRestoreStartsTheNewVmOnOverlaysAndTheDefaultNameComesFromTheOriginal() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backedUp(vm);
        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "quickrestore", "true");
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        CreateVmFromBackupCommand c = lastCommand();
        assertTrue(c.quickRestore);
        assertEquals(NicPolicy.KEEP, c.nics);
        assertEquals(vm.name() + "-from-" + backup.substring(0, 8), c.vmName);
        assertEquals(1, listedVms(c.vmName).size());
        assertEquals("the original is untouched", "Stopped", cloud.single("SELECT state FROM vm_instance WHERE id"
                + " = ?", vm.id()));
    }

    @Test
    public void aNewVmCancelledWhileTheAgentMakesItIsNeverRegistered() throws Exception {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backedUp(vm);
        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "name", "nvm-cancelled");
        String op = cloud.single("SELECT uuid FROM operation WHERE kind = 'VM_FROM_BACKUP' ORDER BY id DESC LIMIT 1");
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        cloud.agents.awaitStarts(op, 1);
        server.ok(admin, "cancelBackupOperation", "jobid", asked.get("jobid").getAsString());
        cloud.agents.poke();
        pass.join(10_000);
        cloud.agents.finishAtOnce();
        assertEquals("CANCELLED", cloud.single("SELECT state FROM operation WHERE uuid = ?", op));
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains("cancelled by admin"));
        assertEquals(0, listedVms("nvm-cancelled").size());
    }

    /** A backup as backups were before V18: no recorded definition. */
    private static String backUpAsBeforeV18(OrchestrationCloud.Vm vm) {
        String backup = backedUp(vm);
        cloud.sql.update("UPDATE backup SET domain_xml = NULL WHERE uuid = ?", backup);
        return backup;
    }

    private static void goneFromLibvirt(OrchestrationCloud.Vm vm) {
        cloud.sql.update("UPDATE volume SET removed = NOW(3), state = 'Destroy' WHERE vm_id = ?", vm.id());
        cloud.sql.update("UPDATE vm_instance SET removed = NOW(3), state = 'Expunging' WHERE id = ?", vm.id());
    }

    @Test
    public void aVmGoneBeforeBackupsRecordedDefinitionsIsMadeAnewFromThePlainFactsTheServerKept() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET cpus = 2, memory_bytes = ? WHERE id = ?", 96L << 20, vm.id());
        String backup = backUpAsBeforeV18(vm);
        goneFromLibvirt(vm);

        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "name", "nvm-plain-made",
                "nics", "NO_NIC");
        assertEquals(1, server.drain());
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        CreateVmFromBackupCommand c = lastCommand();
        assertEquals("nvm-plain-made", c.vmName);
        assertNull("no definition was recorded", c.domainXml);
        assertNull("the original's domain is gone: no host knows it", c.sourceVmUuid);
        assertEquals("the vCPUs discovery last read", 2, c.vcpus);
        assertEquals("and the memory", 96L << 20, c.memoryBytes);
        assertEquals(List.of("vda"), c.disks.stream().map(d -> d.targetDevice).toList());
        assertEquals(1, c.disks.get(0).chainPaths.size());
        assertEquals(1, listedVms("nvm-plain-made").size());
    }

    @Test
    public void aPlainDefinitionRefusesKeepAndNoIpNamingNicsAndQueuesNothing() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET cpus = 1, memory_bytes = ? WHERE id = ?", 64L << 20, vm.id());
        String backup = backUpAsBeforeV18(vm);
        goneFromLibvirt(vm);
        long before = cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VM_FROM_BACKUP'");
        for (String[] nics : List.of(new String[0], new String[]{"nics", "KEEP"}, new String[]{"nics", "no_ip"})) {
            List<String> kv = new ArrayList<>(List.of("backupid", backup, "name", "nvm-plain-nics"));
            kv.addAll(List.of(nics));
            String text = server.refused(431, admin, "createVMFromBackup", kv.toArray(String[]::new)).get("errortext")
                    .getAsString();
            assertTrue(text, text.startsWith("Parameter nics: " + (nics.length == 0
                    ? "KEEP (the default)"
                    : nics[1].toUpperCase(java.util.Locale.ROOT))));
            assertTrue(text, text.contains("no longer exists") && text.contains("plain definition")
                    && text.contains("nics=NO_NIC"));
        }
        assertEquals("nothing queued", before, cloud.count("SELECT COUNT(*) FROM operation WHERE kind ="
                + " 'VM_FROM_BACKUP'"));
        assertEquals(0, listedVms("nvm-plain-nics").size());
    }

    @Test
    public void anOriginalGoneBeforeTheRunFailsAKeepRequestRatherThanMakeAVmWithoutItsNics() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET cpus = 1, memory_bytes = ? WHERE id = ?", 64L << 20, vm.id());
        String backup = backUpAsBeforeV18(vm);
        int sent = cloud.agents.commands(CreateVmFromBackupCommand.class).size();
        // Accepted: the original's domain, still defined on its host, would lend its definition and NICs.
        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "name", "nvm-nics-late",
                "nics", "KEEP");
        goneFromLibvirt(vm);
        failsMakingNoVm(asked, sent, "nvm-nics-late", "Parameter nics: KEEP");
    }

    /**
     * The asked createVMFromBackup runs and fails saying {@code why} and that no VM was made; the agent got no
     * command beyond the {@code sent} it had before, and no VM {@code name} is listed.
     */
    private static void failsMakingNoVm(JsonObject asked, int sent, String name, String why) {
        assertEquals(1, server.drain());
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 2, job.get("jobstatus").getAsInt());
        assertTrue(job.toString(), job.toString().contains(why) && job.toString().contains("no VM was made"));
        assertEquals("nothing was sent to the agent", sent, cloud.agents.commands(CreateVmFromBackupCommand.class)
                .size());
        assertEquals(0, listedVms(name).size());
    }

    @Test
    public void aVmStillDefinedOnItsHostLendsItsCurrentDefinitionToABackupThatRecordedNone() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backUpAsBeforeV18(vm);
        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "name", "nvm-lent");
        assertEquals(1, server.drain());
        assertEquals(1, server.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());
        CreateVmFromBackupCommand c = lastCommand();
        assertNull(c.domainXml);
        assertEquals("the original's definition, read by its host's agent", cloud.single("SELECT domain_uuid FROM"
                + " vm_instance WHERE id = ?", vm.id()), c.sourceVmUuid);
        assertEquals(0, c.vcpus);
    }

    @Test
    public void aVmGoneBeforeItsSizeWasEverDiscoveredIsRefusedSayingWhatIsMissingAndQueuesNothing() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET cpus = NULL, memory_bytes = NULL WHERE id = ?", vm.id());
        String backup = backUpAsBeforeV18(vm);
        goneFromLibvirt(vm);
        long before = cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VM_FROM_BACKUP'");
        JsonObject r = server.refused(431, admin, "createVMFromBackup", "backupid", backup);
        String text = r.toString();
        assertTrue(text, text.contains("taken before backups recorded their VM's definition"));
        assertTrue(text, text.contains("no longer exists"));
        assertTrue(text, text.contains("vCPUs and memory"));
        assertTrue(text, text.contains("restoreVolumeFromBackupAndAttachToVM"));
        assertEquals(before, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VM_FROM_BACKUP'"));
    }

    @Test
    public void anOriginalThatIsGoneByTheTimeTheRequestRunsFailsItSayingWhyAndNoVmIsMade() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET cpus = NULL, memory_bytes = NULL WHERE id = ?", vm.id());
        String backup = backUpAsBeforeV18(vm);
        int sent = cloud.agents.commands(CreateVmFromBackupCommand.class).size();
        JsonObject asked = server.ok(admin, "createVMFromBackup", "backupid", backup, "name", "nvm-too-late");
        goneFromLibvirt(vm);
        failsMakingNoVm(asked, sent, "nvm-too-late", "no longer exists");
    }

    @Test
    public void badRequestsAreRefusedAndQueueNothing() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backedUp(vm);
        long before = cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VM_FROM_BACKUP'");
        JsonObject r = server.refused(431, admin, "createVMFromBackup", "backupid", backup, "name", "-bad name");
        assertTrue(r.toString(), r.toString().contains("name must be 1 to 100 letters"));
        r = server.refused(431, admin, "createVMFromBackup", "backupid", backup, "nics", "SOME");
        assertTrue(r.toString(), r.toString().contains("nics"));
        r = server.refused(431, admin, "createVMFromBackup", "backupid", backup, "destinationfolder", "relative/x");
        assertTrue(r.toString(), r.toString().contains("destinationfolder must be an absolute folder"));
        r = server.refused(431, admin, "createVMFromBackup", "backupid", java.util.UUID.randomUUID().toString());
        assertTrue(r.toString(), r.toString().contains("backup"));
        long plain = cloud.offering("newvm-plain");
        OrchestrationCloud.Vm other = cloud.vm("nvm-plain-" + vms, vm.hostId(), plain);
        String plainBackup = backedUp(other);
        r = server.refused(431, admin, "createVMFromBackup", "backupid", plainBackup, "quickrestore", "true");
        assertTrue(r.toString(), r.toString().contains("does not allow quick restore"));
        assertEquals(before, cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'VM_FROM_BACKUP'"));
    }
}
