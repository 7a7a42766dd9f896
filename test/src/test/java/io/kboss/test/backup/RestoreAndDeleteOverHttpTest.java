package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static io.kboss.test.backup.DiskContent.assertPattern;
import static io.kboss.test.backup.DiskContent.assertZeros;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * restoreBackup, restoreVolumeFromBackupAndAttachToVM and deleteBackup through the HTTP API: the
 * in-process server on real MariaDB, a real kboss-agent, tiny TCG domains on the machine's libvirt.
 * Data is checked by reading byte patterns written between backups back from the restored disks.
 */
public class RestoreAndDeleteOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static ApiSession bob;
    private static ApiSession carol;
    private static long storeId;
    private static String plainOffering;
    private static String quickOffering;
    private static String chainOfTenOffering;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-restore-", "backup_restore").adminPassword("restore-admin").zone("restore")
                .offering("plain", "no quick restore", "backupchainsize", "5")
                .offering("quick", "quick restore", "backupchainsize", "5", "allowquickrestore", "true")
                .offering("ten", "chains of ten", "backupchainsize", "10").users("bob", "carol")
                // Discovery runs when a test asks (syncNow), never on its own in the middle of a test.
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-c-").start();
        admin = cloud.admin;
        bob = cloud.session("bob");
        carol = cloud.session("carol");
        storeId = Long.parseLong(cloud.single("SELECT id FROM image_store"));
        plainOffering = cloud.offering("plain");
        quickOffering = cloud.offering("quick");
        chainOfTenOffering = cloud.offering("ten");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void eachPointOfAFullAndTwoIncrementsRestoresItsOwnDataAndTheNextBackupIsFull() throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        vm.domain.write(0x11, "0", "1M");
        JsonObject full = backUp(admin, vm);
        vm.domain.write(0x22, "1M", "1M");
        JsonObject second = backUp(admin, vm);
        vm.domain.write(0x33, "0", "1M");
        JsonObject third = backUp(admin, vm);
        assertEquals("Incremental", third.get("type").getAsString());

        ApiSession.Answer running = admin.call("restoreBackup", "id", id(full));
        assertEquals(431, running.status());
        assertTrue(running.errorText(), running.errorText().contains("must be stopped"));

        stop(vm);
        restore(admin, id(full), false);
        assertPattern(vm.domain.disk, 0x11, 0);
        assertPattern(vm.domain.disk, 0x00, 1);
        restore(admin, id(second), false);
        assertPattern(vm.domain.disk, 0x11, 0);
        assertPattern(vm.domain.disk, 0x22, 1);
        restore(admin, id(third), false);
        assertPattern(vm.domain.disk, 0x33, 0);
        assertPattern(vm.domain.disk, 0x22, 1);
        assertEquals("BackedUp", listed(admin, id(third)).get("status").getAsString());
        assertEquals("the restores ended every chain of the VM", "0",
                cloud.single(
                        "SELECT COUNT(*) FROM backup_chain WHERE state = 'OPEN' AND vm_id = (SELECT id FROM vm_instance"
                                + " WHERE uuid = '" + vm.uuid + "')"));

        ApiSession.Answer quick = admin.call("restoreBackup", "id", id(full), "quickrestore", "true");
        assertEquals(431, quick.status());
        assertTrue(quick.errorText(), quick.errorText().contains("does not allow quick restore"));

        start(vm);
        JsonObject next = backUp(admin, vm);
        assertEquals("after a restore the next backup starts a new chain", "Full", next.get("type").getAsString());
    }

    @Test
    public void aChainOfTenWithWritesBetweenBackupsRestoresEachPointByteIdentical() throws Exception {
        LabVm vm = newVm("admin", chainOfTenOffering);
        List<String> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vm.domain.write(0xa0 + i, i + "M", "1M");
            JsonObject b = backUp(admin, vm);
            assertEquals("backup " + i, i == 0 ? "Full" : "Incremental", b.get("type").getAsString());
            assertEquals(i, b.get("chainposition").getAsInt());
            points.add(id(b));
        }
        stop(vm);
        for (int point = 9; point >= 0; point--) {
            restore(admin, points.get(point), false);
            for (int mib = 0; mib < 10; mib++) {
                assertPattern(vm.domain.disk, mib <= point ? 0xa0 + mib : 0x00, mib);
            }
            assertZeros(vm.domain.disk, 10, 6);
        }
    }

    @Test
    public void aQuickRestoreLeavesARunningVmWhoseDisksNoLongerDependOnTheBackups() throws Exception {
        LabVm vm = newVm("admin", quickOffering);
        vm.domain.write(0x44, "0", "1M");
        JsonObject full = backUp(admin, vm);
        assertPattern(
                cloud.store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON b.id ="
                        + " bv.backup_id WHERE b.uuid = '" + id(full) + "'")),
                0x44, 0);
        vm.domain.write(0x55, "0", "1M");
        stop(vm);
        long replacedBytes = allocatedBytes(vm.domain.disk);
        JsonObject done = restore(admin, id(full), true);
        String text = done.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains("quick restore"));
        java.util.regex.Matcher freed = java.util.regex.Pattern.compile("its replaced volumes were deleted \\(1 file, "
                + "(\\d+) bytes freed\\)").matcher(text);
        assertTrue("the answer reports the bytes freed: " + text, freed.find());
        // The agent measures the file when it deletes it, after the restore dropped its bitmaps.
        long bytesFreed = Long.parseLong(freed.group(1));
        assertTrue(bytesFreed + " bytes freed of " + replacedBytes,
                bytesFreed >= 1 << 20 && bytesFreed <= replacedBytes);
        assertFalse("the volume the restore replaced is gone", Files.exists(vm.domain.disk));
        try (var left = Files.list(cloud.folder)) {
            assertEquals("no set-aside volume is left", 0, left.filter(f -> f.toString().endsWith(".replaced-volume"))
                    .count());
        }
        boolean active = cloud.libvirt
                .withConnection(c -> c.domainLookupByUUIDString(vm.domain.libvirtUuid).isActive() == 1);
        assertTrue("quick restore started the VM", active);
        String disk = diskOf(vm, "vda", true);
        String info = Programs.run(List.of("qemu-img", "info", "-U", "--output=json", disk), Duration.ofSeconds(60));
        assertFalse("consolidated: no backing file left: " + info, info.contains("backing-filename"));
        // QEMU keeps qcow2 metadata of the pull in memory while it runs: stop it (it flushes) to read the file.
        stop(vm);
        assertPattern(Path.of(disk), 0x44, 0);
        assertEquals("discovery records the consolidated disk as the VM's volume", disk,
                cloud.single("SELECT v.path FROM"
                        + " volume v JOIN vm_instance m ON m.id = v.vm_id WHERE m.uuid = '" + vm.uuid
                        + "' AND v.removed IS NULL"));
    }

    @Test
    public void deletingTheMiddleBackupMergesItIntoTheNewestWhichStillRestoresEverything() throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        vm.domain.write(0x61, "0", "1M");
        JsonObject full = backUp(admin, vm);
        vm.domain.write(0x62, "1M", "1M");
        JsonObject middle = backUp(admin, vm);
        vm.domain.write(0x63, "2M", "1M");
        JsonObject newest = backUp(admin, vm);
        long usedBefore = Long.parseLong(cloud.single("SELECT used_bytes FROM image_store WHERE id = " + storeId));

        JsonObject deleted = admin.waitForJob(admin.ok("deleteBackup", "id", id(middle)).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(deleted.toString(), 1, deleted.get("jobstatus").getAsInt());
        assertTrue(deleted.toString(), deleted.toString().contains("merged into"));
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = '" + id(middle) + "'"));
        assertEquals(2, list(admin, "virtualmachineid", vm.uuid).size());
        assertEquals("the newest now stands on the full", id(full), listed(admin, id(newest)).get("parentid")
                .getAsString());
        assertEquals(1, listed(admin, id(newest)).get("chainposition").getAsInt());
        long usedAfter = Long.parseLong(cloud.single("SELECT used_bytes FROM image_store WHERE id = " + storeId));
        assertTrue(usedBefore + " -> " + usedAfter, usedAfter < usedBefore);

        ApiSession.Answer again = admin.call("deleteBackup", "id", id(middle));
        assertEquals(431, again.status());
        assertTrue(again.errorText(), again.errorText().contains("Expunged"));

        stop(vm);
        restore(admin, id(newest), false);
        assertPattern(vm.domain.disk, 0x61, 0);
        assertPattern(vm.domain.disk, 0x62, 1);
        assertPattern(vm.domain.disk, 0x63, 2);

        JsonObject forced = admin.waitForJob(admin.ok("deleteBackup", "id", id(full), "forced", "true").get("jobid")
                .getAsString(), JOB_TIMEOUT);
        assertEquals(forced.toString(), 1, forced.get("jobstatus").getAsInt());
        assertEquals("a forced delete takes the backups on top of it along", 0,
                list(admin, "virtualmachineid", vm.uuid).size());
    }

    @Test
    public void aVolumeRestoredIntoARunningVmIsAttachedLiveAndPersistentlyAndListedAsItsDisk() throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        vm.domain.write(0x71, "0", "1M");
        JsonObject full = backUp(admin, vm);
        vm.domain.write(0x72, "0", "1M");

        JsonObject r = restoreVolume(admin, full, vm);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        String text = r.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains("attached to VM") && text.contains(" as vdb (live and persistent)"));

        String path = diskOf(vm, "vdb", false);
        assertEquals("the live domain reads the new disk", path, diskOf(vm, "vdb", true));
        assertEquals(vm.domain.disk.getParent(), Path.of(path).getParent());
        assertPattern(Path.of(path), 0x71, 0);
        JsonObject listed = volumeOn(vm, "vdb");
        assertEquals(path, listed.get("path").getAsString());
        assertEquals("DATADISK", listed.get("type").getAsString());
        assertEquals(1, listed.get("deviceid").getAsInt());
        assertTrue(text, text.contains(listed.get("id").getAsString()));
        assertEquals("BackedUp", listed(admin, id(full)).get("status").getAsString());
        JsonObject next = backUp(admin, vm);
        assertEquals("the VM's disk set changed, so its next backup is full", "Full", next.get("type").getAsString());
        assertEquals("and it holds both disks", "2",
                cloud.single("SELECT COUNT(*) FROM backup_volume bv JOIN backup b ON"
                        + " b.id = bv.backup_id WHERE b.uuid = '" + id(next) + "'"));

        cloud.syncNow(vm.hostUuid);
        assertEquals("discovery finds the same volume, not a second one", listed.get("id").getAsString(),
                volumeOn(vm, "vdb").get("id").getAsString());
        assertEquals(2, io.kboss.test.api.ApiSession
                .count(admin.ok("listVolumes", "listall", "true", "virtualmachineid", vm.uuid)));
    }

    @Test
    public void aVolumeQuickRestoredIntoARunningVmIsAttachedAtOnceAndEndsWithoutNeedingTheStore() throws Exception {
        LabVm vm = newVm("admin", quickOffering);
        vm.domain.write(0x75, "0", "1M");
        JsonObject full = backUp(admin, vm);
        vm.domain.write(0x76, "0", "1M");

        JsonObject r = restoreVolume(admin, full, vm, "quickrestore", "true");
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        String text = r.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains(" as vdb (live and persistent) with quick restore: attached at once over the"
                + " backup"));

        String path = diskOf(vm, "vdb", false);
        assertEquals("the live domain reads the new disk", path, diskOf(vm, "vdb", true));
        String info = Programs.run(List.of("qemu-img", "info", "-U", "--output=json", path), Duration.ofSeconds(60));
        assertFalse("the pull ended: no backing file on the store left: " + info, info.contains("backing-filename"));
        JsonObject listed = volumeOn(vm, "vdb");
        assertEquals(path, listed.get("path").getAsString());
        assertEquals("DATADISK", listed.get("type").getAsString());
        assertTrue(text, text.contains(listed.get("id").getAsString()));
        assertEquals("BackedUp", listed(admin, id(full)).get("status").getAsString());
        // QEMU keeps the pull's qcow2 metadata in memory while it runs: stop it (it flushes) to read the file.
        stop(vm);
        assertPattern(Path.of(path), 0x75, 0);
    }

    @Test
    public void aVolumeRestoredIntoAStoppedVmIsAttachedToItsDefinitionAndPresentWhenItStarts() throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        vm.domain.write(0x73, "1M", "1M");
        JsonObject full = backUp(admin, vm);
        stop(vm);

        JsonObject r = restoreVolume(admin, full, vm);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        String text = r.getAsJsonObject("jobresult").get("displaytext").getAsString();
        assertTrue(text, text.contains(" as vdb (persistent;"));
        String path = diskOf(vm, "vdb", false);
        assertPattern(Path.of(path), 0x73, 1);
        assertPattern(Path.of(path), 0x00, 0);
        assertEquals(path, volumeOn(vm, "vdb").get("path").getAsString());

        start(vm);
        assertEquals("the started VM reads it", path, diskOf(vm, "vdb", true));
        assertEquals(path, volumeOn(vm, "vdb").get("path").getAsString());
    }

    @Test
    public void aVolumeThatCannotBeAttachedLeavesNoVolumeNoFileAndSaysWhatToDo() throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        vm.domain.write(0x74, "0", "1M");
        JsonObject full = backUp(admin, vm);
        long restoredFilesBefore = restoredFiles();
        // The domain disappears behind the server's back (no discovery since): the agent writes the
        // file, then finds no VM to attach it to.
        cloud.destroy(vm.domain);

        JsonObject r = restoreVolume(admin, full, vm);
        assertEquals(r.toString(), 2, r.get("jobstatus").getAsInt());
        String error = r.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(error, error.contains("attaching it failed") && error.contains("the restored file was deleted")
                && error.contains("no volume was registered") && error.contains("again"));
        assertEquals("no volume row was written", "0",
                cloud.single("SELECT COUNT(*) FROM volume WHERE vm_id = (SELECT id"
                        + " FROM vm_instance WHERE uuid = '" + vm.uuid + "') AND name LIKE 'restored-%'"));
        assertEquals("no restored file is left", restoredFilesBefore, restoredFiles());
        assertEquals("BackedUp", listed(admin, id(full)).get("status").getAsString());
    }

    @Test
    public void aVolumeRestoreNamingAVolumeTheBackupDoesNotHoldOrAnotherAccountsVmIsRefusedAndChangesNothing()
            throws Exception {
        LabVm vm = newVm("admin", plainOffering);
        JsonObject full = backUp(admin, vm);
        LabVm other = newVm("bob", plainOffering);
        String othersVolume = volumeOn(other, "vda").get("id").getAsString();
        long volumesBefore = Long.parseLong(cloud.single("SELECT COUNT(*) FROM volume"));

        ApiSession.Answer wrongVolume = admin.call("restoreVolumeFromBackupAndAttachToVM", "backupid", id(full),
                "volumeid", othersVolume, "virtualmachineid", vm.uuid);
        assertEquals(431, wrongVolume.status());
        assertTrue(wrongVolume.errorText(), wrongVolume.errorText().contains("is not in backup")
                && wrongVolume.errorText().contains("give one of the volumes the backup holds"));
        ApiSession.Answer othersVm = bob.call("restoreVolumeFromBackupAndAttachToVM", "backupid", id(full),
                "volumeid", volumeOn(vm, "vda").get("id").getAsString(), "virtualmachineid", other.uuid);
        assertEquals("bob may not restore the admin's backup", 432, othersVm.status());

        assertEquals(volumesBefore, Long.parseLong(cloud.single("SELECT COUNT(*) FROM volume")));
        assertEquals("BackedUp", listed(admin, id(full)).get("status").getAsString());
        assertEquals("the VM was not taken", "0",
                cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm.uuid
                        + "' AND EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));
    }

    @Test
    public void aUserCannotRestoreOrDeleteAnotherAccountsBackupNorChooseTheHost() throws Exception {
        LabVm vm = newVm("bob", plainOffering);
        JsonObject bobs = backUp(bob, vm);
        ApiSession.Answer restore = carol.call("restoreBackup", "id", id(bobs));
        assertEquals(432, restore.status());
        assertTrue(restore.errorText(), restore.errorText().contains("another account"));
        ApiSession.Answer delete = carol.call("deleteBackup", "id", id(bobs));
        assertEquals(432, delete.status());
        ApiSession.Answer host = bob.call("restoreBackup", "id", id(bobs), "hostid", cloud.hostUuids.get(0));
        assertEquals(432, host.status());
        assertTrue(host.errorText(), host.errorText().contains("root administrators"));
        assertEquals("BackedUp", listed(bob, id(bobs)).get("status").getAsString());

        JsonObject own = bob.waitForJob(bob.ok("deleteBackup", "id", id(bobs)).get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(own.toString(), 1, own.get("jobstatus").getAsInt());
        assertEquals(0, list(bob, "virtualmachineid", vm.uuid).size());
    }

    private static LabVm newVm(String owner, String offering) throws Exception {
        LabVm vm = cloud.newVm("16M");
        ApiSession session = admin;
        if (owner.equals("bob")) {
            cloud.giveTo(vm, "bob");
            session = bob;
        }
        cloud.assignOffering(session, vm, offering);
        return vm;
    }

    private static void stop(LabVm vm) throws Exception {
        cloud.stop(vm);
    }

    private static void start(LabVm vm) throws Exception {
        cloud.start(vm);
    }

    private static JsonObject restoreVolume(ApiSession session, JsonObject backup, LabVm vm, String... more)
            throws Exception {
        String volume = cloud.single("SELECT v.uuid FROM volume v JOIN vm_instance m ON m.id = v.vm_id WHERE m.uuid = '"
                + vm.uuid + "' AND v.device = 'vda' AND v.removed IS NULL");
        List<String> args = new ArrayList<>(List.of("backupid", id(backup), "volumeid", volume, "virtualmachineid",
                vm.uuid));
        args.addAll(List.of(more));
        return session.waitForJob(session.ok("restoreVolumeFromBackupAndAttachToVM", args.toArray(String[]::new))
                .get("jobid").getAsString(), JOB_TIMEOUT);
    }

    /** listVolumes' entry for the VM's disk {@code device}. */
    private static JsonObject volumeOn(LabVm vm, String device) throws Exception {
        JsonObject r = admin.ok("listVolumes", "listall", "true", "virtualmachineid", vm.uuid);
        for (var v : r.getAsJsonArray("volume")) {
            if (device.equals(v.getAsJsonObject().get("device").getAsString())) {
                return v.getAsJsonObject();
            }
        }
        throw new AssertionError("listVolumes shows no " + device + " of VM " + vm.uuid + ": " + r);
    }

    /** The file of disk {@code target} in the domain's live or persistent definition. */
    private static String diskOf(LabVm vm, String target, boolean live) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", "qemu:///system", "domblklist", vm.domain.name));
        if (!live) {
            cmd.add("--inactive");
        }
        String out = Programs.run(cmd, Duration.ofSeconds(60));
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals(target)) {
                return cols[1];
            }
        }
        throw new AssertionError("no " + target + " in the " + (live ? "live" : "persistent") + " definition: " + out);
    }

    /** What the file takes on the host (qemu-img's actual-size), as the agent counts freed bytes. */
    private static long allocatedBytes(Path file) throws Exception {
        String info = Programs.run(List.of("qemu-img", "info", "-U", "--output=json", file.toString()),
                Duration.ofSeconds(60));
        return com.google.gson.JsonParser.parseString(info).getAsJsonObject().get("actual-size").getAsLong();
    }

    private static long restoredFiles() throws Exception {
        try (var files = Files.list(cloud.folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("restored-")).count();
        }
    }

    private static JsonObject restore(ApiSession session, String backup, boolean quick) throws Exception {
        return cloud.restore(session, backup, "quickrestore", Boolean.toString(quick));
    }

    private static JsonObject backUp(ApiSession session, LabVm vm) throws Exception {
        return cloud.backUp(session, vm);
    }

    private static JsonObject listed(ApiSession session, String backup) throws Exception {
        return cloud.listed(session, backup);
    }

    private static String id(JsonObject backup) {
        return backup.get("id").getAsString();
    }

    private static JsonArray list(ApiSession session, String... filters) throws Exception {
        return cloud.list(session, filters);
    }
}
