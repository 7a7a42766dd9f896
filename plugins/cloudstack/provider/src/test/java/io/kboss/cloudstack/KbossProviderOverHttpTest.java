package io.kboss.cloudstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import io.kboss.client.KbossClient;
import io.kboss.client.model.UserKeys;
import io.kboss.client.model.Zone;
import io.kboss.client.request.OfferingRequest;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    private static KbossBackupProvider providerWith(KbossClient kboss) {
        KbossBackupProvider provider = new KbossBackupProvider();
        provider.use(new OneKbossServer(kboss, null, Duration.ofMinutes(2)), Clock.systemUTC());
        return provider;
    }
}
