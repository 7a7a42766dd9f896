package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.api.dispatch.ApiAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A user of account B asks, through every command of issue 13 (backup jobs and their runs, cancel, new VM from a
 * backup, file-level restore) and the main backup commands, for account A's backups, VMs, backup jobs, runs,
 * queued operations (their async jobs), service jobs and file extractions. Each answer is CloudStack's refusal
 * (432 not allowed, or 431 for an id the caller cannot see), or, for a list, an empty list (listVirtualMachines,
 * listVolumes and listBackups filter by what the caller may see, as CloudStack's lists do) or one holding none of
 * A's; and nothing in the database changes (the tables' checksums are the same before and after). The real
 * server's dispatcher on MariaDB, with fake agents.
 */
public class CrossAccountAccessTest {
    private static OrchestrationCloud cloud;
    private static OrchestrationServer server;
    private static Caller alice;
    private static Caller bob;
    private static String vm;
    private static String volume;
    private static String backup;
    private static String offering;
    private static String schedule;
    private static String job;
    private static String run;
    private static String queuedJobId;
    private static String extraction;
    private static String serviceJob;

    private static final List<String> TABLES = List.of("backup", "backup_volume", "operation", "backup_job",
            "backup_job_vm", "backup_job_run", "backup_job_run_vm", "backup_schedule", "backup_file_extraction",
            "vm_instance", "volume", "async_job", "backup_job_firing", "backup_schedule_firing", "vm_instance_details");

    @BeforeClass
    public static void aliceHasEverything() throws Exception {
        cloud = new OrchestrationCloud("orchestration_cross_account");
        server = cloud.server("ms-1", 2);
        cloud.zone("cross");
        long offeringId = cloud.offering("extracting", Map.of("allowextractfile", "true", "allowquickrestore",
                "true", "validate", "true", "validationsteps", "wait_for_boot"));
        offering = cloud.single("SELECT uuid FROM backup_offering WHERE id = ?", offeringId);
        alice = user("alice-a");
        bob = user("bob-b");
        long host = cloud.host("cross-h1");
        OrchestrationCloud.Vm v = cloud.vm("alice-vm", host, offeringId);
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", alice.accountId(), v.id());
        vm = v.uuid();
        volume = cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", v.id());
        backup = server.ok(alice, "createBackup", "virtualmachineid", vm).get("id").getAsString();
        server.drain();
        schedule = server.ok(alice, "createBackupSchedule", "virtualmachineid", vm, "intervaltype", "DAILY",
                "schedule", "00:05", "timezone", "UTC", "maxbackups", "3").getAsJsonObject("backupschedule")
                .get("id").getAsString();
        job = server.ok(alice, "createBackupJob", "name", "alices", "virtualmachineids", vm)
                .getAsJsonObject("backupjob").get("id").getAsString();
        server.ok(alice, "runBackupJob", "id", job);
        server.drain();
        run = server.ok(alice, "listBackupJobRuns", "backupjobid", job).getAsJsonArray("backupjobrun").get(0)
                .getAsJsonObject().get("id").getAsString();
        JsonObject x = server.ok(alice, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path",
                "/home/user/hello.txt");
        server.drain();
        extraction = server.job(alice, x.get("jobid").getAsString()).getAsJsonObject("jobresult")
                .getAsJsonObject("backupfileextract").get("id").getAsString();
        serviceJob = cloud.single("SELECT uuid FROM operation WHERE backup_id = (SELECT id FROM backup WHERE uuid"
                + " = ?) AND kind = 'VALIDATION' ORDER BY id LIMIT 1", backup);
        // Left queued: a backup of alice's that bob must not cancel, whose async job he must not read.
        queuedJobId = server.ok(alice, "createBackup", "virtualmachineid", vm).get("jobid").getAsString();
    }

    @AfterClass
    public static void stopCloud() throws Exception {
        cloud.close();
    }

