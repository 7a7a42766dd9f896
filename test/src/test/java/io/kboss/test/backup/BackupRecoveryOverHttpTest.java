package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
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
 * A management server stops while a backup, a restore or a delete runs; the next server to start on
 * the same database finds the orphaned work (its API job was failed by the shutdown), follows the
 * agent's job again or ends it cleanly, and releases the VM. Real MariaDB, agent process and TCG
 * domains.
 */
public class BackupRecoveryOverHttpTest {
    private static final String ADMIN_PASSWORD = "recovery-admin";
    private Path folder;
    private TestDatabase db;
    private KbossServer server;
    private AgentProcess agent;
    private LibvirtConnection libvirt;
    private LabDomain domain;
    private LabDomain second;

    @After
    public void stopEverything() throws Exception {
        try {
            if (domain != null) {
                domain.destroy(libvirt);
            }
            if (second != null) {
                second.destroy(libvirt);
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

    private Path store;
    private Path work;
    private String host;
    private String vm;
    private String offering;

    /** A server, an agent, a zone with a store, an offering and one VM of {@code prefill} data on it. */
    private ApiSession setUp(String prefill) throws Exception {
        folder = Files.createTempDirectory("kbt-b-recovery-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        store = Files.createDirectories(folder.resolve("store"));
        work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("backup_recovery");
        server = start(work);
        ApiSession admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "recovery-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "recovery-store", "url", store.toString(), "zoneid", zone);
        offering = admin.ok("createBackupOffering", "name", "recovery", "description", "recovery",
                "zoneid", zone, "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        agent = AgentProcess.start(folder);
        host = admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode",
                agent.pairingCode(), "hypervisor", "KVM").getAsJsonArray("host").get(0).getAsJsonObject().get("id")
                .getAsString();
        libvirt = new LibvirtConnection("qemu:///system");
        domain = LabDomain.start(libvirt, folder, "2G", 2L << 30, prefill, "kbt-b-");
        server.bean(HostMonitor.class).syncNow(host);
        vm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid + "'");
        admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);
        return admin;
    }

    @Test
    public void aBackupRunningWhenItsServerStopsIsFollowedToItsEndByTheNextServer() throws Exception {
        ApiSession admin = setUp("1G");
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

    @Test
    public void aBackupQueuedBehindTheHostLimitWhenItsServerStopsIsStartedByTheNextServer() throws Exception {
        ApiSession admin = setUp("1G");
        second = LabDomain.start(libvirt, folder, "256M", 256L << 20, "16M", "kbt-b-");
        server.bean(HostMonitor.class).syncNow(host);
        String waiting = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + second.libvirtUuid + "'");
        admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", waiting, "backupofferingid", offering);
        admin.ok("updateConfiguration", "name", "backup.max.concurrent.operations.per.host", "value", "1");

        String running = admin.ok("createBackup", "virtualmachineid", vm).get("id").getAsString();
        waitFor(() -> single("SELECT COALESCE(progress_bytes_total, 0) FROM backup WHERE uuid = '" + running + "'")
                .equals("0") ? null : "running", Duration.ofSeconds(60));
        String queued = admin.ok("createBackup", "virtualmachineid", waiting).get("id").getAsString();
        server.close();
        server = null;
        assertEquals("BackingUp", single("SELECT status FROM backup WHERE uuid = '" + running + "'"));
        assertEquals("the stopped server left the second backup waiting", "Queued",
                single("SELECT status FROM backup WHERE uuid = '" + queued + "'"));

        server = start(work);
        waitFor(() -> single("SELECT COUNT(*) FROM backup WHERE status IN ('Queued', 'BackingUp')").equals("0") ? "done"
                : null, Duration.ofSeconds(120));
        assertEquals("BackedUp", single("SELECT status FROM backup WHERE uuid = '" + running + "'"));
        assertEquals("the queued backup was started by the next server, not dropped", "BackedUp",
                single("SELECT status FROM backup WHERE uuid = '" + queued + "'"));
        assertEquals("both VMs are free", "0", single("SELECT COUNT(*) FROM vm_instance WHERE busy_operation IS NOT"
                + " NULL"));
    }

    @Test
    public void aRestoreRunningWhenItsServerStopsIsFollowedToItsEndByTheNextServerAndTheVmIsReleased()
            throws Exception {
        ApiSession admin = setUp("1536M");
        String backup = backUp(admin);
        domain.write(0xab, "0", "1M"); // after the backup: the restore must undo it
        stopVm();

        String job = admin.ok("restoreBackup", "id", backup).get("jobid").getAsString();
        waitFor(() -> single("SELECT COUNT(*) FROM backup_restore WHERE state = 'Running'").equals("1") ? "admitted"
                : null, Duration.ofSeconds(60));
        server.close();
        server = null;
        assertEquals("the stopped server left the backup Restoring", "Restoring",
                single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("RESTORE", single("SELECT busy_operation FROM vm_instance WHERE uuid = '" + vm + "'"));

        server = start(work);
        ApiSession again = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        assertEquals("the restore's own job reports the shutdown", 2,
                again.ok("queryAsyncJobResult", "jobid", job).get("jobstatus").getAsInt());
        waitFor(() -> single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm + "' AND busy_operation IS NULL")
                .equals("1") ? "released" : null, Duration.ofSeconds(120));
        JsonObject restored = again.ok("listBackups", "id", backup).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(restored.toString(), "BackedUp", restored.get("status").getAsString());
        assertEquals("0", single("SELECT COUNT(*) FROM backup_restore"));
        assertNotEquals("a finished restore leaves the VM's disks consistent", "BackupError",
                single("SELECT state FROM vm_instance WHERE uuid = '" + vm + "'"));
        assertPattern(domain.disk, 0x5a, 0); // the write after the backup is gone: the agent's restore finished

        // The restore ended the chain: the next backup is full.
        startVm();
        String next = again.ok("createBackup", "virtualmachineid", vm).get("id").getAsString();
        waitFor(() -> {
            String status = single("SELECT status FROM backup WHERE uuid = '" + next + "'");
            return status.equals("Queued") || status.equals("BackingUp") ? null : status;
        }, Duration.ofSeconds(120));
        JsonObject full = again.ok("listBackups", "id", next).getAsJsonArray("backup").get(0).getAsJsonObject();
        assertEquals(full.toString(), "BackedUp", full.get("status").getAsString());
        assertEquals(full.toString(), "Full", full.get("type").getAsString());
    }

    @Test
    public void aDeleteRunningWhenItsServerStopsLeavesTheBackupRemovedTheVmFreeAndTheSurvivorRestorable()
            throws Exception {
        ApiSession admin = setUp("64M");
        backUp(admin);
        domain.write(0xab, "0", "1536M"); // a large increment: merging it takes a while
        String middle = backUp(admin);
        domain.write(0xcd, "0", "1M");
        String newest = backUp(admin);

        admin.ok("deleteBackup", "id", middle);
        waitFor(() -> single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm + "' AND busy_operation = 'DELETE'")
                .equals("1") ? "deleting" : null, Duration.ofSeconds(60));
        server.close();
        server = null;
        assertEquals("the stopped server left the deleted backup Removed", "Removed",
                single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));

        server = start(work);
        ApiSession again = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        waitFor(() -> single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm + "' AND busy_operation IS NULL")
                .equals("1") ? "released" : null, Duration.ofSeconds(120));
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals("the Removed backup stays hidden: " + listed, 2, listed.size());
        assertEquals("Removed", single("SELECT status FROM backup WHERE uuid = '" + middle + "'"));

