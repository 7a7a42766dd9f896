package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.Programs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backup orchestration through the HTTP API: the in-process server on real MariaDB, a real
 * kboss-agent process paired with addHost, and tiny TCG domains on the machine's libvirt that the
 * host's discovery registers (run at once with the monitor's syncNow rather than waiting for its
 * period).
 */
public class BackupOrchestrationOverHttpTest {
    private static final long DISK_BYTES = 64L << 20;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static ApiSession bob;
    private static ApiSession carol;
    private static long zoneId;
    private static long hostId;
    private static long storeId;
    private static String offering;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-orch-", "backup_orch").adminPassword("orchestration-admin").zone("orch")
                .offering("chains-of-two", "two per chain", "backupchainsize", "2").users("bob", "carol")
                .domainPrefix("kbt-orch-").start();
        admin = cloud.admin;
        bob = cloud.session("bob");
        carol = cloud.session("carol");
        offering = cloud.offering("chains-of-two");
        zoneId = id("zone", cloud.zone);
        storeId = Long.parseLong(cloud.single("SELECT id FROM image_store"));
        hostId = id("host", cloud.hostUuids.get(0));
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void fullThenIncrementalAfterAWriteRecordsItsParentAndTheChainRollsOverAtItsSize() throws Exception {
        LabVm vm = newVm("admin");
        JsonObject first = backUp(admin, vm, false);
        assertEquals("Full", first.get("type").getAsString());
        assertEquals(0, first.get("chainposition").getAsInt());
        assertFalse(first.has("parentid"));

        vm.domain.write(0xab, "0", "4M");
        JsonObject second = backUp(admin, vm, false);
        assertEquals(second.toString(), "Incremental", second.get("type").getAsString());
        assertEquals(first.get("id").getAsString(), second.get("parentid").getAsString());
        assertEquals(first.get("chainid").getAsString(), second.get("chainid").getAsString());
        assertEquals(1, second.get("chainposition").getAsInt());
        assertEquals(DISK_BYTES, second.get("virtualsize").getAsLong());
        assertTrue("the increment holds about the 4 MiB written, not the disk: " + second,
                second.get("size").getAsLong() < 16L << 20);
        // The increment's file, read through its relative backing chain, holds what the guest wrote.
        String file = cloud.store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + second.get("id").getAsString() + "'")).toString();
        String read = Programs.run(List.of("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0xab 0 4M", file),
                Duration.ofSeconds(60));
        assertTrue(read, read.contains("read 4194304/4194304"));

        JsonObject third = backUp(admin, vm, false);
        assertEquals("a chain of size 2 is full after two backups", "Full", third.get("type").getAsString());
        assertNotEquals(first.get("chainid").getAsString(), third.get("chainid").getAsString());
        assertTrue(third.toString(), third.get("fullreason").getAsString().contains("reached its size"));

        JsonObject page = admin.ok("listBackups", "listall", "true", "virtualmachineid", vm.uuid, "pagesize", "2",
                "page", "2");
        assertEquals(3, io.kboss.test.api.ApiSession.count(page));
        assertEquals(third.get("id").getAsString(), page.getAsJsonArray("backup").get(0).getAsJsonObject().get("id")
                .getAsString());
        assertEquals(3, io.kboss.test.api.ApiSession
                .count(admin.ok("listBackups", "listall", "true", "keyword", vm.domain.name)));

        long sizes = 0;
        for (JsonElement b : list(admin, "virtualmachineid", vm.uuid)) {
            sizes += b.getAsJsonObject().get("size").getAsLong();
            assertEquals("BackedUp", b.getAsJsonObject().get("status").getAsString());
        }
        assertTrue(Long.parseLong(cloud.single("SELECT used_bytes FROM image_store WHERE id = " + storeId)) >= sizes);
    }

    @Test
    public void anIsolatedBackupIsFullOutsideEveryChainAndNeverAParent() throws Exception {
        LabVm vm = newVm("admin");
        JsonObject first = backUp(admin, vm, false);
        vm.domain.write(0x11, "1M", "1M");
        JsonObject isolated = backUp(admin, vm, true);
        assertEquals("Full", isolated.get("type").getAsString());
        assertTrue(isolated.get("isolated").getAsBoolean());
        assertFalse(isolated.has("chainid"));
        assertFalse(isolated.has("parentid"));

        JsonObject next = backUp(admin, vm, false);
        assertEquals(next.toString(), "Incremental", next.get("type").getAsString());
        assertEquals("the increment builds on the chain, not on the isolated backup",
                first.get("id").getAsString(), next.get("parentid").getAsString());
    }

    @Test
    public void finishBackupChainMakesTheNextBackupFullAndRemovalFromTheOfferingKeepsTheBackups() throws Exception {
        LabVm vm = newVm("admin");
        JsonObject first = backUp(admin, vm, false);
        JsonObject finished = admin.ok("finishBackupChain", "virtualmachineid", vm.uuid);
        assertTrue(finished.toString(),
                finished.get("displaytext").getAsString().contains(first.get("id").getAsString()));
        JsonObject afterFinish = backUp(admin, vm, false);
        assertEquals("Full", afterFinish.get("type").getAsString());
        assertTrue(afterFinish.toString(), afterFinish.get("fullreason").getAsString().contains("finishBackupChain"));

        admin.okJob("removeVirtualMachineFromBackupOffering", "virtualmachineid", vm.uuid);
        assertEquals("backups are kept", 2, list(admin, "virtualmachineid", vm.uuid).size());
        ApiSession.Answer refused = admin.call("createBackup", "virtualmachineid", vm.uuid);
        assertEquals(431, refused.status());
        assertTrue(refused.errorText(), refused.errorText().contains("not assigned to a backup offering"));
        admin.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", vm.uuid, "backupofferingid", offering);
        JsonObject afterReassign = backUp(admin, vm, false);
        assertEquals("Full", afterReassign.get("type").getAsString());
        assertTrue(afterReassign.toString(),
                afterReassign.get("fullreason").getAsString().contains("removed from its"));
    }

    @Test
    public void whenTheParentsBitmapIsGoneTheAgentTakesAFullThatStartsANewChain() throws Exception {
        LabVm vm = newVm("admin");
        JsonObject first = backUp(admin, vm, false);
        // Deleting the checkpoint behind libvirt's back drops its bitmap: no increment can be taken from it.
        Programs.run(List.of("virsh", "-c", "qemu:///system", "checkpoint-delete", vm.domain.name,
                first.get("id").getAsString()), Duration.ofSeconds(60));
        vm.domain.write(0x22, "0", "1M");
        JsonObject second = backUp(admin, vm, false);
        assertEquals(second.toString(), "Full", second.get("type").getAsString());
        assertFalse(second.has("parentid"));
        assertEquals(0, second.get("chainposition").getAsInt());
        assertNotEquals(first.get("chainid").getAsString(), second.get("chainid").getAsString());
        assertTrue(second.toString(),
                second.get("fullreason").getAsString().startsWith("the agent took a full backup"));

        JsonObject third = backUp(admin, vm, false);
        assertEquals(third.toString(), "Incremental", third.get("type").getAsString());
        assertEquals(second.get("id").getAsString(), third.get("parentid").getAsString());
    }

    @Test
    public void aBackupOutlivingKbossTimeoutIsCancelledOnTheAgentAndFailsCleanly() throws Exception {
        LabVm vm = bigVm();
        JsonObject[] seen = new JsonObject[1];
        JsonObject failed = withTimeout("1", () -> {
            String job = admin.ok("createBackup", "virtualmachineid", vm.uuid).get("jobid").getAsString();
            seen[0] = progressOf(vm);
            return admin.waitForJob(job, JOB_TIMEOUT);
        });
        assertTrue("listBackups showed the running backup's progress", seen[0] != null);
        assertEquals(seen[0].toString(), "BackingUp", seen[0].get("status").getAsString());
        assertTrue(seen[0].toString(), seen[0].get("progress").getAsInt() >= 0);
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        assertTrue(failed.toString(), failed.toString().contains("did not finish within kboss.timeout"));
        assertTrue(failed.toString(), failed.toString().contains("cancelled on the agent"));
        assertEquals("Failed", list(admin, "virtualmachineid", vm.uuid).get(0).getAsJsonObject().get("status")
                .getAsString());
        assertEquals("the agent confirmed the disks untouched", "Running",
                cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));
        assertEquals("Full", backUp(admin, vm, false).get("type").getAsString());
    }

    @Test
    public void aBackupWhoseAgentIsLostEndsInErrorAndFinishBackupChainNormalizesTheVm() throws Exception {
        LabVm vm = bigVm();
        JsonObject failed;
        try {
            failed = withTimeout("3", () -> {
                String job = admin.ok("createBackup", "virtualmachineid", vm.uuid).get("jobid").getAsString();
                assertTrue("the backup started", progressOf(vm) != null);
                cloud.agents.get(0).kill();
                return admin.waitForJob(job, JOB_TIMEOUT);
            });
        } finally {
            cloud.agents.get(0).restart();
        }
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        assertTrue(failed.toString(), failed.toString().contains("could not be reached to cancel it"));
        assertEquals("Error", list(admin, "virtualmachineid", vm.uuid).get(0).getAsJsonObject().get("status")
                .getAsString());
        assertEquals("BackupError", cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));
        ApiSession.Answer refused = admin.call("createBackup", "virtualmachineid", vm.uuid);
        assertEquals(431, refused.status());
        assertTrue(refused.errorText(), refused.errorText().contains("run finishBackupChain"));

        admin.ok("finishBackupChain", "virtualmachineid", vm.uuid);
        assertEquals("Running", cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));
        JsonObject after = backUp(admin, vm, false);
        assertEquals("Full", after.get("type").getAsString());
    }

    /** A VM with 1 GiB of data on a 2 GiB disk: its full backup takes seconds. */
    private static LabVm bigVm() throws Exception {
        return register(cloud.discover(0, cloud.startDomain("2G", "1G")), "admin");
    }

    private interface Work {
        JsonObject run() throws Exception;
    }

    /** Runs with the zone's kboss.timeout set to {@code seconds}, then back to its default. */
    private static JsonObject withTimeout(String seconds, Work work) throws Exception {
        admin.ok("updateConfiguration", "name", "kboss.timeout", "value", seconds, "zoneid", cloud.zone);
        try {
            return work.run();
        } finally {
            admin.ok("updateConfiguration", "name", "kboss.timeout", "value", "43200", "zoneid", cloud.zone);
        }
    }

    /** The VM's backup as listBackups shows it while it runs with progress, or null if it ended first. */
    private static JsonObject progressOf(LabVm vm) throws Exception {
        long end = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            for (JsonElement b : list(admin, "virtualmachineid", vm.uuid)) {
                JsonObject o = b.getAsJsonObject();
                String status = o.get("status").getAsString();
                if (o.has("bytestotal") && o.get("bytestotal").getAsLong() > 0) {
                    return o;
                }
                if (!status.equals("Queued") && !status.equals("BackingUp")) {
                    return null;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Test
    public void aQuiescedBackupOfAVmWithoutAGuestAgentFailsCleanlyAndTheNextBackupIsTaken() throws Exception {
        LabVm vm = newVm("admin");
        String job = admin.ok("createBackup", "virtualmachineid", vm.uuid, "quiescevm", "true").get("jobid")
                .getAsString();
        JsonObject failed = admin.waitForJob(job, JOB_TIMEOUT);
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        assertTrue(failed.toString(), failed.toString().contains("guest agent"));
        JsonObject backup = list(admin, "virtualmachineid", vm.uuid).get(0).getAsJsonObject();
        assertEquals("the disks were untouched: Failed, not Error", "Failed", backup.get("status").getAsString());
        assertTrue(backup.toString(), backup.get("error").getAsString().contains("Nothing was backed up"));
        assertEquals("Running", cloud.single("SELECT state FROM vm_instance WHERE uuid = '" + vm.uuid + "'"));

        JsonObject next = backUp(admin, vm, false);
        assertEquals("Full", next.get("type").getAsString());
        assertFalse(next.get("quiesced").getAsBoolean());
    }

    @Test
    public void aUserSeesAndBacksUpOnlyTheirOwnAccountsVms() throws Exception {
        LabVm vm = newVm("bob");
        JsonObject bobs = backUp(bob, vm, false);
        assertEquals(1, list(bob, "virtualmachineid", vm.uuid).size());
        assertEquals(0, list(carol, "id", bobs.get("id").getAsString()).size());
        assertEquals(0, list(carol).size());
        assertEquals(1, list(admin, "id", bobs.get("id").getAsString()).size());
        ApiSession.Answer refused = carol.call("createBackup", "virtualmachineid", vm.uuid);
        assertEquals(432, refused.status());
        assertTrue(refused.errorText(), refused.errorText().contains("another account"));
        assertEquals(432, carol.call("finishBackupChain", "virtualmachineid", vm.uuid).status());
    }

    @Test
    public void aVmWithARawDiskCannotBeAssignedToAnOffering() throws Exception {
        String vm = insertVm("admin", "kbt-orch-raw", UUID.randomUUID().toString());
        insertVolume(vm, "/var/lib/raw.img", "raw");
        ApiSession.Answer refused = admin.call("assignVirtualMachineToBackupOffering", "virtualmachineid", vm,
                "backupofferingid", offering);
        assertEquals(431, refused.status());
        assertTrue(refused.errorText(), refused.errorText().contains("only file-based qcow2 disks"));
        assertTrue(refused.errorText(), refused.errorText().contains("vda (FILE, raw)"));
    }

    @Test
    public void aBurstOfTenBackupsOnOneHostWithAPerHostLimitOfOneRunsThemOneAtATime() throws Exception {
        List<LabVm> vms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vms.add(newVm("admin"));
        }
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger mostQueued = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            try (Connection c = cloud.db.connect(); Statement st = c.createStatement()) {
                while (sampling.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT SUM(status = 'BackingUp'), SUM(status = 'Queued')"
                            + " FROM backup")) {
                        rs.next();
                        mostRunning.accumulateAndGet(rs.getInt(1), Math::max);
                        mostQueued.accumulateAndGet(rs.getInt(2), Math::max);
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sampler.start();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            List<Future<ApiSession.Answer>> calls = new ArrayList<>();
            for (LabVm vm : vms) {
                calls.add(callers.submit(() -> admin.call("createBackup", "virtualmachineid", vm.uuid)));
            }
            List<String> jobs = new ArrayList<>();
            for (Future<ApiSession.Answer> f : calls) {
                ApiSession.Answer a = f.get();
                assertEquals(a.response().toString(), 200, a.status());
                jobs.add(a.response().get("jobid").getAsString());
            }
            // A second backup of a VM whose backup is queued or running is refused, saying why.
            ApiSession.Answer conflict = admin.call("createBackup", "virtualmachineid", vms.get(9).uuid);
            assertEquals(conflict.response().toString(), 431, conflict.status());
            assertTrue(conflict.errorText(),
                    conflict.errorText().contains("only one backup, restore or delete runs per VM"));
            for (String job : jobs) {
                JsonObject r = admin.waitForJob(job, JOB_TIMEOUT);
                assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
            }
        } finally {
            callers.shutdownNow();
            sampling.set(false);
            sampler.join();
            admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "2");
        }
        assertEquals("at most one backup ran at any moment on the host", 1, mostRunning.get());
        assertTrue("queued backups waited their turn: " + mostQueued.get(), mostQueued.get() >= 2);
    }

    /**
     * A VM with 32 MiB of data, so the few MiB the tests write between backups stay incrementals: the agent
     * takes a full when an incremental would copy half or more of what a full copies.
     */
    private static LabVm newVm(String owner) throws Exception {
        return register(cloud.discover(0, cloud.startDomain("64M", "32M")), owner);
    }

    /** Gives the VM to its owner and assigns it to the offering through the API. */
    private static LabVm register(LabVm vm, String owner) throws Exception {
        ApiSession session = admin;
        if (owner.equals("bob")) {
            cloud.giveTo(vm, "bob");
            session = bob;
        }
        cloud.assignOffering(session, vm, offering);
        return vm;
    }

    /** createBackup, waits for the job, and returns the backup as listBackups shows it. */
    private static JsonObject backUp(ApiSession session, LabVm vm, boolean isolated) throws Exception {
        JsonObject b = cloud.backUp(session, vm, "isolated", Boolean.toString(isolated));
        assertEquals(b.toString(), "BackedUp", b.get("status").getAsString());
        return b;
    }

    private static JsonArray list(ApiSession session, String... filters) throws Exception {
        return cloud.list(session, filters);
    }

    private static long id(String table, String uuid) throws Exception {
        return Long.parseLong(cloud.single("SELECT id FROM " + table + " WHERE uuid = '" + uuid + "'"));
    }

    private static String insertVm(String owner, String name, String libvirtUuid) throws Exception {
        String uuid = UUID.randomUUID().toString();
        try (Connection c = cloud.db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO vm_instance (uuid, name,"
                        + " domain_uuid, account_id, domain_id, zone_id, host_id, state, power_state, created)"
                        + " SELECT ?, ?, ?, a.id, a.domain_id, ?, ?, 'Running', 'PowerOn', UTC_TIMESTAMP(3) FROM account a"
                        + " WHERE a.name = ?")) {
            ps.setString(1, uuid);
            ps.setString(2, name);
            ps.setString(3, libvirtUuid);
            ps.setLong(4, zoneId);
            ps.setLong(5, hostId);
            ps.setString(6, owner);
            assertEquals(1, ps.executeUpdate());
        }
        return uuid;
    }

    private static void insertVolume(String vmUuid, String path, String format) throws Exception {
        try (Connection c = cloud.db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO volume (uuid, name,"
                        + " vm_id, account_id, domain_id, zone_id, device, device_id, volume_type, path, format, virtual_size,"
                        + " storage_kind, created) SELECT ?, 'ROOT', v.id, v.account_id, v.domain_id, v.zone_id, 'vda', 0,"
                        + " 'ROOT', ?, ?, ?, 'FILE', UTC_TIMESTAMP(3) FROM vm_instance v WHERE v.uuid = ?")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, path);
            ps.setString(3, format);
            ps.setLong(4, DISK_BYTES);
            ps.setString(5, vmUuid);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
