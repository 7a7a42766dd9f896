package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.HostMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A management server's JVM is killed with SIGKILL while a restore and a delete run: nothing fails
 * its jobs or releases its VMs. A server started on the same database and working folder fails the
 * dead server's jobs when their lease runs out, then follows the restore's agent job to its end,
 * drops a restore that was still queued, and releases the VM held for the delete. Real MariaDB, agent process and TCG domains.
 */
public class ServerKilledOverHttpTest {
    private static final String ADMIN_PASSWORD = "killed-admin";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private Path folder;
    private TestDatabase db;
    private ServerJvm dying;
    private KbossServer survivor;
    private AgentProcess agent;
    private LibvirtConnection libvirt;
    private final List<LabDomain> domains = new ArrayList<>();

    @After
    public void stopEverything() throws Exception {
        try {
            for (LabDomain d : domains) {
                d.destroy(libvirt);
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
            Programs.run(List.of("rm", "-rf", folder.toString()), 120);
        }
    }

    @Test
    public void aKilledServersRunningRestoreIsFollowedToItsEndItsQueuedRestoreDroppedAndItsDeletesVmReleased() throws Exception {
        folder = Files.createTempDirectory("kbt-b-killed-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createDirectories(folder.resolve("store"));
        Path work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("backup_killed");
        dying = ServerJvm.start(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, work, ADMIN_PASSWORD,
                folder.resolve("dying-server.log"));
        ApiSession admin = ApiSession.login(dying.baseUrl, "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "killed-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "killed-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "killed", "description", "killed", "zoneid", zone,
                "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id").getAsString();
        // The dying server runs in another JVM: discovery every second stands in for syncNow.
        admin.ok("updateConfiguration", "name", "vm.sync.interval", "value", "1");
        agent = AgentProcess.start(folder);
        admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode", agent.pairingCode(),
                "hypervisor", "KVM");
        libvirt = new LibvirtConnection("qemu:///system");
        LabDomain restored = LabDomain.start(libvirt, folder, "2G", 2L << 30, "1536M", "kbt-b-");
        LabDomain pruned = LabDomain.start(libvirt, folder, "256M", 256L << 20, null, "kbt-b-");
        LabDomain waiting = LabDomain.start(libvirt, folder, "256M", 256L << 20, null, "kbt-b-");
        domains.add(restored);
        domains.add(pruned);
        domains.add(waiting);
        String restoredVm = vmOf(restored);
        String prunedVm = vmOf(pruned);
        String waitingVm = vmOf(waiting);
        for (String vm : List.of(restoredVm, prunedVm, waitingVm)) {
            admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);
        }

        String point = backUp(admin, restoredVm);
        restored.write(0xab, "0", "1M"); // after the backup: the restore must undo it
        pruned.write(0x61, "0", "1M");
        backUp(admin, prunedVm);
        pruned.write(0x62, "1M", "1M");
        String middle = backUp(admin, prunedVm);
        pruned.write(0x63, "2M", "1M");
        String newest = backUp(admin, prunedVm);
        waiting.write(0x71, "0", "1M");
        String notYet = backUp(admin, waitingVm);
        waiting.write(0x72, "0", "1M"); // stays: the queued restore never runs
        powerOff(restored, restoredVm);
        powerOff(waiting, waitingVm);

        // One operation per host: the second restore waits queued behind the first.
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");
        admin.ok("restoreBackup", "id", point);
        waitFor(() -> count("SELECT COUNT(*) FROM backup_restore WHERE state = 'Running'") == 1, Duration.ofSeconds(60));
        admin.ok("restoreBackup", "id", notYet);
        admin.ok("deleteBackup", "id", middle);
        dying.kill();
        dying = null;
        assertEquals("Restoring", single("SELECT status FROM backup WHERE uuid = '" + point + "'"));
        assertEquals("RESTORE", single("SELECT busy_operation FROM vm_instance WHERE uuid = '" + restoredVm + "'"));
        assertEquals("DELETE", single("SELECT busy_operation FROM vm_instance WHERE uuid = '" + prunedVm + "'"));
        assertEquals(1, count("SELECT COUNT(*) FROM backup_restore WHERE state = 'Queued'"));

        survivor = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0).workFolder(work)
                .adminPassword(ADMIN_PASSWORD).jobLease(Duration.ofSeconds(10), Duration.ofSeconds(1)).build());
        // The dead server's leases (60 s) run out, its jobs are failed, the next recovery sweep (30 s) repairs.
        waitFor(() -> count("SELECT COUNT(*) FROM vm_instance WHERE busy_operation IS NOT NULL") == 0,
                Duration.ofSeconds(150));
        assertEquals("BackedUp", single("SELECT status FROM backup WHERE uuid = '" + point + "'"));
        assertEquals(0, count("SELECT COUNT(*) FROM backup_restore"));
        assertPattern(restored.disk, 0x5a, 0); // the agent's restore ran to its end
        assertEquals("the queued restore was dropped: its backup is BackedUp", "BackedUp",
                single("SELECT status FROM backup WHERE uuid = '" + notYet + "'"));
        assertPattern(waiting.disk, 0x72, 0); // and its VM's disk untouched
        assertEquals("the deleted backup stays Removed for a later delete pass", "Removed",
                single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));

        // Both VMs take operations again: the newest backup of the pruned VM restores whole.
        ApiSession again = ApiSession.login(survivor.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        powerOff(pruned, prunedVm);
        JsonObject r = again.waitForJob(again.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                JOB_TIMEOUT);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(pruned.disk, 0x61, 0);
        assertPattern(pruned.disk, 0x62, 1);
        assertPattern(pruned.disk, 0x63, 2);
    }

    private String vmOf(LabDomain d) throws Exception {
        String sql = "SELECT COUNT(*) FROM vm_instance WHERE domain_uuid = '" + d.libvirtUuid + "' AND removed IS NULL";
        waitFor(() -> count(sql) == 1, Duration.ofSeconds(60));
        return single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + d.libvirtUuid + "' AND removed IS NULL");
    }

    private void powerOff(LabDomain d, String vm) throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(d.libvirtUuid).destroy();
            return null;
        });
        if (survivor != null) {
            survivor.bean(HostMonitor.class).syncAll();
        }
        waitFor(() -> single("SELECT power_state FROM vm_instance WHERE uuid = '" + vm + "'").equals("PowerOff"),
                Duration.ofSeconds(60));
    }

    private static String backUp(ApiSession session, String vm) throws Exception {
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
        boolean reached() throws Exception;
    }

    private static void waitFor(Probe probe, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (probe.reached()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within " + timeout);
    }

    private int count(String sql) throws Exception {
        return Integer.parseInt(single(sql));
    }

    private String single(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue("no row for " + sql, rs.next());
            return rs.getString(1);
        }
    }
}
