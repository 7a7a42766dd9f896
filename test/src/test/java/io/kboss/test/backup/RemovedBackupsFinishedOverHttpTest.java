package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
 * Deletions that stop half way are finished, and nothing stays Removed for ever: a merge the agent
 * finishes after its management server stopped is found in the agent's journal by the next server and
 * its result (the survivor's parent and size, the bytes freed) lands in the rows; a merge that failed
 * on a missing file is finished by the periodic sweep of Removed backups once the file is back. Real
 * MariaDB, agent process and TCG domains, everything through the HTTP API but the fault.
 */
public class RemovedBackupsFinishedOverHttpTest {
    private static final String ADMIN_PASSWORD = "removed-admin";
    private static final String PREFIX = "kbt-d-";
    private Path folder;
    private Path store;
    private Path work;
    private TestDatabase db;
    private KbossServer server;
    private AgentProcess agent;
    private LibvirtConnection libvirt;
    private LabDomain domain;
    private String host;
    private String vm;

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
            if (folder != null) {
                Programs.run(List.of("rm", "-rf", folder.toString()), 120);
            }
        }
    }

    /** A server, an agent, a zone with a store, an offering and one running VM with {@code prefill} of data. */
    private ApiSession setUp(String prefill) throws Exception {
        folder = Files.createTempDirectory(PREFIX + "removed-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        store = Files.createDirectories(folder.resolve("store"));
        work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("removed_backups");
        server = start();
        ApiSession admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "removed-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "removed-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "removed", "description", "removed",
                "zoneid", zone, "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        agent = AgentProcess.start(folder);
        host = admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode",
                agent.pairingCode(), "hypervisor", "KVM").getAsJsonArray("host").get(0).getAsJsonObject().get("id")
                .getAsString();
        libvirt = new LibvirtConnection("qemu:///system");
        domain = LabDomain.start(libvirt, folder, "2G", 2L << 30, prefill, PREFIX);
        server.bean(HostMonitor.class).syncNow(host);
        vm = single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + domain.libvirtUuid + "'");
        admin.ok("assignVirtualMachineToBackupOffering", "virtualmachineid", vm, "backupofferingid", offering);
        return admin;
    }

    @Test
    public void aMergeTheAgentFinishesAfterItsServerStoppedIsAppliedFromTheAgentsJournalByTheNextServer()
            throws Exception {
        ApiSession admin = setUp("64M");
        String oldest = backUp(admin);
        domain.write(0xab, "0", "1536M"); // a large increment: merging it takes a while
        String middle = backUp(admin);
        domain.write(0xcd, "0", "1M");
        String newest = backUp(admin);
        // Set before the stop: the setting is in the database, so the next server sweeps every second.
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");

        admin.ok("deleteBackup", "id", middle);
        waitFor(() -> agentIdle() ? null : "merging", Duration.ofSeconds(60));
        server.close(); // the agent goes on merging; the server never hears how it ended
        server = null;
        assertEquals("the stopped server left the deleted backup Removed", "Removed", status(middle));
        String deletion = single("SELECT delete_request_id FROM backup WHERE uuid = '" + middle + "'");
        assertEquals("no result of the stopped deletion reached the rows", "0",
                single("SELECT COUNT(*) FROM backup_delete_step"));

        server = start();
        ApiSession again = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        // Finished: Expunged, and the deletion ended (its row gone, the VM released in that transaction).
        waitFor(() -> status(middle).equals("Expunged") && single("SELECT COUNT(*) FROM backup_delete").equals("0")
                ? "finished" : null, Duration.ofSeconds(180));

        // The merge was not run a second time: its result came from the stopped deletion's agent job.
        assertEquals("the merge step applied is the stopped deletion's own agent job", "1",
                single("SELECT COUNT(*) FROM backup_delete_step WHERE request_id = '" + deletion + "-merge-into-"
                        + single("SELECT id FROM backup WHERE uuid = '" + newest + "'") + "-" + middle + "'"));
        JsonArray listed = again.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        assertEquals(listed.toString(), 2, listed.size());
        JsonObject survivor = byId(listed, newest);
        assertEquals("the survivor stands on the oldest backup now: " + survivor, oldest,
                survivor.get("parentid").getAsString());
        assertEquals(survivor.toString(), 1, survivor.get("chainposition").getAsInt());
        Path survivorFile = store.resolve(single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + newest + "'"));
        assertEquals("the survivor's listed size is its merged file's", Files.size(survivorFile),
                survivor.get("size").getAsLong());
        assertTrue("the survivor absorbed the 1.5 GiB increment: " + survivor,
                survivor.get("size").getAsLong() > (1L << 30));
        long listedSizes = byId(listed, oldest).get("size").getAsLong() + survivor.get("size").getAsLong();
        assertEquals("the store's used bytes are the survivors' sizes: the freed bytes were given back once",
                listedSizes, usedBytes());
        assertEquals("VM free", "1", single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND busy_operation IS NULL"));

        stopVm();
        JsonObject r = again.waitForJob(again.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                Duration.ofSeconds(120));
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(domain.disk, 0xcd, 0);
        assertPattern(domain.disk, 0xab, 1);
        assertPattern(domain.disk, 0xab, 1535);
    }

    @Test
    public void aDeleteStoppedByAMissingFileIsFinishedByTheSweepOnceTheFileIsBack() throws Exception {
        ApiSession admin = setUp("16M");
        String oldest = backUp(admin);
        domain.write(0x41, "0", "1M");
        String middle = backUp(admin);
        domain.write(0x42, "1M", "1M");
        String newest = backUp(admin);

        // The fault: the middle backup's file is not where the store should have it.
        Path middleFile = store.resolve(single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + middle + "'"));
        Path aside = middleFile.resolveSibling("aside.qcow2");
        Files.move(middleFile, aside);
        JsonObject failed = admin.waitForJob(admin.ok("deleteBackup", "id", middle).get("jobid").getAsString(),
                Duration.ofSeconds(120));
        assertEquals(failed.toString(), 2, failed.get("jobstatus").getAsInt());
        String error = failed.getAsJsonObject("jobresult").get("errortext").getAsString();
        assertTrue(error, error.contains("missing") && error.contains("backup.removed.sweep.interval"));
        assertEquals("Removed", status(middle));
        assertEquals("the Removed backup is hidden", 2,
                admin.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup").size());

        Files.move(aside, middleFile, StandardCopyOption.ATOMIC_MOVE);
        admin.ok("updateConfiguration", "name", "backup.removed.sweep.interval", "value", "1");
        waitFor(() -> status(middle).equals("Expunged") && single("SELECT COUNT(*) FROM backup_delete").equals("0")
                ? "finished" : null, Duration.ofSeconds(120));

        assertFalse("the merged backup's file is gone", Files.exists(middleFile));
        JsonArray listed = admin.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        JsonObject survivor = byId(listed, newest);
        assertEquals(survivor.toString(), oldest, survivor.get("parentid").getAsString());
        assertEquals("used bytes are the survivors' sizes", byId(listed, oldest).get("size").getAsLong()
                + survivor.get("size").getAsLong(), usedBytes());
        assertEquals("nothing is left Removed", "0", single("SELECT COUNT(*) FROM backup WHERE status = 'Removed'"));

        stopVm();
        JsonObject r = admin.waitForJob(admin.ok("restoreBackup", "id", newest).get("jobid").getAsString(),
                Duration.ofSeconds(120));
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        assertPattern(domain.disk, 0x41, 0);
        assertPattern(domain.disk, 0x42, 1);
        assertPattern(domain.disk, 0x5a, 2);
    }

    private static JsonObject byId(JsonArray backups, String uuid) {
        for (int i = 0; i < backups.size(); i++) {
            if (backups.get(i).getAsJsonObject().get("id").getAsString().equals(uuid)) {
                return backups.get(i).getAsJsonObject();
            }
        }
        throw new AssertionError("backup " + uuid + " is not listed: " + backups);
    }

    private String status(String backup) throws Exception {
        return single("SELECT status FROM backup WHERE uuid = '" + backup + "'");
    }

    private long usedBytes() throws Exception {
        return Long.parseLong(single("SELECT used_bytes FROM image_store"));
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

    /** Checks the MiB at {@code mib} of the qcow2 file holds only {@code pattern}. */
    private static void assertPattern(Path disk, int pattern, int mib) throws Exception {
        String out = Programs.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x"
                + Integer.toHexString(pattern) + " " + mib + "M 1M", disk.toString()), 60);
        assertTrue(disk + " at " + mib + " MiB: " + out, out.contains("read 1048576/1048576")
                && !out.contains("verification failed"));
    }

    private KbossServer start() throws Exception {
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