    @Test
    public void aUserOfAnotherAccountCanNeitherSeeNorActOnAnyOfTheAccountsThings() {
        String before = checksums();
        List<String> holes = new ArrayList<>();
        String[][] refusals = {
                {"listBackups", "id", backup}, {"listBackups", "virtualmachineid", vm},
                {"createBackup", "virtualmachineid", vm}, {"deleteBackup", "id", backup},
                {"deleteBackup", "id", backup, "forced", "true"}, {"restoreBackup", "id", backup},
                {"restoreBackup", "id", backup, "quickrestore", "true"},
                {"restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid", volume, "virtualmachineid",
                        vm},
                {"finishBackupChain", "virtualmachineid", vm},
                {"assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering},
                {"removeVirtualMachineFromBackupOffering", "virtualmachineid", vm},
                {"createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY", "schedule", "5"},
                {"listBackupSchedule", "virtualmachineid", vm}, {"listBackupSchedule", "id", schedule},
                {"updateBackupSchedule", "id", schedule, "maxbackups", "9"}, {"deleteBackupSchedule", "id", schedule},
                {"deleteBackupSchedule", "virtualmachineid", vm}, {"downloadValidationScreenshot", "backupid", backup},
                {"listBackupServiceJobs", "id", serviceJob}, {"listBackupServiceJobs", "backupid", backup},
                {"compressBackup", "id", backup}, {"validateBackup", "id", backup},
                {"createBackupJob", "name", "bobs", "virtualmachineids", vm}, {"listBackupJobs", "id", job},
                {"updateBackupJob", "id", job, "name", "bobs"}, {"updateBackupJob", "id", job, "virtualmachineids", vm},
                {"deleteBackupJob", "id", job}, {"runBackupJob", "id", job}, {"retryBackupJob", "id", job},
                {"cancelBackupJob", "id", job}, {"listBackupJobRuns", "backupjobid", job},
                {"listBackupJobRuns", "id", run}, {"cancelBackupOperation", "jobid", queuedJobId},
                {"cancelBackupOperation", "virtualmachineid", vm}, {"cancelBackupOperation", "id", backup},
                {"createVMFromBackup", "backupid", backup, "name", "bobs-copy"},
                {"createVMFromBackup", "backupid", backup, "name", "bobs-quick", "quickrestore", "true"},
                {"listBackupFiles", "id", backup}, {"listBackupFiles", "id", backup, "filesystem", "/dev/sda1"},
                {"extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path", "/home/user/hello.txt"},
                {"queryAsyncJobResult", "jobid", queuedJobId}, {"listVirtualMachines", "id", vm},
                {"listVolumes", "virtualmachineid", vm}, {"listVolumes", "id", volume},
                {"startVirtualMachine", "id", vm}, {"stopVirtualMachine", "id", vm},
                {"updateVirtualMachine", "id", vm, "details[0].key", "x"},
        };
        for (String[] r : refusals) {
            String[] args = java.util.Arrays.copyOfRange(r, 1, r.length);
            ApiAnswer a = server.call(bob, r[0], args);
            String body = a.envelope().toString();
            boolean emptyList = r[0].startsWith("list") && a.httpStatus() == 200 && !body.contains("\"count\"");
            if (a.httpStatus() != 431 && a.httpStatus() != 432 && !emptyList) {
                holes.add(String.join(" ", r) + " answered " + a.httpStatus() + ": " + body);
            } else if (leaks(body, args)) {
                holes.add(String.join(" ", r) + " refused but told about A's things: " + body);
            }
        }
        for (String list : List.of("listBackups", "listBackupJobs", "listBackupJobRuns", "listBackupServiceJobs",
                "listBackupSchedule", "listVirtualMachines", "listVolumes", "listAsyncJobs")) {
            ApiAnswer a = server.call(bob, list);
            String body = a.envelope().toString();
            if (a.httpStatus() == 200 ? leaks(body) : a.httpStatus() != 431 && a.httpStatus() != 432) {
                holes.add(list + " answered " + a.httpStatus() + " with A's things: " + body);
            }
        }
        assertEquals("holes:\n" + String.join("\n", holes), List.of(), holes);
        assertEquals("nothing changed", before, checksums());
        assertTrue("alice still sees her run", server.ok(alice, "listBackupJobRuns", "backupjobid", job).toString()
                .contains(run));
    }

    /**
     * The lists answer another account's things as CloudStack's do. An id (of a backup, a VM, a volume) and
     * listVolumes' virtualmachineid only narrow what the caller may see, so the list is empty
     * (buildACLSearchParameters checks no id). listBackups' virtualmachineid is checked against the caller first
     * (BackupManagerImpl.listBackups checks access to the VM, a removed one too; an unknown VM lists nothing).
     * domainid and account must be the caller's to name: one that exists but is not is refused (432), one that
     * does not exist is a bad parameter (431).
     */
    @Test
    public void listsGivenAnotherAccountsIdsAnswerEmptyButRefuseItsVmDomainOrAccountAsCloudStackDoes() {
        for (String[] r : new String[][]{{"listBackups", "id", backup}, {"listVirtualMachines", "id", vm},
                {"listVolumes", "id", volume}, {"listVolumes", "virtualmachineid", vm},
                {"listBackups", "virtualmachineid", UUID.randomUUID().toString()}}) {
            ApiAnswer a = server.call(bob, r[0], java.util.Arrays.copyOfRange(r, 1, r.length));
            String body = a.envelope().toString();
            assertEquals(String.join(" ", r) + ": " + body, 200, a.httpStatus());
            assertFalse(String.join(" ", r) + " lists nothing: " + body, body.contains("\"count\""));
        }
        String refusal = server.refused(432, bob, "listBackups", "virtualmachineid", vm).toString();
        assertTrue(refusal, refusal.contains("virtualmachineid") && refusal.contains("another account"));
        assertFalse("names none of A's other things: " + refusal, leaks(refusal, vm));
        assertTrue("an administrator lists the VM's backups (listall=true, as CloudStack's admins do)",
                server.ok(cloud.admin(), "listBackups", "listall", "true", "virtualmachineid", vm).toString()
                        .contains(backup));

        String root = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        Caller other = cloud.account("carol-c", "/other-" + UUID.randomUUID().toString().substring(0, 6) + "/",
                Role.DOMAIN_ADMIN);
        refusal = server.refused(432, other, "listBackups", "virtualmachineid", vm).toString();
        assertTrue(refusal, refusal.contains("virtualmachineid"));
        refusal = server.refused(432, other, "listBackups", "domainid", root).toString();
        assertTrue(refusal, refusal.contains("domainid") && refusal.contains("may not list"));
        refusal = server.refused(432, bob, "listBackups", "domainid", other.domainUuid()).toString();
        assertTrue(refusal, refusal.contains("domainid") && refusal.contains("may not list"));
        refusal = server.refused(431, bob, "listBackups", "domainid", UUID.randomUUID().toString()).toString();
        assertTrue(refusal, refusal.contains("no domain has ID"));
        refusal = server.refused(432, bob, "listBackups", "domainid", root, "account", alice.accountName())
                .toString();
        assertTrue(refusal, refusal.contains("may not list"));
        refusal = server.refused(431, bob, "listBackups", "domainid", root, "account", "nobody-here").toString();
        assertTrue(refusal, refusal.contains("has no account nobody-here"));
        JsonObject own = server.ok(bob, "listBackups", "domainid", root);
        assertFalse("his own domain lists only his own account's backups: " + own, leaks(own.toString()));
    }

    /** Whether an answer names anything of A's beyond the ids the caller itself gave. */
    private static boolean leaks(String body, String... given) {
        List<String> asked = List.of(given);
        for (String id : List.of(vm, volume, backup, schedule, job, run, queuedJobId, extraction, serviceJob,
                alice.accountUuid(), "alice-vm", "alices", "hello.txt")) {
            if (!asked.contains(id) && body.contains(id)) {
                return true;
            }
        }
        return false;
    }

    private static String checksums() {
        StringBuilder out = new StringBuilder();
        for (String t : TABLES) {
            out.append(t).append('=').append(cloud.single("SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS("
                    + "'|', " + columns(t) + "))), 0)) FROM " + t)).append('\n');
        }
        return out.toString();
    }

    private static String columns(String table) {
        return String.join(", ", cloud.sql.queryForList("SELECT column_name FROM information_schema.columns WHERE"
                + " table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", String.class, table)
                .stream().map(c -> "`" + c + "`").toList());
    }

    /** A USER account of the ROOT domain and its caller. */
    private static Caller user(String name) {
        return cloud.account(name, "/", Role.USER);
    }
}
