package io.kboss.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.client.model.BackupOffering;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.model.Success;
import io.kboss.client.model.Zone;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.OfferingRequest;
import io.kboss.client.request.RestoreOptions;
import io.kboss.client.request.ServiceJobQuery;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The client against a real kboss-server on MariaDB: signed and session calls, typed answers,
 * and the server's refusals carried as its errorcode and errortext. Backups, restores, chains and
 * jobs that need VMs are tested in the test module (KbossClientBackupTest), beside the lab VMs.
 */
public class KbossClientOverHttpTest {
    private static InProcessServer server;
    private static KbossClient admin;

    @BeforeClass
    public static void startServer() throws Exception {
        server = InProcessServer.start("client");
        admin = server.admin();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void aSignedClientCreatesListsUpdatesAndDeletesAnOfferingWithItsOptions() throws Exception {
        Zone zone = admin.zones().create("client-zone-1");
        admin.imageStores().add("client-store-1", Files.createTempDirectory("client-store").toString(), zone.id());

        BackupOffering made = admin.offerings().create(OfferingRequest.create("gold", "Gold backups", zone.id())
                .compress(true, "zlib").validate(true, List.of("wait_for_boot", "screenshot"))
                .allowQuickRestore(true).backupChainSize(5));

        assertEquals("gold", made.name());
        assertEquals(zone.id(), made.zoneId());
        assertEquals("kboss", made.provider());
        assertTrue(made.allowUserDrivenBackups() && made.compress() && made.validate() && made.allowQuickRestore());
        assertEquals("zlib", made.compressionLibrary());
        assertEquals("wait_for_boot,screenshot", made.validationSteps());
        assertEquals(5, made.backupChainSize());
        assertTrue("created is read as a date", made.created().isAfter(Instant.now().minus(Duration.ofHours(1))));
        assertEquals(made, admin.offerings().get(made.id()).orElseThrow());
        assertEquals(made.id(), admin.offerings().byName(zone.id(), "gold").orElseThrow().id());
        assertEquals(List.of(made), admin.offerings().list(zone.id()));
        assertEquals("kboss offerings are their own external id", made.id(), made.externalId());

        BackupOffering changed = admin.offerings().update(made.id(), OfferingRequest.changes()
                .description("Gold, weekly fulls").backupChainSize(7));
        assertEquals("Gold, weekly fulls", changed.description());
        assertEquals(7, changed.backupChainSize());
        assertEquals("what was not given is kept", "zlib", changed.compressionLibrary());

        assertTrue(admin.offerings().delete(made.id()).success());
        assertTrue(admin.offerings().list(zone.id()).isEmpty());
    }

    @Test
    public void aLoginSessionCallsAsTheLoggedInUser() {
        KbossClient session = KbossClient.builder(server.baseUrl() + "/client/api/")
                .login("admin", InProcessServer.ADMIN_PASSWORD, "/").build();

        assertTrue(session.sessionUserId().isPresent());
        Zone zone = session.zones().create("client-zone-session");
        assertEquals(zone, admin.zones().byName("client-zone-session").orElseThrow());
        assertTrue("a signed client has no session", admin.sessionUserId().isEmpty());
    }

    @Test
    public void aWrongPasswordIsRefusedWith531AsCloudStackRefusesALogin() {
        KbossApiException refused = assertThrows(KbossApiException.class,
                () -> KbossClient.builder(server.baseUrl()).login("admin", "not-the-password", "/").build());

        assertEquals(KbossApiException.ACCOUNT_ERROR, refused.errorCode());
        assertEquals("login", refused.command());
    }

    @Test
    public void aRequestSignedWithAnotherSecretIsRefusedWith401() {
        KbossClient forged = KbossClient.builder(server.baseUrl()).apiKey(server.adminKeys.apiKey(), "not-the-secret")
                .build();

        KbossApiException refused = assertThrows(KbossApiException.class, () -> forged.zones().list());

        assertEquals(KbossApiException.UNAUTHORIZED, refused.errorCode());
        assertNull(refused.jobId());
        assertFalse("the secret is in no message", refused.getMessage().contains(server.adminKeys.secretKey()));
    }

    @Test
    public void aSignatureThatExpiredIsRefusedWith401SayingSo() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        KbossClient late = KbossClient.builder(server.baseUrl()).apiKey(server.adminKeys.apiKey(),
                server.adminKeys.secretKey()).signatureClock(anHourAgo, Duration.ofMinutes(5)).build();

        KbossApiException refused = assertThrows(KbossApiException.class, () -> late.zones().list());

        assertEquals(KbossApiException.UNAUTHORIZED, refused.errorCode());
    }