        // The survivor is whole: it holds its own write and the deleted backup's.
        waitFor(() -> agentIdle() ? "idle" : null, Duration.ofSeconds(120));
        stopVm();
        String job = again.ok("restoreBackup", "id", newest).get("jobid").getAsString();
        JsonObject r = again.waitForJob(job, Duration.ofSeconds(120));
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 1535);
    }

    /** Whether the agent runs no job now (its journal, as the server would ask it). */
    private boolean agentIdle() throws Exception {
        ListJobsCommand list = new ListJobsCommand();
        list.activeOnly = true;
        return server.bean(AgentChannels.class).forHost(
                Long.parseLong(single("SELECT id FROM host WHERE uuid = '" + host + "'"))).execute(list).jobs.isEmpty();
    }

    private String backUp(ApiSession session) throws Exception {
        JsonObject started = session.ok("createBackup", "virtualmachineid", vm);
        JsonObject r = session.waitForJob(started.get("jobid").getAsString(), Duration.ofSeconds(120));
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return started.get("id").getAsString();
    }

    private void stopVm() throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(domain.libvirtUuid).destroy();
            return null;
        });
        server.bean(HostMonitor.class).syncNow(host);
    }

    private void startVm() throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(domain.libvirtUuid).create();
            return null;
        });
        server.bean(HostMonitor.class).syncNow(host);
    }

    /** Checks the MiB at {@code mib} of the qcow2 file holds only {@code pattern}. */
    private static void assertPattern(Path disk, int pattern, int mib) throws Exception {
        String out = Programs.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + mib + "M 1M", disk.toString()), 60);
        assertTrue(disk + " at " + mib + " MiB: " + out, out.contains("read 1048576/1048576")
                && !out.contains("verification failed"));
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
