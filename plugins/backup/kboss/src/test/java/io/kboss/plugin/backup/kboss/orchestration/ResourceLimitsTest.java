package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.api.dispatch.ApiAnswer;
import io.kboss.server.backup.schedule.BackupScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Backup limits (issue 12 item 8) on the operation queue with fake agents: a burst of concurrent
 * createBackup calls of one account on two servers queues exactly the limit, a domain's limit bounds
 * its accounts together, backup storage counts the stored sizes, listAccounts shows the usage, and a
 * schedule's firing over a limit takes no backup and records why.
 */
public class ResourceLimitsTest {
    @Rule
    public final OneZoneCloud lab = new OneZoneCloud("orchestration_limits", "limits");
    private OrchestrationCloud cloud;
    private OrchestrationServer a;
    private OrchestrationServer b;
    private Caller admin;
    private long host;

    @Before
    public void startCloud() throws Exception {
        cloud = lab.cloud();
        a = cloud.server("limits-a", 4);
        b = cloud.server("limits-b", 4);
        admin = cloud.admin();
        host = cloud.host("limits-h");
    }

    private String domain(String name) {
        return a.ok(admin, "createDomain", "name", name).getAsJsonObject("domain").get("id").getAsString();
    }

    /** A user account in the domain, as the API sees its user. */
    private Caller user(String name, String domainId) {
        a.ok(admin, "createAccount", "username", name, "password", name + "-password", "domainid", domainId);
        return cloud.sql.queryForObject("SELECT u.id, u.uuid, u.username, a.id, a.uuid, a.name, d.id, d.uuid, d.path"
                + " FROM `user` u JOIN account a ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id"
                + " WHERE u.username = ?",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getString(5), rs.getString(6), Role.USER, rs.getLong(7), rs.getString(8),
                        rs.getString(9)),
                name);
    }

    /** A stopped VM of the account, on the host, assigned to the zone's offering. */
    private String vm(Caller owner, String name) {
        OrchestrationCloud.Vm vm = cloud.vm(name, host);
        cloud.sql.update("UPDATE vm_instance SET account_id = ?, domain_id = ? WHERE id = ?", owner.accountId(),
                owner.domainId(), vm.id());
        cloud.sql.update("UPDATE volume SET account_id = ?, domain_id = ? WHERE vm_id = ?", owner.accountId(),
                owner.domainId(), vm.id());
        return vm.uuid();
    }

    private void limit(int type, long max, String... owner) {
        String[] kv = new String[owner.length + 4];
        kv[0] = "resourcetype";
        kv[1] = Integer.toString(type);
        kv[2] = "max";
        kv[3] = Long.toString(max);
        System.arraycopy(owner, 0, kv, 4, owner.length);
        a.ok(admin, "updateResourceLimit", kv);
    }

    /**
     * A USER account {@code user} in a new domain {@code domain}, limited to {@code max} of resource {@code type}
     * (12: backups, 13: backup storage in GiB).
     */
    private Caller limitedUser(String domain, String user, int type, long max) {
        String d = domain(domain);
        Caller u = user(user, d);
        limit(type, max, "account", user, "domainid", d);
        return u;
    }

    /** The user's createBackup of {@code vm} on server a, run to its end. */
    private void backUp(Caller u, String vm) throws Exception {
        a.ok(u, "createBackup", "virtualmachineid", vm);
        cloud.passUntilDrained(List.of(a));
    }

    @Test
    public void aBurstOfCreateBackupOnTwoServersQueuesExactlyTheLimit() throws Exception {
        Caller u = limitedUser("burst", "burster", 12, 3);
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vms.add(vm(u, "burst-vm-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ApiAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < vms.size(); i++) {
                OrchestrationServer s = i % 2 == 0 ? a : b;
                String vm = vms.get(i);
                answers.add(threads.submit(() -> {
                    go.await();
                    return s.call(u, "createBackup", "virtualmachineid", vm);
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<ApiAnswer> f : answers) {
                ApiAnswer answer = f.get();
                if (answer.httpStatus() == 200) {
                    accepted++;
                } else {
                    JsonObject body = answer.envelope().getAsJsonObject("createbackupresponse");
                    assertEquals(body.toString(), 535, answer.httpStatus());
                    assertEquals(4370, body.get("cserrorcode").getAsInt());
                    String text = body.get("errortext").getAsString();
                    assertTrue(text, text.contains("'backup'") && text.contains("account burster")
                            && text.contains("the limit is 3 and 3 are in use"));
                }
            }
            assertEquals("exactly the limit was accepted", 3, accepted);
        } finally {
            threads.shutdownNow();
        }
        assertEquals("nothing queued for the refused calls", 3,
                cloud.count("SELECT COUNT(*) FROM backup WHERE account_id = ?", u.accountId()));
        assertEquals(3, cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'QUEUED'"));
        cloud.passUntilDrained(List.of(a, b));
        assertEquals(3, cloud.count("SELECT COUNT(*) FROM backup WHERE account_id = ? AND status = 'BackedUp'",
                u.accountId()));

        JsonObject account = a.ok(u, "listAccounts").getAsJsonArray("account").get(0).getAsJsonObject();
        assertEquals("3", account.get("backuplimit").getAsString());
        assertEquals(3, account.get("backuptotal").getAsLong());
        assertEquals("0", account.get("backupavailable").getAsString());

        // A failed backup does not count: raise nothing, delete one, and one more may be taken.
        String one = cloud.single("SELECT uuid FROM backup WHERE account_id = ? ORDER BY id LIMIT 1", u.accountId());
        a.ok(admin, "deleteBackup", "id", one);
        cloud.passUntilDrained(List.of(a, b));
        a.ok(u, "createBackup", "virtualmachineid", vms.get(9));
        a.refused(535, u, "createBackup", "virtualmachineid", vms.get(8));
    }

    @Test
    public void aDomainLimitBoundsItsAccountsAndSubdomainsTogether() throws Exception {
        String d = domain("shared");
        String sub = a.ok(admin, "createDomain", "name", "sub", "parentdomainid", d).getAsJsonObject("domain")
                .get("id").getAsString();
        Caller first = user("first", d);
        Caller second = user("second", sub);
        limit(12, 2, "domainid", d);
        String f1 = vm(first, "first-1");
        String f2 = vm(first, "first-2");
        String s1 = vm(second, "second-1");
        a.ok(first, "createBackup", "virtualmachineid", f1);
        a.ok(second, "createBackup", "virtualmachineid", s1);
        JsonObject refused = a.refused(535, first, "createBackup", "virtualmachineid", f2);
        String text = refused.get("errortext").getAsString();
        assertTrue(text, text.contains("domain /shared/") && text.contains("the limit is 2 and 2 are in use"));
        limit(12, -1, "domainid", d);
        a.ok(first, "createBackup", "virtualmachineid", f2);
    }

    @Test
    public void backupStorageCountsStoredSizesAndIsShownInGiB() throws Exception {
        Caller u = limitedUser("storage", "storer", 13, 2);
        String vm1 = vm(u, "store-1");
        String vm2 = vm(u, "store-2");
        backUp(u, vm1);
        // The backup's size on the store, as the agent reported it: make it 1.5 GiB.
        cloud.sql.update("UPDATE backup SET size = ? WHERE account_id = ?", 3L << 29, u.accountId());
        JsonObject account = a.ok(u, "listAccounts").getAsJsonArray("account").get(0).getAsJsonObject();
        assertEquals("2", account.get("backupstoragelimit").getAsString());
        assertEquals("GiB, rounded up", 2, account.get("backupstoragetotal").getAsLong());
        assertEquals("0", account.get("backupstorageavailable").getAsString());
        backUp(u, vm2);
        cloud.sql.update("UPDATE backup SET size = ? WHERE account_id = ?", 1L << 30, u.accountId());
        JsonObject refused = a.refused(535, u, "createBackup", "virtualmachineid", vm1);
        assertTrue(refused.toString(), refused.get("errortext").getAsString().contains(
                "'backup_storage' for account storer has been exceeded: the limit is 2 GiB and 2 GiB are in use"));
    }

    @Test
    public void aScheduledBackupOverTheLimitIsNotTakenAndItsFiringSaysWhy() throws Exception {
        Caller u = limitedUser("sched", "scheduled", 12, 1);
        String vm1 = vm(u, "sched-1");
        String vm2 = vm(u, "sched-2");
        backUp(u, vm1);
        a.ok(admin, "createBackupSchedule", "virtualmachineid", vm2, "intervaltype", "HOURLY", "schedule", "5",
                "timezone", "UTC");
        cloud.clock.advance(Duration.ofMinutes(61));
        assertEquals(0, a.bean(BackupScheduler.class).runDueFirings());
        String why = cloud.single("SELECT f.error FROM backup_schedule_firing f JOIN backup_schedule s ON"
                + " s.id = f.schedule_id JOIN vm_instance v ON v.id = s.vm_id WHERE v.uuid = ?", vm2);
        assertTrue(why, why.contains("'backup' for account scheduled has been exceeded: the limit is 1 and 1 are"
                + " in use") && why.contains("this firing is skipped"));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM backup WHERE account_id = ?", u.accountId()));
    }

    /** The VM's disk as discovery measured it on primary storage (what a full backup is expected to need). */
    private void allocated(String vmUuid, long bytes) {
        cloud.sql.update(
                "UPDATE volume SET allocated_size = ? WHERE vm_id = (SELECT id FROM vm_instance WHERE uuid = ?)",
                bytes, vmUuid);
    }

    @Test
    public void backupStorageRefusesTheBackupThatWouldCrossTheLimitBeforeItIsTaken() throws Exception {
        Caller u = limitedUser("expect", "expecter", 13, 2);
        String big = vm(u, "expect-big");
        String small = vm(u, "expect-small");
        String third = vm(u, "expect-third");
        String fourth = vm(u, "expect-fourth");
        allocated(big, 3L << 29); // 1.5 GiB
        allocated(small, 1L << 30);
        allocated(third, 1L << 30);
        allocated(fourth, 1L << 30);

        a.ok(u, "createBackup", "virtualmachineid", big);
        // Queued, not taken: it counts at its expected 1.5 GiB, so 1 GiB more would cross 2 GiB.
        JsonObject refused = a.refused(535, u, "createBackup", "virtualmachineid", small);
        assertEquals(4370, refused.get("cserrorcode").getAsInt());
        String text = refused.get("errortext").getAsString();
        assertTrue(text, text.contains("'backup_storage' for account expecter has been exceeded: the limit is 2 GiB"
                + " and 2 GiB are in use, and this backup is expected to need 1.00 GiB more"));
        assertEquals("nothing queued for the refusal", 1,
                cloud.count("SELECT COUNT(*) FROM backup WHERE account_id = ?", u.accountId()));

        cloud.passUntilDrained(List.of(a));
        // Taken: it now counts at its size on the store, 256 MiB.
        cloud.sql.update("UPDATE backup SET size = ? WHERE account_id = ?", 1L << 28, u.accountId());
        a.ok(u, "createBackup", "virtualmachineid", small); // 0.25 + 1 <= 2

        // A schedule's firing is checked the same way: 0.25 + 1 (queued) + 1 > 2, so it takes no backup.
        a.ok(admin, "createBackupSchedule", "virtualmachineid", third, "intervaltype", "HOURLY", "schedule", "5",
                "timezone", "UTC");
        cloud.clock.advance(Duration.ofMinutes(61));
        assertEquals(0, a.bean(BackupScheduler.class).runDueFirings());
        String why = cloud.single("SELECT f.error FROM backup_schedule_firing f JOIN backup_schedule s ON"
                + " s.id = f.schedule_id JOIN vm_instance v ON v.id = s.vm_id WHERE v.uuid = ?", third);
        assertTrue(why, why.contains("'backup_storage' for account expecter has been exceeded")
                && why.contains("expected to need 1.00 GiB more") && why.contains("this firing is skipped"));

        // So is a backup job's run: the VM goes to the run's error set with the reason, nothing is queued.
        String job = a.ok(u, "createBackupJob", "name", "expect-job", "virtualmachineids", fourth)
                .getAsJsonObject("backupjob").get("id").getAsString();
        JsonObject started = a.ok(u, "runBackupJob", "id", job);
        JsonObject ended = a.endedJob(u, started.get("jobid").getAsString());
        JsonObject run = ended.getAsJsonObject("jobresult").getAsJsonObject("backupjobrun");
        String error = run.getAsJsonArray("error").get(0).getAsJsonObject().get("error").getAsString();
        assertTrue(error, error.contains("'backup_storage' for account expecter has been exceeded")
                && error.contains("expected to need 1.00 GiB more"));
        assertEquals(2, cloud.count("SELECT COUNT(*) FROM backup WHERE account_id = ?", u.accountId()));
    }

}