    @Test
    public void aBadParameterIsRefusedWith431NamingItAndNothingIsMade() {
        Zone zone = admin.zones().create("client-zone-bad");

        KbossApiException refused = assertThrows(KbossApiException.class, () -> admin.offerings().create(
                OfferingRequest.create("lz", "LZ4 please", zone.id()).compress(true, "lz4")));

        assertEquals(KbossApiException.PARAM_ERROR, refused.errorCode());
        assertEquals(4350, refused.csErrorCode());
        assertTrue(refused.errorText(), refused.errorText().contains("compressionlibrary"));
        assertTrue(admin.offerings().list(zone.id()).isEmpty());
    }

    @Test
    public void assignAndRemoveWaitForTheirJobsAndRefusalsComeAtOnce() throws Exception {
        Zone zone = admin.zones().create("client-zone-assign");
        admin.imageStores().add("client-store-assign", Files.createTempDirectory("client-store").toString(),
                zone.id());
        BackupOffering gold = admin.offerings().create(OfferingRequest.create("assign-gold", "Gold", zone.id()));
        String vm = insertVmWithQcow2Disk("client-assign-vm", zone.id());

        assertTrue(admin.offerings().assign(vm, gold.id()).success());
        assertEquals(gold.id(), admin.virtualMachines().get(vm).orElseThrow().backupOfferingId());

        PendingJob<Success> removal = admin.offerings().startRemove(vm);
        assertEquals("the job works on the VM", vm, removal.resourceId());
        assertTrue(removal.await(Duration.ofSeconds(30)).success());
        assertNull(admin.virtualMachines().get(vm).orElseThrow().backupOfferingId());

        KbossApiException notAssigned = assertThrows(KbossApiException.class, () -> admin.offerings().remove(vm));
        assertEquals(KbossApiException.PARAM_ERROR, notAssigned.errorCode());
        assertNull("refused in the request, before any job", notAssigned.jobId());
        assertTrue(notAssigned.errorText(), notAssigned.errorText().contains("not assigned to a backup offering"));
        String unknown = UUID.randomUUID().toString();
        KbossApiException noOffering = assertThrows(KbossApiException.class,
                () -> admin.offerings().startAssign(vm, unknown));
        assertNull(noOffering.jobId());
        assertTrue(noOffering.errorText(), noOffering.errorText().contains("No backup offering with id " + unknown));
    }

    @Test
    public void aVmItsHostNoLongerDefinesIsExpungedAndOneItStillDefinesIsRefusedAtOnce() throws Exception {
        Zone zone = admin.zones().create("client-zone-expunge");
        String vm = insertVmWithQcow2Disk("client-expunge-vm", zone.id());

        KbossApiException defined = assertThrows(KbossApiException.class, () -> admin.virtualMachines().expunge(vm));
        assertEquals(KbossApiException.PARAM_ERROR, defined.errorCode());
        assertNull("refused in the request, before any job", defined.jobId());
        assertTrue(defined.errorText(), defined.errorText().contains("is still defined on its host"));
        assertTrue(admin.virtualMachines().get(vm).isPresent());

        try (Connection c = server.db.connect();
                PreparedStatement ps = c.prepareStatement("UPDATE vm_instance SET domain_persistent = 0,"
                        + " domain_defined = 0 WHERE uuid = ?")) {
            ps.setString(1, vm); // what discovery does when a transient domain ends
            assertEquals(1, ps.executeUpdate());
        }
        Success done = admin.virtualMachines().expunge(vm);
        assertTrue(done.success());
        assertTrue(done.displayText(), done.displayText().contains("its backups are kept"));
        assertTrue(admin.virtualMachines().get(vm).isEmpty());
    }

