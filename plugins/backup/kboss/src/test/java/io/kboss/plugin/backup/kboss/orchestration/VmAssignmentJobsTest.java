package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import java.util.UUID;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 12 item 2: assignVirtualMachineToBackupOffering and removeVirtualMachineFromBackupOffering are
 * async as in CloudStack, through the server's own dispatcher on the real MariaDB. Each answers a job id
 * (and the VM's id); queryAsyncJobResult then gives CloudStack's SuccessResponse. What the request can
 * decide (unknown VM or offering, another account's VM, another zone's offering, another offering
 * already, a raw disk, a VM not assigned, a VM a queued backup holds) is refused at once with the
 * CloudStack error, and no job is made.
 */
public class VmAssignmentJobsTest extends OneServerLab {
    private static final String ASSIGN = "assignVirtualMachineToBackupOffering";
    private static final String REMOVE = "removeVirtualMachineFromBackupOffering";

    private static long host;
    private static String offering;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_assignment", "assign", 2, "assign");
        host = cloud.host("assign-h");
        offering = cloud.single("SELECT uuid FROM backup_offering WHERE name = 'assign-gold'");
    }

    /** A stopped VM with one qcow2 disk, in no offering. */
    private static OrchestrationCloud.Vm unassigned(String name) {
        OrchestrationCloud.Vm vm = cloud.vm(name, host);
        cloud.sql.update("UPDATE vm_instance SET backup_offering_id = NULL WHERE id = ?", vm.id());
        return vm;
    }

    private static String offeringOf(OrchestrationCloud.Vm vm) {
        return cloud.sql.queryForObject("SELECT o.uuid FROM vm_instance v LEFT JOIN backup_offering o ON o.id ="
                + " v.backup_offering_id WHERE v.id = ?", String.class, vm.id());
    }

    private static int jobsOf(String... commands) {
        return cloud.sql.queryForObject("SELECT COUNT(*) FROM async_job WHERE command IN (?, ?)", Integer.class,
                (Object[]) commands);
    }

    /** Starts the command, checks the start's answer and returns the ended job. */
    private static JsonObject job(String command, OrchestrationCloud.Vm vm, String... more) {
        String[] kv = new String[2 + more.length];
        kv[0] = "virtualmachineid";
        kv[1] = vm.uuid();
        System.arraycopy(more, 0, kv, 2, more.length);
        JsonObject started = server.ok(admin, command, kv);
        assertTrue(started.toString(), started.has("jobid"));
        assertEquals("the VM the job works on", vm.uuid(), started.get("id").getAsString());
        assertFalse("nothing but the job's start in the answer: " + started, started.has("success"));
        return server.endedJob(admin, started.get("jobid").getAsString());
    }

    private static void assertRefusedAtOnce(int status, String text, Caller caller, String command, String... kv) {
        int jobs = jobsOf(ASSIGN, REMOVE);
        JsonObject refused = server.refused(status, caller, command, kv);
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains(text));
        assertEquals(status, refused.get("errorcode").getAsInt());
        assertFalse("no job id with a refusal: " + refused, refused.has("jobid"));
        assertEquals("a refusal decided in the request starts no job", jobs, jobsOf(ASSIGN, REMOVE));
    }

    @Test
    public void bothAreAsyncAndTheirJobsAnswerSuccess() {
        for (String command : new String[]{ASSIGN, REMOVE}) {
            JsonObject api = server.ok(admin, "listApis", "name", command).getAsJsonArray("api").get(0)
                    .getAsJsonObject();
            assertTrue(command + " is async as in CloudStack: " + api, api.get("isasync").getAsBoolean());
        }
        OrchestrationCloud.Vm vm = unassigned("asg-1");

        JsonObject assigned = job(ASSIGN, vm, "backupofferingid", offering);
        assertEquals(assigned.toString(), 1, assigned.get("jobstatus").getAsInt());
        assertEquals(0, assigned.get("jobresultcode").getAsInt());
        assertTrue(assigned.toString(), assigned.getAsJsonObject("jobresult").get("success").getAsBoolean());
        assertEquals("VirtualMachine", assigned.get("jobinstancetype").getAsString());
        assertEquals(vm.uuid(), assigned.get("jobinstanceid").getAsString());
        assertEquals(offering, offeringOf(vm));

        JsonObject again = job(ASSIGN, vm, "backupofferingid", offering);
        assertEquals("assigning again to the same offering changes nothing: " + again, 1,
                again.get("jobstatus").getAsInt());
        assertEquals(offering, offeringOf(vm));

        JsonObject removed = job(REMOVE, vm);
        assertEquals(removed.toString(), 1, removed.get("jobstatus").getAsInt());
        assertTrue(removed.toString(), removed.getAsJsonObject("jobresult").get("success").getAsBoolean());
        assertNull(offeringOf(vm));
    }

    @Test
    public void whatTheRequestCanDecideIsRefusedAtOnceWithoutAJob() {
        OrchestrationCloud.Vm vm = unassigned("asg-2");
        String unknown = UUID.randomUUID().toString();
        assertRefusedAtOnce(431, "No backup offering with id " + unknown, admin, ASSIGN, "virtualmachineid",
                vm.uuid(), "backupofferingid", unknown);
        assertRefusedAtOnce(431, "No VM with id " + unknown, admin, ASSIGN, "virtualmachineid", unknown,
                "backupofferingid", offering);
        assertRefusedAtOnce(431, "virtualmachineid", admin, REMOVE, "virtualmachineid", "not-a-uuid");
        assertRefusedAtOnce(431, "is not assigned to a backup offering", admin, REMOVE, "virtualmachineid",
                vm.uuid());

        String elsewhere = otherZonesOffering();
        assertRefusedAtOnce(431, "runs in another zone", admin, ASSIGN, "virtualmachineid", vm.uuid(),
                "backupofferingid", elsewhere);

        OrchestrationCloud.Vm raw = unassigned("asg-raw");
        cloud.sql.update("UPDATE volume SET format = 'raw' WHERE vm_id = ?", raw.id());
        assertRefusedAtOnce(431, "vda (FILE, raw)", admin, ASSIGN, "virtualmachineid", raw.uuid(),
                "backupofferingid", offering);

        OrchestrationCloud.Vm inGold = cloud.vm("asg-gold", host);
        String silver = cloud.single("SELECT uuid FROM backup_offering WHERE id = ?", cloud.offering("asg-silver"));
        assertRefusedAtOnce(431, "already assigned to another backup offering", admin, ASSIGN, "virtualmachineid",
                inGold.uuid(), "backupofferingid", silver);

        Caller stranger = createdUser("asg-stranger");
        assertRefusedAtOnce(432, "belongs to another account", stranger, ASSIGN, "virtualmachineid", vm.uuid(),
                "backupofferingid", offering);
        assertRefusedAtOnce(432, "belongs to another account", stranger, REMOVE, "virtualmachineid", inGold.uuid());

        assertNull("nothing changed", offeringOf(vm));
        assertNull(offeringOf(raw));
    }

    @Test
    public void aVmAQueuedBackupHoldsCannotLeaveItsOfferingAndIsToldAtOnce() {
        OrchestrationCloud.Vm vm = cloud.vm("asg-busy", host);
        JsonObject backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        int jobs = jobsOf(ASSIGN, REMOVE);
        JsonObject refused = server.refused(431, admin, REMOVE, "virtualmachineid", vm.uuid());
        assertEquals(refused.toString(), 4300, refused.get("cserrorcode").getAsInt());
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains("cannot leave its backup "
                + "offering now"));
        assertEquals(jobs, jobsOf(ASSIGN, REMOVE));

        server.drain();
        assertEquals(1, server.job(admin, backup.get("jobid").getAsString()).get("jobstatus").getAsInt());
        assertEquals(1, job(REMOVE, vm).get("jobstatus").getAsInt());
        assertNull(offeringOf(vm));
    }

    /** A kboss offering of a second zone. */
    private static String otherZonesOffering() {
        String zone = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO zone (uuid, name, created) VALUES (?, 'assign-other', '2026-03-01"
                + " 08:00:00.000')", zone);
        String uuid = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) SELECT ?, 'elsewhere', 'elsewhere', z.id, 'kboss', ?, 1,"
                + " '2026-03-01 08:00:00.000' FROM zone z WHERE z.uuid = ?", uuid, uuid, zone);
        return uuid;
    }

    /** A user account of the root domain, as the API sees its user. */
    private static Caller createdUser(String name) {
        server.ok(admin, "createAccount", "username", name, "password", name + "-password", "domainid",
                admin.domainUuid());
        return cloud.sql.queryForObject("SELECT u.id, u.uuid, u.username, a.id, a.uuid, a.name, d.id, d.uuid, d.path"
                + " FROM `user` u JOIN account a ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id"
                + " WHERE u.username = ?",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), Role.USER, rs.getLong(7), rs.getString(8),
                        rs.getString(9)),
                name);
    }
}
