package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.HostMonitor;
import io.kboss.test.api.ApiSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * The sweep of Removed backups has no API job: when the JVM of the management server running it is
 * killed with SIGKILL in the middle of a merge, only its {@code backup_delete} row says whose the
 * deletion was. The next server takes the deletion as orphaned once the dead server's heartbeat is
 * older than a job lease, releases the VM when the agent has finished the merge, and its own sweep
 * applies the dead sweep's merge from the agent's journal. Real MariaDB, agent process and TCG domain.
 */
public class RemovedSweepKilledOverHttpTest {
    private static final String ADMIN_PASSWORD = "sweep-killed-admin";
    private static final String PREFIX = "kbt-d-";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private Path folder;
    private TestDatabase db;
    private ServerJvm dying;
    private KbossServer survivor;
    private AgentProcess agent;
    private LibvirtConnection libvirt;
    private LabDomain domain;

    @After
    public void stopEverything() throws Exception {
        try {
            if (domain != null) {
                domain.destroy(libvirt);
            }
            if (libvirt != null) {
                libvirt.close();
            }
            if (dying != null) {
                dying.kill();
            }
            if (agent != null) {
                agent.close();
            }
            if (survivor != null) {
                survivor.close();
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
    public void aSweepKilledMidMergeIsReleasedByTheNextServerWhoseSweepAppliesTheMergeOnce() throws Exception {
        folder = Files.createTempDirectory(PREFIX + "sweep-killed-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createDirectories(folder.resolve("store"));
        Path work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("sweep_killed");
        dying = ServerJvm.start(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, work, ADMIN_PASSWORD,
                folder.resolve("dying-server.log"));
        ApiSession admin = ApiSession.login(dying.baseUrl, "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "sweep-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "sweep-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "sweep", "description", "sweep", "zoneid", zone,
                "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id").getAsString();
        // The dying server runs in another JVM: discovery every second stands in for syncNow.
        admin.ok("updateConfiguration", "name", "vm.sync.interval", "value", "1");
        agent = AgentProcess.start(folder);
        admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode", agent.pairingCode(),
                "hypervisor", "KVM");
        libvirt = new LibvirtConnection("qemu:///system");
        domain = LabDomain.start(libvirt, folder, "2G", 2L << 30, "64M", PREFIX);
        String vmSql = "SELECT COUNT(*) FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid
                + "' AND removed IS NULL";
        waitFor(() -> single(vmSql).equals("1") ? "found" : null, Duration.ofSeconds(60));
        String vm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid + "'");
        admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);

        String oldest = backUp(admin, vm);
        domain.write(0xab, "0", "1536M"); // a large increment: merging it takes a while
        String middle = backUp(admin, vm);
        domain.write(0xcd, "0", "1M");
        String newest = backUp(admin, vm);

        // First a delete stopped by a missing file leaves the middle backup Removed.
        Path middleFile = store.resolve(fileOf(middle));
        Path aside = middleFile.resolveSibling("aside.qcow2");
        Files.move(middleFile, aside);
        JsonObject failed = admin.waitForJob(admin.ok("deleteBackup", "id", middle).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        Files.move(aside, middleFile, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("Removed", status(middle));

        // The dying server's sweep takes it up and the agent starts merging: then the JVM is killed.
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");
        Path merging = store.resolve(fileOf(newest) + ".merging");
        waitFor(() -> Files.exists(merging) ? "merging" : null, Duration.ofSeconds(90));
        dying.kill();
        dying = null;
        assertEquals("DELETE", single("SELECT busy_operation FROM vm_instance WHERE uuid = '" + vm + "'"));
        assertEquals("the killed server's sweep left its deletion running", "Running",
                single("SELECT state FROM backup_delete"));
        assertEquals("Removed", status(middle));

        survivor = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0).workFolder(work)
                .adminPassword(ADMIN_PASSWORD).jobLease(Duration.ofSeconds(10), Duration.ofSeconds(1)).build());
        // Finished: Expunged, and the deletion ended (its row gone, the VM released in that transaction).
        waitFor(() -> status(middle).equals("Expunged") && single("SELECT COUNT(*) FROM backup_delete").equals("0")
                ? "finished" : null, Duration.ofSeconds(180));

        assertEquals("0", single("SELECT COUNT(*) FROM backup_delete"));
        assertEquals("VM free", "1", single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND busy_operation IS NULL"));
        String applied = single("SELECT GROUP_CONCAT(s.request_id) FROM backup_delete_step s JOIN backup b"
                + " ON b.id = s.backup_id WHERE b.uuid = '" + middle + "' AND s.request_id LIKE '%-merge-into-%'");
        assertEquals("one merge result applied: " + applied, 1, applied.split(",").length);
        assertNotEquals("the applied merge is not the first delete's, which failed on the missing file",
                single("SELECT delete_request_id FROM backup WHERE uuid = '" + middle + "'"),
                applied.substring(0, 36));
        ApiSession again = ApiSession.login(survivor.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals(listed.toString(), 2, listed.size());
        JsonObject survivorBackup = listed.get(1).getAsJsonObject();
        assertEquals(survivorBackup.toString(), newest, survivorBackup.get("id").getAsString());
        assertEquals(survivorBackup.toString(), oldest, survivorBackup.get("parentid").getAsString());
        assertEquals("the survivor's listed size is its merged file's", Files.size(store.resolve(fileOf(newest))),
                survivorBackup.get("size").getAsLong());
        assertEquals("the freed bytes were given back once: used bytes are the survivors' sizes",
                listed.get(0).getAsJsonObject().get("size").getAsLong() + survivorBackup.get("size").getAsLong(),
                Long.parseLong(single("SELECT used_bytes FROM image_store")));

        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(domain.libvirtUuid).destroy();
            return null;
        });
        survivor.bean(HostMonitor.class).syncAll();
        JsonObject r = again.waitForJob(again.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 1535);
    }

    private String fileOf(String backup) throws Exception {
        return single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON b.id = bv.backup_id"
                + " WHERE b.uuid = '" + backup + "'");
    }

    private String status(String backup) throws Exception {
        return single("SELECT status FROM backup WHERE uuid = '" + backup + "'");
    }

    private String backUp(ApiSession session, String vm) throws Exception {
        JsonObject started = session.ok("createBackup", "virtualmachineid", vm);
        JsonObject r = session.waitForJob(started.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return started.get("id").getAsString();
    }

    /** Checks the MiB at {@code mib} of the qcow2 file holds only {@code pattern}. */
    private static void assertPattern(Path disk, int pattern, int mib) throws Exception {
        String out = Programs.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + mib + "M 1M", disk.toString()), 60);
        assertTrue(disk + " at " + mib + " MiB: " + out, out.contains("read 1048576/1048576")
                && !out.contains("verification failed"));
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
            Thread.sleep(20);
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
