package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * enforce.resource.limit.on.backup.validation.vm (issue 10): when false a validation VM is not counted;
 * when true for the account, a validation whose VM (its VM's vCPUs and memory) would exceed the account's
 * user_vm, cpu or memory limit, with its running VMs counted, waits with the reason in
 * listBackupServiceJobs and boots nothing, and validates once the limit allows it.
 */
public class ValidationVmLimitsTest {
    @Rule
    public final OneZoneCloud lab = new OneZoneCloud("orchestration_validation_limits", "vlimits");
    private OrchestrationCloud cloud;
    private OrchestrationServer server;
    private Caller admin;
    private Caller user;
    private String domainId;
    private long validating;

    @Before
    public void startCloud() throws Exception {
        cloud = lab.cloud();
        server = cloud.server("vl-1", 4);
        admin = cloud.admin();
        validating = cloud.offering("validating", Map.of("validate", "true", "validationsteps", "wait_for_boot"));
        domainId = server.ok(admin, "createDomain", "name", "vl").getAsJsonObject("domain").get("id").getAsString();
        server.ok(admin, "createAccount", "username", "vluser", "password", "vluser-password", "domainid", domainId);
        user = cloud.sql.queryForObject("SELECT u.id, u.uuid, u.username, a.id, a.uuid, a.name, d.id, d.uuid, d.path"
                + " FROM `user` u JOIN account a ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id"
                + " WHERE u.username = 'vluser'",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), Role.USER, rs.getLong(7),
                        rs.getString(8), rs.getString(9)));
    }

    /** A VM of the user on its own host with the discovered size, running or not. */
    private OrchestrationCloud.Vm vm(String name, int cpus, long memoryBytes, boolean running) {
        OrchestrationCloud.Vm vm = cloud.vm(name, cloud.host(name + "-h"), validating);
        cloud.sql.update("UPDATE vm_instance SET account_id = ?, domain_id = ?, cpus = ?, memory_bytes = ?,"
                + " power_state = ?, state = ? WHERE id = ?", user.accountId(), user.domainId(), cpus, memoryBytes,
                running ? "PowerOn" : "PowerOff", running ? "Running" : "Stopped", vm.id());
        cloud.sql.update("UPDATE volume SET account_id = ?, domain_id = ? WHERE vm_id = ?", user.accountId(),
                user.domainId(), vm.id());
        return vm;
    }

    private void limit(int type, long max) {
        server.ok(admin, "updateResourceLimit", "resourcetype", Integer.toString(type), "max", Long.toString(max),
                "account", "vluser", "domainid", domainId);
    }

    private String validation(String backup) {
        return server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject()
                .get("validationstatus").getAsString();
    }

    @Test
    public void whenFalseTheValidationVmIsNotCounted() {
        vm("vl-running", 3, 1L << 30, true);
        OrchestrationCloud.Vm vm = vm("vl-backed", 2, 1L << 30, false);
        limit(8, 4);
        String backup = server.ok(user, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        assertEquals("Valid", validation(backup));
    }

    @Test
    public void whenTrueAValidationOverTheCpuLimitWaitsWithTheReasonAndRunsOnceItFits() {
        cloud.sql.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES"
                + " ('enforce.resource.limit.on.backup.validation.vm', 'ACCOUNT', ?, 'true',"
                + " '2026-03-01 08:00:00.000')", user.accountId());
        vm("vl-running", 3, 1L << 30, true);
        OrchestrationCloud.Vm vm = vm("vl-backed", 2, 1L << 30, false);
        limit(8, 4);
        String backup = server.ok(user, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        assertEquals("the backup itself is not bound by the VM limits", "BackedUp", cloud.single(
                "SELECT status FROM backup WHERE uuid = ?", backup));
        assertEquals("waiting for its retry, not Validating", "NotValidated", validation(backup));
        assertEquals("no validation VM was booted", 0, cloud.agents.commands(ValidateBackupCommand.class).size());
        JsonObject job = server
                .ok(admin, "listBackupServiceJobs", "backupid", backup, "type", "Validation", "listall", "true")
                .getAsJsonArray("backupservicejob").get(0).getAsJsonObject();
        assertEquals(job.toString(), "WaitingForRetry", job.get("state").getAsString());
        assertTrue(job.toString(), job.get("scheduled").getAsBoolean());
        String error = job.get("error").getAsString();
        assertTrue(error, error.contains("'cpu' for account vluser has been exceeded: the limit is 4 and 3 are in use")
                && error.contains("enforce.resource.limit.on.backup.validation.vm"));

        limit(8, 5);
        cloud.clock.advance(Duration.ofMinutes(61));
        server.drain();
        assertEquals("fits now: 3 running + 2", "Valid", validation(backup));
        assertEquals(1, cloud.agents.commands(ValidateBackupCommand.class).size());
    }

    @Test
    public void whenTrueTheUserVmLimitCountsRunningVmsAndAValidationThatNeverFitsEndsUnableToValidate() {
        cloud.setting("enforce.resource.limit.on.backup.validation.vm", "true");
        cloud.setting("backup.validation.max.job.retries", "0");
        vm("vl-running", 1, 1L << 30, true);
        OrchestrationCloud.Vm vm = vm("vl-backed", 1, 1L << 30, false);
        limit(0, 1);
        String backup = server.ok(user, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        JsonObject b = server.ok(admin, "listBackups", "id", backup).getAsJsonArray("backup").get(0)
                .getAsJsonObject();
        assertEquals(b.toString(), "UnableToValidate", b.get("validationstatus").getAsString());
        assertTrue(b.toString(), b.get("validationreason").getAsString().contains(
                "'user_vm' for account vluser has been exceeded: the limit is 1 and 1 are in use"));
        assertEquals(0, cloud.agents.commands(ValidateBackupCommand.class).size());
    }
}
