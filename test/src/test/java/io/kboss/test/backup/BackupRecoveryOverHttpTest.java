package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
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
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A management server stops while a backup runs; the next server to start finds the orphaned
 * backup (its createBackup job was failed by the shutdown), follows the agent's job again and ends
 * the backup BackedUp, and the VM takes backups again. Real MariaDB, agent process and TCG domain.
 */
public class BackupRecoveryOverHttpTest {
    private static final String ADMIN_PASSWORD = "recovery-admin";
    private Path folder;
    private TestDatabase db;
    private KbossServer server;
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
            Programs.run(List.of("rm", "-rf", folder.toString()), 120);
        }
    }

    @Test
    public void aBackupRunningWhenItsServerStopsIsFollowedToItsEndByTheNextServer() throws Exception {
        folder = Files.createTempDirectory("kbt-orch-recovery-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createDirectories(folder.resolve("store"));
        Path work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("backup_recovery");
        server = start(work);
        ApiSession admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "recovery-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "recovery-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "recovery", "description", "recovery",
                "zoneid", zone, "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        agent = AgentProcess.start(folder);
        String host = admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode",
                agent.pairingCode(), "hypervisor", "KVM").getAsJsonArray("host").get(0).getAsJsonObject().get("id")
                .getAsString();
        libvirt = new LibvirtConnection("qemu:///system");
        domain = LabDomain.start(libvirt, folder, "2G", 2L << 30, "1G");
        server.bean(HostMonitor.class).syncNow(host);
        String vm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid + "'");
        admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);

        String backup = admin.ok("createBackup", "virtualmachineid", vm).get("id").getAsString();
        waitFor(() -> single("SELECT COALESCE(progress_bytes_total, 0) FROM backup WHERE uuid = '" + backup + "'")
                .equals("0") ? null : "running", Duration.ofSeconds(60));
        server.close(); // a short grace: the job thread is interrupted while the agent still copies
        server = null;
        assertEquals("the stopped server left the backup running", "BackingUp",
                single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));

        server = start(work);
        ApiSession again = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        waitFor(() -> {
            JsonArray b = again.ok("listBackups", "id", backup).getAsJsonArray("backup");
            String status = b.get(0).getAsJsonObject().get("status").getAsString();
            return status.equals("BackingUp") ? null : status;
        }, Duration.ofSeconds(120));
        JsonObject recovered = again.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(recovered.toString(), "BackedUp", recovered.get("status").getAsString());
        assertTrue(recovered.toString(), recovered.get("size").getAsLong() > 0);

        // The VM was released, and the recovered backup is a parent like any other.
        String next = again.ok("createBackup", "virtualmachineid", vm).get("jobid").getAsString();
        assertEquals(1, again.waitForJob(next, Duration.ofSeconds(120)).get("jobstatus").getAsInt());
        JsonArray all = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        JsonObject increment = all.get(1).getAsJsonObject();
        assertEquals(increment.toString(), "Incremental", increment.get("type").getAsString());
        assertEquals(backup, increment.get("parentid").getAsString());
    }

    private KbossServer start(Path work) throws Exception {
        return KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(work).adminPassword(ADMIN_PASSWORD).jobShutdownGrace(Duration.ofMillis(100)).build());
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