    @Test
    public void aVolumeRestoreCarriesQuickrestoreAndHostidToTheServer() throws Exception {
        Zone zone = admin.zones().create("client-zone-volume");
        admin.imageStores().add("client-store-volume", Files.createTempDirectory("client-store").toString(),
                zone.id());
        BackupOffering plain = admin.offerings().create(OfferingRequest.create("volume-plain", "No quick restore",
                zone.id()));
        String vm = insertVmWithQcow2Disk("client-volume-vm", zone.id());
        admin.offerings().assign(vm, plain.id());
        String backup = UUID.randomUUID().toString();
        String volume = rootVolumeOf(vm);
        try (Connection c = server.db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO backup (uuid, vm_id, account_id, domain_id,"
                        + " zone_id, backup_offering_id, type, status, size, virtual_size, date, created, updated)"
                        + " SELECT ?, v.id, v.account_id, v.domain_id, v.zone_id, v.backup_offering_id, 'FULL',"
                        + " 'BackedUp', 4096, 16777216, NOW(3), NOW(3), NOW(3) FROM vm_instance v WHERE v.uuid = ?")) {
            ps.setString(1, backup); // a backup as a finished job leaves it; this test has no agent to take one
            ps.setString(2, vm);
            assertEquals(1, ps.executeUpdate());
        }

        // The offering refuses quick restore: only a request that carries quickrestore=true is refused so.
        KbossApiException quick = assertThrows(KbossApiException.class, () -> admin.backups().restoreVolume(backup,
                volume, vm, RestoreOptions.defaults().quick(true)));
        assertEquals(KbossApiException.PARAM_ERROR, quick.errorCode());
        assertNull("refused in the request, before any job", quick.jobId());
        assertTrue(quick.errorText(), quick.errorText().contains("Parameter quickrestore")
                && quick.errorText().contains("does not allow quick restore"));
        String nowhere = UUID.randomUUID().toString();
        KbossApiException host = assertThrows(KbossApiException.class, () -> admin.backups().restoreVolume(backup,
                volume, vm, RestoreOptions.defaults().onHost(nowhere)));
        assertTrue(host.errorText(), host.errorText().contains("Parameter hostid: no host has ID " + nowhere));
        // Without options the call gets past both checks, to the volume (this backup holds no file of it).
        KbossApiException plainCall = assertThrows(KbossApiException.class, () -> admin.backups().restoreVolume(
                backup, volume, vm));
        assertTrue(plainCall.errorText(), plainCall.errorText().contains("is not in backup " + backup));
        try (Connection c = server.db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operation o JOIN backup b ON"
                        + " b.id = o.backup_id WHERE b.uuid = ?")) {
            ps.setString(1, backup);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertEquals("nothing queued", 0, rs.getInt(1));
            }
        }
    }

    private static String rootVolumeOf(String vm) throws Exception {
        try (Connection c = server.db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT o.uuid FROM volume o JOIN vm_instance v ON"
                        + " v.id = o.vm_id WHERE v.uuid = ?")) {
            ps.setString(1, vm);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    /** A VM as discovery records it, of the admin, in the zone, with one qcow2 file disk. */
    private static String insertVmWithQcow2Disk(String name, String zoneId) throws Exception {
        String uuid = UUID.randomUUID().toString();
        try (Connection c = server.db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vm_instance (uuid, name, domain_uuid,"
                    + " account_id, domain_id, zone_id, state, power_state, created) SELECT ?, ?, ?, a.id,"
                    + " a.domain_id, z.id, 'Stopped', 'PowerOff', NOW(3) FROM account a, zone z WHERE a.name ="
                    + " 'admin' AND z.uuid = ?")) {
                ps.setString(1, uuid);
                ps.setString(2, name);
                ps.setString(3, UUID.randomUUID().toString());
                ps.setString(4, zoneId);
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO volume (uuid, name, vm_id, account_id,"
                    + " domain_id, zone_id, device, device_id, volume_type, bus, path, format, virtual_size,"
                    + " storage_kind, state, created) SELECT ?, ?, v.id, v.account_id, v.domain_id, v.zone_id,"
                    + " 'vda', 0, 'ROOT', 'virtio', ?, 'qcow2', 16777216, 'FILE', 'Ready', NOW(3) FROM"
                    + " vm_instance v WHERE v.uuid = ?")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, name + "-root");
                ps.setString(3, "/var/lib/kboss-client-test/" + name + "/root.qcow2");
                ps.setString(4, uuid);
                assertEquals(1, ps.executeUpdate());
            }
        }
        return uuid;
    }

    @Test
    public void anAsyncCommandRefusedBeforeAnyJobRaisesWithoutAJobId() {
        KbossApiException refused = assertThrows(KbossApiException.class,
                () -> admin.backups().create(UUID.randomUUID().toString(), BackupOptions.defaults()));

        assertEquals(KbossApiException.PARAM_ERROR, refused.errorCode());
        assertNull(refused.jobId());
    }

    @Test
    public void listsWithNothingInThemAreEmpty() {
        assertTrue(admin.backups().list().isEmpty());
        assertTrue(admin.schedules().list(null).isEmpty());
        assertTrue(admin.hosts().list(null).isEmpty());
        assertTrue(admin.virtualMachines().byName("no-such-domain").isEmpty());
    }

    @Test
    public void listApisTellsWhichCommandsTheServerHas() {
        assertTrue(admin.supports("createBackup"));
        assertTrue(admin.supports("finishBackupChain"));
        assertFalse(admin.supports("noSuchCommand"));
    }

    @Test
    public void serviceJobsAreListedAndTheServerRefusesAnUnknownTypeNamingIt() {
        assertTrue(admin.supports("listBackupServiceJobs"));

        ListPage<?> none = admin.serviceJobs().list(ServiceJobQuery.all().executing(true));

        assertEquals("no backup was taken on this server, so nothing was compressed", 0, none.count());
        assertTrue(none.items().isEmpty());
        KbossClientException e = assertThrows(KbossClientException.class,
                () -> admin.serviceJobs().list(ServiceJobQuery.all().ofType("defragment")));
        assertTrue(e.getMessage(), e.getMessage().contains("type"));
    }

    /**
     * A running compression with progress and one waiting for its retry, as the operation queue records them
     * (this server has no agents to run them; the running one is this server's own, freshly heartbeated, so
     * nobody adopts it, and the waiting one is not due before the test ends), read through the typed client.
     */
    @Test
    public void aRunningJobsProgressAndARetrysWaitAreReadAsListBackupServiceJobsAnswersThem() throws Exception {
        Zone zone = admin.zones().create("client-zone-jobs");
        // Whole seconds: the API writes dates as CloudStack does, to the second.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant retryAt = now.plus(Duration.ofHours(1));
        String running = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        try (Connection c = server.db.connect()) {
            insertCompression(c, running, zone.id(), "RUNNING", now, now, 3L << 20, 8L << 20, "compressing vda.qcow2",
                    null);
            insertCompression(c, waiting, zone.id(), "QUEUED", retryAt, now.minus(Duration.ofMinutes(5)), null, null,
                    null,
                    "the store is not mounted");
        }
        try {
            List<ServiceJob> jobs = admin.serviceJobs().list(ServiceJobQuery.all().inZone(zone.id())).items();

            assertEquals(2, jobs.size());
            ServiceJob r = jobs.stream().filter(j -> j.id().equals(running)).findFirst().orElseThrow();
            assertTrue(r.toString(), r.running() && r.executing() && !r.scheduled());
            assertEquals("Compression", r.type());
            assertEquals(Integer.valueOf(37), r.progress());
            assertEquals(Long.valueOf(3L << 20), r.progressDone());
            assertEquals(Long.valueOf(8L << 20), r.progressTotal());
            assertEquals("compressing vda.qcow2", r.phase());
            assertEquals(now, r.startDate());
            assertNull("a running job waits for nothing", r.scheduledDate());

            ServiceJob w = jobs.stream().filter(j -> j.id().equals(waiting)).findFirst().orElseThrow();
            assertTrue(w.toString(), w.waitingForRetry() && w.scheduled() && !w.executing());
            assertEquals(ServiceJob.WAITING_FOR_RETRY, w.state());
            assertEquals(retryAt, w.scheduledDate());
            assertEquals(Integer.valueOf(1), w.attempts());
            assertEquals("the store is not mounted", w.error());
            assertNull("no progress while it waits", w.progress());
            assertNull(w.progressDone());
            assertNull(w.phase());
        } finally {
            try (Connection c = server.db.connect();
                    PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM operation WHERE uuid IN (?, ?)")) {
                ps.setString(1, running);
                ps.setString(2, waiting);
                ps.executeUpdate();
            }
        }
    }

    /** One compression operation of the zone, as the queue writes it, without a backup or host. */
    private static void insertCompression(Connection c, String uuid, String zoneId, String state, Instant nextAttempt,
            Instant started, Long done, Long total, String phase, String error) throws Exception {
        java.time.format.DateTimeFormatter utc = java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        boolean runs = "RUNNING".equals(state);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO operation (uuid, kind, origin, limit_group,"
                + " exclusive_scope, zone_id, state, attempts, next_attempt, picked_by, heartbeat, enqueued, started,"
                + " error, progress_done, progress_total, progress_phase) SELECT ?, 'COMPRESSION', 'BACKED_UP',"
                + " 'compression', 'BACKUP', z.id, ?, 1, ?, " + (runs ? "(SELECT MAX(id) FROM mshost)" : "NULL")
                + ", ?, ?, ?, ?, ?, ?, ? FROM zone z WHERE z.uuid = ?")) {
            ps.setString(1, uuid);
            ps.setString(2, state);
            ps.setString(3, utc.format(nextAttempt));
            ps.setString(4, runs ? utc.format(Instant.now()) : null);
            ps.setString(5, utc.format(nextAttempt.minus(Duration.ofHours(2))));
            ps.setString(6, started == null ? null : utc.format(started));
            ps.setString(7, error);
            ps.setObject(8, done);
            ps.setObject(9, total);
            ps.setString(10, phase);
            ps.setString(11, zoneId);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    public void aServerThatDoesNotAnswerIsReportedWithItsAddressAndTheCause() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        KbossClient nowhere = KbossClient.builder("http://127.0.0.1:" + closedPort).apiKey("k", "s").build();

        KbossClientException e = assertThrows(KbossClientException.class, () -> nowhere.zones().list());

        assertTrue(e.getMessage(), e.getMessage().contains("127.0.0.1:" + closedPort));
        assertTrue(e.getCause() instanceof ConnectException);
    }
}
