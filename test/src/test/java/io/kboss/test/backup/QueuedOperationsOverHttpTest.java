package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.HostMonitor;
import io.kboss.test.api.ApiSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Operations that wait for a slot under backup.max.concurrent.operations(.per.host) are visible to a
 * client while they wait. Real MariaDB, agent process and TCG domains, through the HTTP API.
 */
public class QueuedOperationsOverHttpTest {
    private static final String ADMIN_PASSWORD = "queued-admin";
    private static final String PREFIX = "kbt-d-";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private Path folder;
    private TestDatabase db;
    private KbossServer server;
    private AgentProcess agent;
    private LibvirtConnection libvirt;
    private LabDomain big;
    private LabDomain small;
    private ApiSession admin;
    private String host;
    private String bigVm;
    private String smallVm;

    @Before
    public void setUp() throws Exception {
        folder = Files.createTempDirectory(PREFIX + "queued-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createDirectories(folder.resolve("store"));
        db = TestDatabase.create("queued_operations");
        server = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(Files.createDirectories(folder.resolve("server"))).adminPassword(ADMIN_PASSWORD).build());
        admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "queued-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "queued-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "queued", "description", "queued",
                "zoneid", zone, "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        agent = AgentProcess.start(folder);
        host = admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode",
                agent.pairingCode(), "hypervisor", "KVM").getAsJsonArray("host").get(0).getAsJsonObject().get("id")
                .getAsString();
        libvirt = new LibvirtConnection("qemu:///system");
        big = LabDomain.start(libvirt, folder, "2G", 2L << 30, "1536M", PREFIX);
        small = LabDomain.start(libvirt, folder, "1G", 1L << 30, "512M", PREFIX);
        server.bean(HostMonitor.class).syncNow(host);
        bigVm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + big.libvirtUuid + "'");
        smallVm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + small.libvirtUuid + "'");
        for (String vm : List.of(bigVm, smallVm)) {
            admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);
        }
    }

    @After
    public void stopEverything() throws Exception {
        try {
            for (LabDomain d : new LabDomain[] {big, small}) {
                if (d != null) {
                    d.destroy(libvirt);
                }
            }
            if (libvirt != null) {
                libvirt.close();
            }
            if (agent != null) {
                agent.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
            if (folder != null) {
                Programs.run(List.of("rm", "-rf", folder.toString()), 120);
            }
        }
    }

    @Test
    public void aRestoreWaitingForASlotShowsRestoreStatusQueuedInListBackupsThenRunningThenNothing()
            throws Exception {
        String backup = backUp(smallVm);
        stop(small);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        waitFor(() -> single("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'").equals("1") ? "running" : null,
                Duration.ofSeconds(60));
        String restore = admin.ok("restoreBackup", "id", backup).get("jobid").getAsString();
        // What a client polling listBackups sees until the restore's job ends: status / restorestatus.
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", restore).get("jobstatus").getAsInt() == 0) {
            JsonObject b = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
            seen.add(b.get("status").getAsString() + "/" + (b.has("restorestatus") ? b.get("restorestatus")
                    .getAsString() : "-"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        assertEquals(1, admin.waitForJob(restore, JOB_TIMEOUT).get("jobstatus").getAsInt());
        assertEquals("from the moment it was accepted, the waiting restore was shown Queued on a BackedUp backup: "
                + seen, "BackedUp/Queued", seen.iterator().next());
        assertTrue("the running restore was shown Running on a Restoring backup: " + seen,
                seen.contains("Restoring/Running"));
        assertFalse("a Restoring backup always names its restore: " + seen, seen.contains("Restoring/-"));
        JsonObject after = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(after.toString(), "BackedUp", after.get("status").getAsString());
        assertFalse("no restore in progress, no restorestatus: " + after, after.has("restorestatus"));
    }

    @Test
    public void aDeleteWaitsForASlotBehindARunningBackupAndItsVmRefusesOtherOperationsMeanwhile() throws Exception {
        String oldest = backUp(smallVm);
        small.write(0x41, "0", "64M");
        String middle = backUp(smallVm);
        small.write(0x42, "0", "1M");
        String newest = backUp(smallVm);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        waitFor(() -> single("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'").equals("1") ? "running" : null,
                Duration.ofSeconds(60));
        String delete = admin.ok("deleteBackup", "id", middle).get("jobid").getAsString();
        // While the big VM's backup holds the host's only slot, the delete waits: hidden already, nothing merged.
        assertEquals("the delete is queued behind the running backup", "Queued",
                single("SELECT state FROM backup_delete"));
        assertEquals("BackingUp", single("SELECT status FROM backup b JOIN vm_instance v ON v.id = b.vm_id"
                + " WHERE v.uuid = '" + bigVm + "' ORDER BY b.id DESC LIMIT 1"));
        assertEquals("the deleted backup is hidden at once", 2,
                admin.ok("listBackups", "virtualmachineid", smallVm).getAsJsonArray("backup").size());
        ApiSession.Answer backup = admin.call("createBackup", "virtualmachineid", smallVm);
        assertEquals(backup.response().toString(), 530, backup.status());
        assertTrue(backup.errorText(), backup.errorText().contains("a delete of it is in progress")
                && backup.errorText().contains("only one backup, restore or delete runs per VM at a time"));

        // A sampler of the database: a delete never runs beside the backup on the host with one slot.
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", delete).get("jobstatus").getAsInt() == 0) {
            seen.add(single("SELECT CONCAT((SELECT COUNT(*) FROM backup WHERE status IN ('BackingUp', 'Restoring')),"
                    + " '/', COALESCE((SELECT state FROM backup_delete), '-'))"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        JsonObject deleted = admin.waitForJob(delete, JOB_TIMEOUT);
        assertEquals(deleted.toString(), 1, deleted.get("jobstatus").getAsInt());
        assertTrue("the delete ran once the backup had ended: " + seen, seen.contains("0/Running"));
        assertFalse("never a running delete beside a running backup on one slot: " + seen,
                seen.contains("1/Running"));
        assertEquals("Expunged", single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));
        assertEquals("0", single("SELECT COUNT(*) FROM backup_delete"));
        assertEquals("VM free", "0", single("SELECT COUNT(*) FROM vm_instance WHERE busy_operation IS NOT NULL"));

        stop(small);
        JsonObject r = admin.waitForJob(admin.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(small.disk, 0x42, 0);
        assertPattern(small.disk, 0x41, 1);
        assertPattern(small.disk, 0x41, 63);
        assertPattern(small.disk, 0x5a, 64);
        assertEquals(oldest, admin.ok("listBackups", "id", newest).getAsJsonArray("backup").get(0).getAsJsonObject()
                .get("parentid").getAsString());
    }

    @Test
    public void aVolumeRestoreWaitsForASlotShownQueuedOnItsBackupThenAttachesItsVolume() throws Exception {
        small.write(0x61, "0", "8M");
        String backup = backUp(smallVm);
        String volume = admin.ok("listVolumes", "virtualmachineid", smallVm).getAsJsonArray("volume").get(0)
                .getAsJsonObject().get("id").getAsString();
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", bigVm).get("jobid").getAsString();
        waitFor(() -> single("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'").equals("1") ? "running" : null,
                Duration.ofSeconds(60));
        String restore = admin.ok("restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid", volume,
                "virtualmachineid", smallVm).get("jobid").getAsString();
        Set<String> seen = new LinkedHashSet<>();
        while (admin.ok("queryAsyncJobResult", "jobid", restore).get("jobstatus").getAsInt() == 0) {
            JsonObject b = admin.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
            seen.add(single("SELECT COUNT(*) FROM backup WHERE status = 'BackingUp'") + "/" + b.get("status")
                    .getAsString() + "/" + (b.has("restorestatus") ? b.get("restorestatus").getAsString() : "-"));
        }
        assertEquals(1, admin.waitForJob(running, JOB_TIMEOUT).get("jobstatus").getAsInt());
        JsonObject done = admin.waitForJob(restore, JOB_TIMEOUT);
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        assertEquals("the volume restore waited, shown Queued, while the backup held the host's only slot: " + seen,
                "1/BackedUp/Queued", seen.iterator().next());
        assertFalse("it never ran beside the backup: " + seen, seen.contains("1/Restoring/Running"));
        assertEquals("BackedUp", single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("0", single("SELECT COUNT(*) FROM backup_restore"));
        assertEquals("VM free", "0", single("SELECT COUNT(*) FROM vm_instance WHERE busy_operation IS NOT NULL"));
        Path restored = Path.of(single("SELECT path FROM volume v JOIN vm_instance m ON m.id = v.vm_id WHERE m.uuid = '"
                + smallVm + "' AND v.path LIKE '%restored-%'"));
        assertPattern(restored, 0x61, 0);
        assertPattern(restored, 0x61, 7);
        assertPattern(restored, 0x5a, 8);
        assertEquals("listVolumes shows the restored volume beside the VM's own disk", 2,
                admin.ok("listVolumes", "virtualmachineid", smallVm).getAsJsonArray("volume").size());
    }

    /** Checks the MiB at {@code mib} of the qcow2 file holds only {@code pattern}. */
    private static void assertPattern(Path disk, int pattern, int mib) throws Exception {
        String out = Programs.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + mib + "M 1M", disk.toString()), 60);
        assertTrue(disk + " at " + mib + " MiB: " + out, out.contains("read 1048576/1048576")
                && !out.contains("verification failed"));
    }

    private String backUp(String vm) throws Exception {
        JsonObject started = admin.ok("createBackup", "virtualmachineid", vm);
        JsonObject r = admin.waitForJob(started.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return started.get("id").getAsString();
    }

    private void stop(LabDomain d) throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(d.libvirtUuid).destroy();
            return null;
        });
        server.bean(HostMonitor.class).syncNow(host);
    }

    @FunctionalInterface
    private interface Probe {
        /** @return null while the awaited state is not reached */
        String check() throws Exception;
    }

    private static void waitFor(Probe probe, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (probe.check() != null) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not reached within " + timeout);
    }

    private String single(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue("no row for " + sql, rs.next());
            return rs.getString(1);
        }
    }
}
