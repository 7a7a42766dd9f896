package io.kboss.cloudstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import io.kboss.client.KbossClient;
import io.kboss.client.model.UserKeys;
import io.kboss.client.model.Zone;
import io.kboss.client.request.OfferingRequest;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import com.cloud.vm.dao.VMInstanceDao;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.apache.cloudstack.backup.BackupOffering;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The provider against a real kboss-server (in process, on the test MariaDB) through a real
 * kboss-client: what needs no VM. Backups of real VMs through the same client are tested in the
 * test module (KbossClientBackupTest).
 */
public class KbossProviderOverHttpTest {
    private static final long ZONE = 3L;

    private static TestDatabase db;
    private static KbossServer server;
    private static KbossClient admin;
    private static UserKeys keys;

    @BeforeClass
    public static void startKbossServer() throws Exception {
        db = TestDatabase.create("cloudstack_provider");
        server = KbossServer.start(KbossServerConfig.builder().jdbc(db.jdbcUrl(), TestDatabase.USER,
                TestDatabase.PASSWORD).http("127.0.0.1", 0).workFolder(Files.createTempDirectory("kboss-cs"))
                .adminPassword("provider-admin").build());
        KbossClient session = KbossClient.builder(server.baseUrl()).login("admin", "provider-admin", "/").build();
        keys = session.users().registerKeys(session.sessionUserId().orElseThrow());
        admin = KbossClient.builder(server.baseUrl()).apiKey(keys.apiKey(), keys.secretKey()).build();
    }

    @AfterClass
    public static void stopKbossServer() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    public void theServersOfferingsAreListedForImportAndOnlyTheyAreValid() throws Exception {
        Zone zone = admin.zones().create("cs-provider-zone");
        admin.imageStores().add("cs-provider-store", Files.createTempDirectory("cs-store").toString(), zone.id());
        String gold = admin.offerings().create(OfferingRequest.create("gold", "Gold", zone.id()).backupChainSize(4))
                .id();
        KbossBackupProvider provider = providerWith(admin);

        List<BackupOffering> listed = provider.listBackupOfferings(ZONE);

        assertEquals(List.of(gold), listed.stream().map(BackupOffering::getExternalId).toList());
        assertEquals("Gold [kboss: chains of 4]", listed.get(0).getDescription());
        assertTrue(provider.isValidProviderOffering(ZONE, gold));
        assertFalse(provider.isValidProviderOffering(ZONE, "0a8f7b2e-0000-4000-8000-00000000dead"));
    }

    @Test
    public void aVmTheServerHasNotDiscoveredIsNotAssigned() {
        KbossBackupProvider provider = providerWith(admin);
        VMInstanceVO vm = KbossFakes.cloudStackVm(7L, "i-2-7-VM");

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> provider.assignVMToBackupOffering(vm, null));

        assertTrue(e.getMessage(), e.getMessage().contains(server.baseUrl()) && e.getMessage().contains("i-2-7-VM"));
        assertTrue("nothing to remove is no failure", provider.removeVMFromBackupOffering(vm));
    }

    @Test
    public void theSyncOfAServerWithoutBackupsGivesNoRestorePointsRatherThanNothingKnown() {
        KbossBackupProvider provider = providerWith(admin);

        provider.syncBackupMetrics(ZONE);

        assertEquals(List.of(), provider.listRestorePoints(KbossFakes.cloudStackVm(7L, "i-2-7-VM")));
    }

    @Test
    public void withAWrongSecretCallsFailWith401AndTheSyncChangesNothing() {
        KbossClient forged = KbossClient.builder(server.baseUrl()).apiKey(keys.apiKey(), "wrong-secret").build();
        KbossBackupProvider provider = providerWith(forged);

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class, () -> provider.listBackupOfferings(ZONE));
        provider.syncBackupMetrics(ZONE);

        assertTrue(e.getMessage(), e.getMessage().contains("error 401"));
        assertFalse("the secret is not in the error", e.getMessage().contains("wrong-secret"));
        assertNull(provider.listRestorePoints(KbossFakes.cloudStackVm(7L, "i-2-7-VM")));
    }

    /**
     * A CloudStack VM that stopped (kboss keeps it Stopped: its transient domain ended) and was then expunged
     * is forgotten in kboss-server by the next backup sync; one CloudStack still has stays.
     */
    @Test
    public void theSyncHasTheServerForgetAVmCloudStackExpunged() throws Exception {
        Zone zone = admin.zones().create("cs-provider-zone-expunge");
        String expunged = stoppedTransientVm("i-2-31-VM", zone.id());
        String kept = stoppedTransientVm("i-2-32-VM", zone.id());
        VMInstanceDao rows = mock(VMInstanceDao.class);
        VMInstanceVO expungedRow = KbossFakes.cloudStackVm(31L, "i-2-31-VM");
        when(expungedRow.getRemoved()).thenReturn(new Date());
        when(rows.findVMByInstanceNameIncludingRemoved("i-2-31-VM")).thenReturn(expungedRow);
        VMInstanceVO keptRow = KbossFakes.cloudStackVm(32L, "i-2-32-VM");
        when(rows.findVMByInstanceNameIncludingRemoved("i-2-32-VM")).thenReturn(keptRow);
        KbossBackupProvider provider = providerWith(admin, rows);

        provider.syncBackupMetrics(ZONE);

        assertTrue(admin.virtualMachines().get(expunged).isEmpty());
        assertEquals("Stopped", admin.virtualMachines().get(kept).orElseThrow().state());
    }

    /** A VM as kboss's discovery keeps one whose transient domain ended, with one qcow2 disk. */
    private static String stoppedTransientVm(String name, String zoneId) throws Exception {
        String uuid = UUID.randomUUID().toString();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO vm_instance (uuid, name, domain_uuid,"
                        + " account_id, domain_id, zone_id, state, power_state, domain_persistent, domain_defined,"
                        + " created) SELECT ?, ?, ?, a.id, a.domain_id, z.id, 'Stopped', 'PowerOff', 0, 0, NOW(3)"
                        + " FROM account a, zone z WHERE a.name = 'admin' AND z.uuid = ?")) {
            ps.setString(1, uuid);
            ps.setString(2, name);
            ps.setString(3, UUID.randomUUID().toString());
            ps.setString(4, zoneId);
            assertEquals(1, ps.executeUpdate());
        }
        return uuid;
    }

    private static KbossBackupProvider providerWith(KbossClient kboss) {
        // CloudStack's VM rows: none (the sync then forgets no kboss VM).
        return providerWith(kboss, mock(VMInstanceDao.class));
    }

    private static KbossBackupProvider providerWith(KbossClient kboss, VMInstanceDao cloudStackVms) {
        KbossBackupProvider provider = new KbossBackupProvider();
        provider.use(new OneKbossServer(kboss, null, Duration.ofMinutes(2)), Clock.systemUTC());
        try {
            Field dao = KbossBackupProvider.class.getDeclaredField("vmInstanceDao");
            dao.setAccessible(true);
            dao.set(provider, cloudStackVms); // CloudStack injects it
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return provider;
    }
}
