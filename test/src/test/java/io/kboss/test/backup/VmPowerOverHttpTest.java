package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import java.time.Duration;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The VM's power state over HTTP, against the in-process server on real MariaDB, a real kboss-agent and
 * tiny domains on the machine's libvirt: a VM stopped behind the server's back ({@code virsh destroy})
 * shows Stopped within 5 s with discovery effectively off (the lifecycle feed alone), and its restore is
 * accepted at once; stopVirtualMachine and startVirtualMachine power a VM off and on through its agent,
 * with CloudStack's refusals for another account's VM and an unknown id.
 */
public class VmPowerOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private static LabCloud cloud;
    private static ApiSession admin;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-vmpower-", "vm_power").adminPassword("vmpower-admin").zone("vmpower")
                .offering("plain", "plain backups", "backupchainsize", "5").users("bob")
                // Discovery (list-vms) runs when a test asks, never on its own: what moves the state is the feed.
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-vmpower-").start();
        admin = cloud.admin;
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aVmDestroyedBehindTheServersBackIsStoppedWithinFiveSecondsAndItsRestoreIsAccepted()
            throws Exception {
        LabVm vm = cloud.newVm("64M");
        cloud.assignOffering(admin, vm, cloud.offering("plain"));
        String backup = cloud.takeBackup(admin, vm.uuid);
        assertEquals("Running", state(vm.uuid));

        Programs.run(List.of("virsh", "-c", LabDomain.URI, "destroy", vm.domain.name), Duration.ofSeconds(30));
        long start = System.nanoTime();
        while (!"Stopped".equals(state(vm.uuid))) {
            assertTrue("listVirtualMachines still says " + state(vm.uuid) + " 5 s after virsh destroy",
                    System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
            Thread.sleep(100);
        }
        JsonObject restored = admin.waitForJob(admin.ok("restoreBackup", "id", backup).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(restored.toString(), 1, restored.get("jobstatus").getAsInt());
    }

    @Test
    public void stopAndStartVirtualMachinePowerTheVmThroughItsAgent() throws Exception {
        LabVm vm = cloud.newVm("64M");
        assertTrue(vm.domain.running());

        ApiSession.Answer unknown = admin.call("stopVirtualMachine", "id", "00000000-0000-0000-0000-000000000000");
        assertEquals(unknown.errorText(), 431, unknown.status());
        ApiSession.Answer notHers = cloud.session("bob").call("stopVirtualMachine", "id", vm.uuid, "forced", "true");
        assertEquals(notHers.errorText(), 432, notHers.status());
        assertTrue(vm.domain.running());

        JsonObject stopped = job(admin.ok("stopVirtualMachine", "id", vm.uuid, "forced", "true"));
        assertEquals("Stopped", stopped.getAsJsonObject("virtualmachine").get("state").getAsString());
        assertFalse("libvirt has it off", vm.domain.running());
        assertEquals("Stopped", state(vm.uuid));

        JsonObject again = job(admin.ok("stopVirtualMachine", "id", vm.uuid, "forced", "true"));
        assertEquals("a VM already off is answered as it is", "Stopped",
                again.getAsJsonObject("virtualmachine").get("state").getAsString());

        JsonObject started = job(admin.ok("startVirtualMachine", "id", vm.uuid));
        assertEquals("Running", started.getAsJsonObject("virtualmachine").get("state").getAsString());
        assertTrue("libvirt runs it", vm.domain.running());
        assertEquals("Running", state(vm.uuid));
    }

    @Test
    public void aStopWithoutForcedWaitsUntilTheVmIsOffOrFailsWhenTheGuestIgnoresIt() throws Exception {
        LabVm vm = cloud.newVm("64M");
        assertTrue(vm.domain.running());
        try {
            // The guest powers off while the job waits (here: virsh destroy, as a guest's shutdown would end).
            admin.ok("updateConfiguration", "name", "vm.stop.wait", "value", "120");
            String stopping = admin.ok("stopVirtualMachine", "id", vm.uuid).get("jobid").getAsString();
            while (!"Stopping".equals(state(vm.uuid))) {
                JsonObject early = admin.ok("queryAsyncJobResult", "jobid", stopping);
                assertEquals("the job waits while the guest is on: " + early, 0, early.get("jobstatus").getAsInt());
                Thread.sleep(100);
            }
            Programs.run(List.of("virsh", "-c", LabDomain.URI, "destroy", vm.domain.name), Duration.ofSeconds(30));
            JsonObject stopped = admin.waitForJob(stopping, JOB_TIMEOUT);
            assertEquals(stopped.toString(), 1, stopped.get("jobstatus").getAsInt());
            assertEquals("Stopped", stopped.getAsJsonObject("jobresult").getAsJsonObject("virtualmachine")
                    .get("state").getAsString());

            // A guest with no OS (SeaBIOS) ignores the ACPI request: the job fails after vm.stop.wait.
            job(admin.ok("startVirtualMachine", "id", vm.uuid));
            admin.ok("updateConfiguration", "name", "vm.stop.wait", "value", "2");
            JsonObject ignored = admin.waitForJob(admin.ok("stopVirtualMachine", "id", vm.uuid).get("jobid")
                    .getAsString(), JOB_TIMEOUT);
            assertEquals(ignored.toString(), 2, ignored.get("jobstatus").getAsInt());
            assertEquals(534, ignored.get("jobresultcode").getAsInt());
            String why = ignored.getAsJsonObject("jobresult").get("errortext").getAsString();
            assertTrue(why, why.contains("did not power off within 2 s (vm.stop.wait)") && why.contains("forced=true"));
            assertTrue("libvirt still runs it", vm.domain.running());
            assertEquals("Running", state(vm.uuid));
        } finally {
            admin.ok("resetConfiguration", "name", "vm.stop.wait");
        }
    }

    @Test
    public void discoveryStoresTheVcpusAndMemoryLibvirtReports() throws Exception {
        LabVm vm = cloud.discover(0, cloud.startDomainSized(2, 48));
        assertEquals("vCPUs as libvirt defines them", "2",
                cloud.sql.single("SELECT cpus FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));
        assertEquals("memory in bytes", Long.toString(48L << 20),
                cloud.sql.single("SELECT memory_bytes FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));
        JsonObject listed = admin.ok("listVirtualMachines", "id", vm.uuid).getAsJsonArray("virtualmachine").get(0)
                .getAsJsonObject();
        assertEquals("CloudStack's cpunumber", 2, listed.get("cpunumber").getAsInt());
        assertEquals("CloudStack's memory, in MiB", 48, listed.get("memory").getAsInt());
    }

    /** Waits for the job of an async answer and returns its jobresult; the job must succeed. */
    private static JsonObject job(JsonObject async) throws Exception {
        JsonObject r = admin.waitForJob(async.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return r.getAsJsonObject("jobresult");
    }

    private static String state(String vmUuid) throws Exception {
        return admin.ok("listVirtualMachines", "id", vmUuid).getAsJsonArray("virtualmachine").get(0)
                .getAsJsonObject().get("state").getAsString();
    }
}
