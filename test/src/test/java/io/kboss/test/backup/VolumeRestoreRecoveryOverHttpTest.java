package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A restoreVolumeFromBackupAndAttachToVM whose management server stops while the agent writes the
 * volume is finished by the next server on the same database: it follows the agent's job, attaches the
 * file and registers the volume, ends the backup BackedUp and releases the VM. Real MariaDB, agent
 * process and TCG domains, through the HTTP API.
 */
public class VolumeRestoreRecoveryOverHttpTest {
    private static final String ADMIN_PASSWORD = "volume-recovery-admin";
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
        folder = Files.createTempDirectory(PREFIX + "volrec-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        store = Files.createDirectories(folder.resolve("store"));
        work = Files.createDirectories(folder.resolve("server"));
        db = TestDatabase.create("volume_restore_recovery");
        server = start();
        ApiSession admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        String zone = admin.ok("createZone", "name", "volrec-zone").getAsJsonObject("zone").get("id").getAsString();
        admin.ok("addImageStore", "name", "volrec-store", "url", store.toString(), "zoneid", zone);
        String offering = admin.ok("createBackupOffering", "name", "volrec", "description", "volrec",
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
    public void aVolumeRestoreRunningWhenItsServerStopsIsAttachedAndRegisteredByTheNextServer() throws Exception {
        ApiSession admin = setUp("1536M");
        String backup = backUp(admin);
        String volume = admin.ok("listVolumes", "virtualmachineid", vm).getAsJsonArray("volume").get(0)
                .getAsJsonObject().get("id").getAsString();
        String job = admin.ok("restoreVolumeFromBackupAndAttachToVM", "backupid", backup, "volumeid", volume,
                "virtualmachineid", vm).get("jobid").getAsString();
        waitFor(() -> single("SELECT COUNT(*) FROM backup_restore WHERE state = 'Running'").equals("1")
                && !agentIdle() ? "writing" : null, Duration.ofSeconds(60));
        server.close(); // the agent goes on writing the volume; nobody attaches or registers it
        server = null;
        assertEquals("the stopped server left the backup Restoring", "Restoring",
                single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("RESTORE", single("SELECT busy_operation FROM vm_instance WHERE uuid = '" + vm + "'"));
        assertEquals("no volume registered yet", "1", single("SELECT COUNT(*) FROM volume v JOIN vm_instance m"
                + " ON m.id = v.vm_id WHERE m.uuid = '" + vm + "'"));

        server = start();
        ApiSession again = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        assertEquals("the restore's own job reports the shutdown", 2,
                again.ok("queryAsyncJobResult", "jobid", job).get("jobstatus").getAsInt());
        waitFor(() -> single("SELECT COUNT(*) FROM backup_restore").equals("0") ? "ended" : null,
                Duration.ofSeconds(150));
        assertEquals("BackedUp", single("SELECT status FROM backup WHERE uuid = '" + backup + "'"));
        assertEquals("VM free", "1", single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm
                + "' AND busy_operation IS NULL"));
        JsonArray volumes = again.ok("listVolumes", "virtualmachineid", vm).getAsJsonArray("volume");
        assertEquals("the restored volume is registered beside the VM's own disk: " + volumes, 2, volumes.size());
        Path restored = Path.of(single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id"
                + " WHERE m.uuid = '" + vm + "' AND v.path LIKE '%restored-%'"));
        assertPattern(restored, 0x5a, 0);
        assertPattern(restored, 0x5a, 1535);
        String xml = libvirt.withConnection(c -> c.domainLookupByUUIDString(domain.libvirtUuid).getXMLDesc(0));
        assertTrue("the VM has the restored file attached: " + xml, xml.contains(restored.toString()));
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
