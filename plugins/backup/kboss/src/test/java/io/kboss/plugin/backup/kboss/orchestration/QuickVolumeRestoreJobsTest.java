package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.QuickRestoreVolumeCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * restoreVolumeFromBackupAndAttachToVM with quickrestore=true, orchestrated against real MariaDB and fake
 * agents: a running VM takes the quick path (quick-restore-volume), a stopped one the offline path (a plain
 * restore, then attach-disk), each answer says which, and the restored volume is registered as for a plain
 * volume restore. An agent restart after the disk was attached is resumed with a new request. What cannot
 * be done is refused up front with 431, naming the parameter, and queues nothing.
 */
public class QuickVolumeRestoreJobsTest extends OneServerLab {

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_quickvol", "quickvol", 2, "qv");
    }

    private static OrchestrationCloud.Vm newVm(String powerState) {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("UPDATE vm_instance SET power_state = ?, state = ? WHERE id = ?", powerState,
                "PowerOn".equals(powerState) ? "Running" : "Stopped", vm.id());
        return vm;
    }

    private static String rootVolume(OrchestrationCloud.Vm vm) {
        return cloud.single("SELECT uuid FROM volume WHERE vm_id = ? AND volume_type = 'ROOT'", vm.id());
    }

    private static String[] quick(String backup, OrchestrationCloud.Vm vm, String... more) {
        String[] args = new String[8 + more.length];
        System.arraycopy(new String[]{"backupid", backup, "volumeid", rootVolume(vm), "virtualmachineid", vm.uuid(),
                "quickrestore", "true"}, 0, args, 0, 8);
        System.arraycopy(more, 0, args, 8, more.length);
        return args;
    }

    private static long volumeRestores(OrchestrationCloud.Vm vm) {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE vm_id = ? AND kind = 'VOLUME_RESTORE'", vm.id());
    }

    private static String done(JsonObject asked) {
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        return job.getAsJsonObject("jobresult").get("displaytext").getAsString();
    }

    private static void assertRegisteredAsDataDisk(OrchestrationCloud.Vm vm) {
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM volume WHERE vm_id = ? AND volume_type = 'DATADISK' AND"
                + " device = 'vdb' AND path LIKE '%restored-%' AND removed IS NULL", vm.id()));
    }

    @Test
    public void aRunningVmGetsTheVolumeByQuickRestoreAndItIsRegisteredAsItsDataDisk() {
        OrchestrationCloud.Vm vm = newVm("PowerOn");
        String backup = backedUp(vm);
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm));
        server.drain();

        String text = done(asked);
        assertTrue(text, text.contains("attached to VM " + vm.name() + " as vdb"));
        assertTrue(text, text.contains("with quick restore: attached at once over the backup"));
        String op = cloud.single("SELECT uuid FROM operation WHERE vm_id = ? AND kind = 'VOLUME_RESTORE'", vm.id());
        QuickRestoreVolumeCommand sent = (QuickRestoreVolumeCommand) cloud.agents.command(op);
        assertFalse(sent.resumeConsolidation);
        assertTrue(sent.disk.destinationPath, sent.disk.destinationPath.contains("restored-"));
        assertFalse("the backup's chain is sent", sent.disk.chainPaths.isEmpty());
        assertFalse("no full restore ran", cloud.agents.requestsOf(RestoreBackupCommand.class).contains(op));
        assertRegisteredAsDataDisk(vm);
        assertEquals("BackedUp", cloud.single("SELECT status FROM backup WHERE uuid = ?", backup));
    }

    @Test
    public void aStoppedVmTakesTheOfflinePathAndTheAnswerSaysSo() {
        OrchestrationCloud.Vm vm = newVm("PowerOff");
        String backup = backedUp(vm);
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm));
        server.drain();

        String text = done(asked);
        assertTrue(text, text.contains("the VM was stopped, so the volume was restored in full before it was attached"
                + " (offline path)"));
        String op = cloud.single("SELECT uuid FROM operation WHERE vm_id = ? AND kind = 'VOLUME_RESTORE'", vm.id());
        assertTrue(cloud.agents.requestsOf(RestoreBackupCommand.class).contains(op));
        assertRegisteredAsDataDisk(vm);
    }

    @Test
    public void anAgentRestartWhileTheDiskIsFilledIsResumedWithANewRequestAndTheVolumeRegistered()
            throws Exception {
        OrchestrationCloud.Vm vm = newVm("PowerOn");
        String backup = backedUp(vm);
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm));
        String op = cloud.single("SELECT uuid FROM operation WHERE vm_id = ? AND kind = 'VOLUME_RESTORE'", vm.id());
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        cloud.agents.awaitStarts(op, 1);
        cloud.agents.restartedAfterAttach(op);
        cloud.agents.awaitStarts(op + "-resume-1", 1);
        cloud.agents.finish(op + "-resume-1");
        pass.join(10_000);
        cloud.agents.finishAtOnce();

        String text = done(asked);
        assertTrue(text, text.contains("with quick restore"));
        QuickRestoreVolumeCommand resumed = (QuickRestoreVolumeCommand) cloud.agents.command(op + "-resume-1");
        assertTrue(resumed.resumeConsolidation);
        assertEquals(((QuickRestoreVolumeCommand) cloud.agents.command(op)).disk.destinationPath,
                resumed.disk.destinationPath);
        assertRegisteredAsDataDisk(vm);
    }

    @Test
    public void aQuickRestoreTheOfferingDoesNotAllowIsRefusedNamingTheParameter() {
        vms++;
        long plain = cloud.offering("qv-plain-" + vms);
        OrchestrationCloud.Vm vm = cloud.vm("qv-" + vms, cloud.host("qv-h" + vms), plain);
        String backup = backedUp(vm);
        String text = server.refused(431, admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm))
                .get("errortext").getAsString();
        assertTrue(text, text.startsWith("Parameter quickrestore:") && text.contains("allowquickrestore"));
        assertEquals("nothing queued", 0, volumeRestores(vm));
    }

    @Test
    public void aVmInAnUnknownPowerStateOrAHostOtherThanTheVmsIsRefused() {
        OrchestrationCloud.Vm vm = newVm("PowerOn");
        String backup = backedUp(vm);
        cloud.sql.update("UPDATE vm_instance SET power_state = 'PowerUnknown' WHERE id = ?", vm.id());
        String unknown = server.refused(431, admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm))
                .get("errortext").getAsString();
        assertTrue(unknown, unknown.startsWith("Parameter quickrestore:") && unknown.contains("is Unknown"));

        cloud.sql.update("UPDATE vm_instance SET power_state = 'PowerOn' WHERE id = ?", vm.id());
        String other = cloud.single("SELECT uuid FROM host WHERE id = ?", cloud.host("qv-other-" + vms));
        String host = server.refused(431, admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm, "hostid",
                other)).get("errortext").getAsString();
        assertTrue(host, host.startsWith("Parameter hostid:") && host.contains("host of VM " + vm.name()));

        cloud.sql.update("UPDATE vm_instance SET domain_defined = 0, power_state = 'PowerOff' WHERE id = ?", vm.id());
        String gone = server.refused(431, admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm))
                .get("errortext").getAsString();
        assertTrue(gone, gone.contains("not defined on its host"));
        assertEquals("nothing queued", 0, volumeRestores(vm));

        String own = cloud.single("SELECT uuid FROM host WHERE id = ?", vm.hostId());
        cloud.sql.update("UPDATE vm_instance SET domain_defined = 1, power_state = 'PowerOn' WHERE id = ?", vm.id());
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", quick(backup, vm, "hostid", own));
        server.drain();
        assertTrue(done(asked).contains("with quick restore"));
        assertEquals("only the accepted call was queued", 1, volumeRestores(vm));
    }
}
