package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.schedule.BackupScheduler;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.host.StoreCapacityPoller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 12 items 3, 4 and 7 through the server's own dispatcher on the real MariaDB: listBackups answers
 * CloudStack's BackupResponse fields (name and description from createBackup, volumes, zone, domain,
 * intervaltype, vmbackupofferingremoved, isbackupvmexpunged, hostid, created when taken) and filters by
 * them; a new backup goes to the zone's store with the most free space as the agents measured it, only
 * to stores dedicated to backups when there are some, never to a read-only one; deleteImageStore is
 * refused while backups are on the store, with their count; restoreVolumeFromBackupAndAttachToVM takes
 * quickrestore and hostid.
 */
public class BackupParityTest extends OneServerLab {
    private static final long GIB = 1L << 30;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_parity", "parity", 2, "par");
    }

    /** The administrator's listBackups with listall=true: every backup, as the tests count them in SQL. */
    private static JsonArray list(String... filters) {
        List<String> kv = new ArrayList<>(List.of(filters));
        kv.addAll(List.of("listall", "true"));
        JsonArray a = server.ok(admin, "listBackups", kv.toArray(String[]::new)).getAsJsonArray("backup");
        return a == null ? new JsonArray() : a;
    }

    private static JsonObject listed(String backup, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "id";
        args[1] = backup;
        System.arraycopy(more, 0, args, 2, more.length);
        JsonArray a = list(args);
        assertEquals(a.toString(), 1, a.size());
        return a.get(0).getAsJsonObject();
    }

    private static String store(String name) {
        String uuid = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, used_bytes, created)"
                + " VALUES (?, ?, ?, 'file', ?, ?, 0, '2026-03-01 08:00:00.000')", uuid, name, cloud.zoneId(),
                "file://" + cloud.folder.resolve(name), cloud.folder.resolve(name).toString());
        return uuid;
    }

    private static String storeOf(String backup) {
        return cloud.single("SELECT s.uuid FROM backup b JOIN image_store s ON s.id = b.image_store_id"
                + " WHERE b.uuid = ?", backup);
    }

    @Test
    public void aBackupIsAnsweredWithCloudStacksFields() {
        OrchestrationCloud.Vm vm = newVm();
        cloud.sql.update("INSERT INTO vm_instance_details (vm_id, name, value) VALUES (?, 'backupValidationCommand',"
                + " 'uptime')", vm.id());
        String backup = backedUp(vm, "name", "before-upgrade", "description", "taken before the upgrade");
        JsonObject b = listed(backup);
        assertEquals("before-upgrade", b.get("name").getAsString());
        assertEquals("taken before the upgrade", b.get("description").getAsString());
        assertEquals("parity", b.get("zone").getAsString());
        assertEquals("ROOT", b.get("domain").getAsString());
        assertEquals("admin", b.get("account").getAsString());
        assertEquals(cloud.single("SELECT uuid FROM host WHERE id = ?", vm.hostId()), b.get("hostid").getAsString());
        assertFalse(b.get("vmbackupofferingremoved").getAsBoolean());
        assertFalse(b.get("isbackupvmexpunged").getAsBoolean());
        assertFalse("a createBackup backup has no schedule", b.has("intervaltype"));
        assertEquals("created is when it was taken", b.get("date").getAsString(), b.get("created").getAsString());
        assertTrue(b.has("requested"));
        assertFalse("no vmdetails unless asked", b.has("vmdetails"));

        JsonArray volumes = JsonParser.parseString(b.get("volumes").getAsString()).getAsJsonArray();
        assertEquals(volumes.toString(), 1, volumes.size());
        JsonObject root = volumes.get(0).getAsJsonObject();
        assertEquals(cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", vm.id()), root.get("uuid").getAsString());
        assertEquals("ROOT", root.get("type").getAsString());
        assertEquals(0, root.get("deviceId").getAsInt());
        assertEquals("/var/lib/kboss-test/" + vm.name() + "/root.qcow2", root.get("path").getAsString());
        assertTrue(root.get("size").getAsLong() > 0);

        assertEquals("uptime", listed(backup, "listvmdetails", "true").getAsJsonObject("vmdetails")
                .get("backupValidationCommand").getAsString());

        assertTrue(server.refused(431, admin, "createBackup", "virtualmachineid", vm.uuid(), "name", "bad\u0007name")
                .get("errortext").getAsString().contains("control character"));
        assertEquals("nothing queued for the refused name", 1,
                cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?",
                        vm.id()));
        String unnamed = backedUp(vm);
        assertTrue(listed(unnamed).get("name").getAsString(), listed(unnamed).get("name").getAsString()
                .matches(vm.name() + "-\\d{14}"));

        // The VM leaves the offering, then is removed: the backups say so.
        cloud.sql.update("UPDATE vm_instance SET backup_offering_id = NULL WHERE id = ?", vm.id());
        assertTrue(listed(backup).get("vmbackupofferingremoved").getAsBoolean());
        cloud.sql.update("UPDATE vm_instance SET removed = '2026-03-01 09:00:00.000' WHERE id = ?", vm.id());
        assertTrue(listed(backup).get("isbackupvmexpunged").getAsBoolean());
    }

    @Test
    public void aScheduledBackupNamesItsIntervalType() {
        OrchestrationCloud.Vm vm = newVm();
        String schedule = server.ok(admin, "createBackupSchedule", "virtualmachineid", vm.uuid(), "intervaltype",
                "DAILY", "schedule", "30:02", "timezone", "UTC").getAsJsonObject("backupschedule").get("id")
                .getAsString();
        long scheduleId = cloud.count("SELECT id FROM backup_schedule WHERE uuid = ?", schedule);
        Instant at = BackupSchedule.parse(scheduleId, "DAILY", "30:02", "UTC").nextFiringAfter(cloud.clock.instant())
                .scheduledAt().plusSeconds(20);
        cloud.clock.set(at);
        assertEquals(1, server.bean(BackupScheduler.class).withClock(cloud.clock).runDueFirings());
        server.drain();
        JsonArray scheduled = list("virtualmachineid", vm.uuid());
        assertEquals(scheduled.toString(), 1, scheduled.size());
        assertEquals("DAILY", scheduled.get(0).getAsJsonObject().get("intervaltype").getAsString());
    }

    @Test
    public void listBackupsFiltersByNameStatusZoneOfferingAccountDomainKeywordAndStore() {
        OrchestrationCloud.Vm vm = newVm();
        String named = backedUp(vm, "name", "filter-me");
        String other = backedUp(vm);
        assertEquals(named, listed(named, "name", "filter-me").get("id").getAsString());
        assertEquals(0, list("name", "filter-me", "id", other).size());
        assertEquals("keyword matches the name", 1, list("virtualmachineid", vm.uuid(), "keyword", "filter-").size());
        assertEquals(2, list("virtualmachineid", vm.uuid(), "status", "BackedUp").size());
        assertEquals(0, list("virtualmachineid", vm.uuid(), "status", "Failed").size());
        String zone = cloud.single("SELECT uuid FROM zone WHERE id = ?", cloud.zoneId());
        assertEquals(2, list("virtualmachineid", vm.uuid(), "zoneid", zone).size());
        String offering = cloud.single("SELECT o.uuid FROM backup_offering o JOIN vm_instance v"
                + " ON v.backup_offering_id = o.id WHERE v.id = ?", vm.id());
        assertEquals(2, list("virtualmachineid", vm.uuid(), "backupofferingid", offering).size());
        String silver = cloud.single("SELECT uuid FROM backup_offering WHERE id = ?", cloud.offering("silver-"
                + vms, "compress", "false"));
        assertEquals(0, list("virtualmachineid", vm.uuid(), "backupofferingid", silver).size());
        String root = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        assertEquals(2, list("virtualmachineid", vm.uuid(), "domainid", root, "account", "admin", "listall", "true")
                .size());
        assertEquals(2, list("virtualmachineid", vm.uuid(), "domainid", root).size());
        String store = storeOf(named);
        assertEquals(list("imagestoreid", store).toString(), cloud.count("SELECT COUNT(*) FROM backup b JOIN"
                + " image_store s ON s.id = b.image_store_id WHERE s.uuid = ? AND b.status NOT IN ('Removed',"
                + " 'Expunged')", store), list("imagestoreid", store).size());

        assertEquals("account without domainid: the caller's domain, as CloudStack", 2, list("virtualmachineid",
                vm.uuid(), "account", "admin").size());
        assertTrue(server.refused(431, admin, "listBackups", "zoneid", UUID.randomUUID().toString())
                .get("errortext").getAsString().contains("zoneid"));
        assertTrue(server.refused(431, admin, "listBackups", "status", "Removed").get("errortext").getAsString()
                .contains("status"));
        assertTrue(server.refused(431, admin, "listBackups", "domainid", root, "account", "nobody")
                .get("errortext").getAsString().contains("has no account nobody"));
    }

    @Test
    public void listBackupsFiltersByTypeAndByTheDayTakenOnTheServerSoTheUiPagesWithoutReadingEverything() {
        OrchestrationCloud.Vm vm = newVm();
        String full = backedUp(vm);
        String inc = backedUp(vm);
        String isolated = backedUp(vm, "isolated", "true");
        assertEquals(List.of(full), ids(list("virtualmachineid", vm.uuid(), "type", "Full")));
        assertEquals(List.of(inc), ids(list("virtualmachineid", vm.uuid(), "type", "Incremental")));
        assertEquals(List.of(isolated), ids(list("virtualmachineid", vm.uuid(), "type", "Isolated")));
        cloud.sql.update("UPDATE backup SET date = '2026-02-01 10:00:00' WHERE uuid = ?", full);
        cloud.sql.update("UPDATE backup SET date = '2026-02-02 23:59:00' WHERE uuid = ?", inc);
        cloud.sql.update("UPDATE backup SET date = '2026-02-03 00:00:00' WHERE uuid = ?", isolated);
        assertEquals("a date alone as enddate is the end of that day", List.of(full, inc), ids(list(
                "virtualmachineid", vm.uuid(), "startdate", "2026-02-01", "enddate", "2026-02-02")));
        assertEquals(List.of(inc, isolated), ids(list("virtualmachineid", vm.uuid(), "startdate",
                "2026-02-02T12:00:00+0000")));
        assertEquals(List.of(full), ids(list("virtualmachineid", vm.uuid(), "enddate", "2026-02-01", "type",
                "Full")));
        JsonObject page = server.ok(admin, "listBackups", "virtualmachineid", vm.uuid(), "startdate", "2026-02-02",
                "page", "1", "pagesize", "1");
        assertEquals("the count is of the filtered backups", 2, page.get("count").getAsInt());

        assertTrue(server.refused(431, admin, "listBackups", "type", "Differential").get("errortext").getAsString()
                .contains("type"));
        assertTrue(server.refused(431, admin, "listBackups", "startdate", "2026-02-03", "enddate", "2026-02-02")
                .get("errortext").getAsString().contains("startdate"));
    }

    @Test
    public void backupsGoToTheStoreWithTheMostFreeSpaceOrTheDedicatedOnesNeverAReadOnlyOne() {
        // Placement is measured for each zone's stores; this test's stores are alone in their new zone.
        OrchestrationCloud.Vm vm = newVm();
        String first = cloud.single("SELECT uuid FROM image_store WHERE id = ?", cloud.storeId());
        String small = store("small-" + vms);
        String large = store("large-" + vms);
        cloud.agents.storeCapacity(first, 100 * GIB, 1 * GIB);
        cloud.agents.storeCapacity(small, 100 * GIB, 10 * GIB);
        cloud.agents.storeCapacity(large, 100 * GIB, 60 * GIB);
        assertTrue(server.bean(StoreCapacityPoller.class).refreshAll() >= 3);

        JsonArray stores = server.ok(admin, "listImageStores", "id", large).getAsJsonArray("imagestore");
        JsonObject listedLarge = stores.get(0).getAsJsonObject();
        assertEquals(100 * GIB, listedLarge.get("disksizetotal").getAsLong());
        assertEquals(40 * GIB, listedLarge.get("disksizeused").getAsLong());
        assertFalse(listedLarge.get("readonly").getAsBoolean());

        assertEquals("the most free space", large, storeOf(backedUp(vm)));

        assertTrue(server.ok(admin, "updateImageStore", "id", large, "readonly", "true").getAsJsonObject("imagestore")
                .get("readonly").getAsBoolean());
        assertEquals("a read-only store takes no new backup", small, storeOf(backedUp(vm)));

        server.ok(admin, "updateImageStore", "id", large, "readonly", "false");
        server.ok(admin, "updateImageStore", "id", first, "backupsonly", "true");
        assertEquals("only the stores dedicated to backups, however full", first, storeOf(backedUp(vm)));
        server.ok(admin, "updateImageStore", "id", first, "backupsonly", "false");

        // Every store read-only: refused, nothing queued.
        for (String s : new String[]{first, small, large}) {
            server.ok(admin, "updateImageStore", "id", s, "readonly", "true");
        }
        long before = cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?", vm.id());
        assertTrue(server.refused(431, admin, "createBackup", "virtualmachineid", vm.uuid()).get("errortext")
                .getAsString().contains("read-only"));
        assertEquals(before, cloud.count("SELECT COUNT(*) FROM backup WHERE vm_id = ?", vm.id()));
        for (String s : new String[]{first, small, large}) {
            server.ok(admin, "updateImageStore", "id", s, "readonly", "false");
        }
        assertTrue(server.refused(431, admin, "updateImageStore", "id", large).get("errortext").getAsString()
                .contains("Nothing to update"));
    }

    @Test
    public void aStoreHoldingBackupsIsNotDeletedAndAnEmptyOneIs() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backedUp(vm);
        String store = storeOf(backup);
        long held = list("imagestoreid", store).size();
        String text = server.refused(536, admin, "deleteImageStore", "id", store).get("errortext").getAsString();
        assertTrue(text, text.contains("still holds " + held + " backup"));
        assertTrue(text, text.contains(held + " BackedUp"));
        assertNull("still there", cloud.single("SELECT removed FROM image_store WHERE uuid = ?", store));

        String empty = store("empty-" + vms);
        server.ok(admin, "deleteImageStore", "id", empty);
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM image_store WHERE uuid = ? AND removed IS NOT NULL", empty));
    }

    @Test
    public void restoreVolumeTakesQuickrestoreAndHostidAsCloudStack() {
        OrchestrationCloud.Vm vm = newVm();
        String backup = backedUp(vm);
        String volume = cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", vm.id());
        // quickrestore=true itself: QuickVolumeRestoreJobsTest.
        assertTrue(server.refused(431, admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid",
                volume, "virtualmachineid", vm.uuid(), "hostid", UUID.randomUUID().toString()).get("errortext")
                .getAsString().contains("hostid"));
        String host = cloud.single("SELECT uuid FROM host WHERE id = ?", vm.hostId());
        JsonObject asked = server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid",
                volume, "virtualmachineid", vm.uuid(), "hostid", host, "quickrestore", "false");
        server.drain();
        assertEquals(1, server.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());
    }

    private static List<String> ids(JsonArray backups) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < backups.size(); i++) {
            out.add(backups.get(i).getAsJsonObject().get("id").getAsString());
        }
        return out;
    }

    @Test
    public void anAdministratorsListsShowTheOwnAccountsThingsUnlessListallTrueAsCloudStack() {
        OrchestrationCloud.Vm mine = newVm();
        vms++;
        long compressing = cloud.offering("par-compress-" + vms, "compress", "true", "compressionlibrary", "zstd");
        OrchestrationCloud.Vm theirs = cloud.vm("par-" + vms, cloud.host("par-h" + vms), compressing);
        String root = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        String name = "lister-" + vms;
        server.ok(admin, "createAccount", "username", name, "password", "lister-password", "domainid", root);
        Caller lister = userCaller(name);
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", lister.accountId(), theirs.id());
        cloud.sql.update("UPDATE volume SET account_id = ? WHERE vm_id = ?", lister.accountId(), theirs.id());
        String own = backedUp(mine);
        // The lister's own backup: its async job is the lister's, and its compression runs on the lister's VM.
        String asked = server.ok(lister, "createBackup", "virtualmachineid", theirs.uuid()).get("jobid")
                .getAsString();
        server.drain();
        String others = cloud.single("SELECT b.uuid FROM backup b WHERE b.vm_id = ? ORDER BY b.id DESC LIMIT 1",
                theirs.id());
        String mySchedule = schedule(admin, mine);
        String theirSchedule = schedule(lister, theirs);
        String theirJob = server.ok(lister, "createBackupJob", "name", "lister-job", "virtualmachineids", theirs.uuid())
                .getAsJsonObject("backupjob").get("id").getAsString();
        String theirVolume = cloud.single("SELECT uuid FROM volume WHERE vm_id = ?", theirs.id());

        // Without listall the administrator sees his own account's things only; listall=true shows all.
        assertNarrowed("listBackups", "backup", "id", own, others);
        assertNarrowed("listVirtualMachines", "virtualmachine", "id", mine.uuid(), theirs.uuid());
        assertNarrowed("listBackupSchedule", "backupschedule", "id", mySchedule, theirSchedule);
        assertNarrowed("listBackupJobs", "backupjob", "id", null, theirJob);
        assertNarrowed("listAsyncJobs", "asyncjobs", "jobid", null, asked);
        assertEquals("CloudStack: by VM too", List.of(), idsOf(admin, "listVolumes", "volume", "id",
                "virtualmachineid", theirs.uuid()));
        assertEquals(List.of(theirVolume), idsOf(admin, "listVolumes", "volume", "id", "virtualmachineid",
                theirs.uuid(), "listall", "true"));
        assertEquals(List.of(), idsOf(admin, "listBackups", "backup", "id", "virtualmachineid", theirs.uuid()));
        assertEquals("the compression of the lister's backup", List.of(), idsOf(admin, "listBackupServiceJobs",
                "backupservicejob", "backupid", "backupid", others));
        assertEquals(List.of(others), idsOf(admin, "listBackupServiceJobs", "backupservicejob", "backupid",
                "backupid", others, "listall", "true"));

        // By id, or naming the account, listall changes nothing.
        assertEquals(List.of(others), idsOf(admin, "listBackups", "backup", "id", "id", others));
        assertEquals(List.of(theirs.uuid()), idsOf(admin, "listVirtualMachines", "virtualmachine", "id", "id",
                theirs.uuid()));
        assertEquals(List.of(theirSchedule), idsOf(admin, "listBackupSchedule", "backupschedule", "id", "id",
                theirSchedule));
        assertEquals(List.of(theirJob), idsOf(admin, "listBackupJobs", "backupjob", "id", "id", theirJob));
        assertEquals(List.of(others), idsOf(admin, "listBackups", "backup", "id", "domainid", root, "account", name,
                "listall", "false"));
        // A user's lists are his account's, whatever listall says.
        assertEquals(List.of(theirs.uuid()), idsOf(lister, "listVirtualMachines", "virtualmachine", "id"));
        assertEquals(List.of(theirs.uuid()), idsOf(lister, "listVirtualMachines", "virtualmachine", "id", "listall",
                "true"));
        // The schedules would fire in the other tests of this class, which move the clock.
        server.ok(admin, "deleteBackupSchedule", "id", mySchedule);
        server.ok(lister, "deleteBackupSchedule", "id", theirSchedule);
    }

    /** An administrator's list without listall has {@code own} (if given) and not {@code others}; with it, both. */
    private static void assertNarrowed(String command, String item, String idField, String own, String others) {
        List<String> narrowed = idsOf(admin, command, item, idField);
        assertFalse(command + " without listall: " + narrowed, narrowed.contains(others));
        List<String> all = idsOf(admin, command, item, idField, "listall", "true");
        assertTrue(command + " with listall=true: " + all, all.contains(others));
        if (own != null) {
            assertTrue(command + ": " + narrowed, narrowed.contains(own));
            assertTrue(command + ": " + all, all.contains(own));
        }
    }

    private static List<String> idsOf(Caller caller, String command, String item, String idField, String... params) {
        List<String> kv = new ArrayList<>(List.of(params));
        kv.addAll(List.of("page", "1", "pagesize", "500"));
        JsonArray a = server.ok(caller, command, kv.toArray(String[]::new)).getAsJsonArray(item);
        List<String> out = new ArrayList<>();
        for (int i = 0; a != null && i < a.size(); i++) {
            out.add(a.get(i).getAsJsonObject().get(idField).getAsString());
        }
        return out;
    }

    private static String schedule(Caller caller, OrchestrationCloud.Vm vm) {
        return server.ok(caller, "createBackupSchedule", "virtualmachineid", vm.uuid(), "intervaltype", "DAILY",
                "schedule", "30:02", "timezone", "UTC").getAsJsonObject("backupschedule").get("id").getAsString();
    }

    /** The USER account's user created with createAccount, as a caller. */
    private static Caller userCaller(String username) {
        return cloud.sql.queryForObject("SELECT u.id, u.uuid, a.id, a.uuid, d.id, d.uuid FROM `user` u JOIN account a"
                + " ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id WHERE u.username = ?",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2), username, rs.getLong(3), rs.getString(4),
                        username, io.kboss.server.api.Role.USER, rs.getLong(5), rs.getString(6), "/"),
                username);
    }

    private static JsonObject listedStore(String uuid) {
        return server.ok(admin, "listImageStores", "id", uuid).getAsJsonArray("imagestore").get(0).getAsJsonObject();
    }

    @Test
    public void aStoreNoAgentCanMeasureIsShownStaleWithWhy() {
        String unmounted = store("unmounted-" + (++vms));
        server.bean(StoreCapacityPoller.class).refreshAll();
        JsonObject listed = listedStore(unmounted);
        assertTrue(listed.toString(), listed.get("capacitystale").getAsBoolean());
        assertTrue(listed.toString(), listed.get("capacityerror").getAsString().contains("is not mounted")
                && listed.has("capacityfailed") && !listed.has("capacitychecked"));

        cloud.agents.storeCapacity(unmounted, 10 * GIB, 4 * GIB);
        server.bean(StoreCapacityPoller.class).refreshAll();
        listed = listedStore(unmounted);
        assertFalse(listed.toString(), listed.get("capacitystale").getAsBoolean());
        assertFalse(listed.has("capacityerror") || listed.has("capacityfailed"));
        assertEquals(10 * GIB, listed.get("disksizetotal").getAsLong());

        server.ok(admin, "deleteImageStore", "id", unmounted); // empty: it takes no other test's backups

        // A store measured once whose zone has no Up host: the last figures stay, marked stale, with why.
        cloud.sql.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'hostless', UTC_TIMESTAMP(3))");
        String far = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, used_bytes, created,"
                + " capacity_bytes, free_bytes, capacity_checked) SELECT ?, 'far', id, 'file', 'file:///far', '/far',"
                + " 0, UTC_TIMESTAMP(3), ?, ?, UTC_TIMESTAMP(3) FROM zone WHERE name = 'hostless'", far, 8 * GIB,
                2 * GIB);
        server.bean(StoreCapacityPoller.class).refreshAll();
        listed = listedStore(far);
        assertTrue(listed.toString(), listed.get("capacitystale").getAsBoolean()
                && listed.get("capacityerror").getAsString().contains("no host of zone hostless is Up")
                && listed.has("capacitychecked"));
        assertEquals("the last figures are kept", 8 * GIB, listed.get("disksizetotal").getAsLong());
    }

}
