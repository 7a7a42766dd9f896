package io.kboss.plugin.backup.kboss.offering;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;
import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingInUse;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingNotFound;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRuleViolation;
import io.kboss.plugin.backup.kboss.domain.offering.ValidationStep;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingPage;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingQuery;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingVisibility;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The offering service on real MariaDB: schema V2, settings resolution, transactions, locking. */
public class BackupOfferingServiceTest {
    private static OfferingDatabase db;
    private String zone;

    @BeforeClass
    public static void migrate() throws Exception {
        db = new OfferingDatabase("offering_service");
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void freshZone() {
        zone = db.zone("z-" + UUID.randomUUID());
    }

    private OfferingParameters gold() {
        return new OfferingParameters().name("gold").description("daily").zoneUuid(zone).allowUserDrivenBackups(true);
    }

    private OfferingPage list(OfferingQuery q) {
        return db.service.list(q);
    }

    private OfferingQuery inZone(OfferingVisibility v) {
        return new OfferingQuery(null, zone, null, null, v, 0, 100);
    }

    private static List<String> names(OfferingPage page) {
        return page.offerings().stream().map(v -> v.offering().name()).collect(Collectors.toList());
    }

    @Test
    public void createdOfferingIsReadBackWithEveryOptionAndItsZone() {
        OfferingView v = db.service.create(gold().compress(true).compressionLibrary("zlib").validate(true)
                .validationSteps(List.of("execute_command,screenshot")).allowQuickRestore(true).allowExtractFile(true)
                .backupChainSize(6L));
        OfferingView read = list(
                new OfferingQuery(v.offering().uuid(), null, null, null, OfferingVisibility.all(), 0, 10))
                .offerings().get(0);
        BackupOffering o = read.offering();
        assertEquals("gold", o.name());
        assertEquals("kboss", o.provider());
        assertEquals(o.uuid(), o.externalId());
        assertEquals(zone, read.zoneUuid());
        assertTrue(read.zoneName().startsWith("z-"));
        assertTrue(o.userDrivenBackups());
        assertTrue(o.options().compress());
        assertEquals(CompressionLibrary.ZLIB, o.options().compressionLibrary());
        assertEquals(EnumSet.of(ValidationStep.EXECUTE_COMMAND, ValidationStep.SCREENSHOT),
                o.options().validationSteps());
        assertTrue(o.options().allowQuickRestore());
        assertTrue(o.options().allowExtractFile());
        assertEquals(6, o.options().backupChainSize());
        assertEquals(v.offering(), o);
    }

    @Test
    public void offeringDedicatedToADomainReportsTheDomain() {
        String domain = db.domain("d-" + UUID.randomUUID(), "/d" + System.nanoTime() + "/");
        OfferingView v = db.service.create(gold().domainUuid(domain));
        assertEquals(domain, v.domainUuid());
        assertFalse(v.offering().isPublic());
    }

    @Test
    public void refusedCreateLeavesTheTablesUnchanged() {
        db.service.create(gold());
        String before = db.tableState();
        assertThrows(OfferingRuleViolation.class, () -> db.service.create(gold()));
        assertThrows(OfferingRuleViolation.class, () -> db.service.create(gold().name("x").compressionLibrary("zlib")));
        assertThrows(OfferingRuleViolation.class,
                () -> db.service.create(gold().name("x").domainUuid(UUID.randomUUID().toString())));
        assertEquals(before, db.tableState());
    }

    @Test
    public void zoneWhoseProviderSettingNamesAnotherProviderIsRefused() {
        db.zoneSetting(zone, "backup.framework.provider.plugin", "nas");
        OfferingRuleViolation v = assertThrows(OfferingRuleViolation.class, () -> db.service.create(gold()));
        assertEquals("zoneid", v.parameter());
        assertTrue(v.getMessage(), v.getMessage().contains("'nas'"));
    }

    @Test
    public void zoneWithTheFrameworkDisabledIsRefused() {
        db.zoneSetting(zone, "backup.framework.enabled", "false");
        OfferingRuleViolation v = assertThrows(OfferingRuleViolation.class, () -> db.service.create(gold()));
        assertTrue(v.getMessage(), v.getMessage().contains("backup.framework.enabled is false"));
    }

    @Test
    public void nameOfADeletedOfferingCanBeUsedAgain() {
        OfferingView first = db.service.create(gold());
        db.service.delete(first.offering().uuid());
        OfferingView second = db.service.create(gold().name("GOLD"));
        assertEquals(List.of("GOLD"), names(list(inZone(OfferingVisibility.all()))));
        assertThrows(OfferingNotFound.class, () -> db.service.delete(first.offering().uuid()));
        assertFalse(first.offering().uuid().equals(second.offering().uuid()));
    }

    @Test
    public void concurrentCreatesOfOneNameLeaveExactlyOneOffering() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> creates = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                creates.add(() -> {
                    try {
                        db.service.create(gold());
                        return true;
                    } catch (OfferingRuleViolation e) {
                        assertEquals("name", e.parameter());
                        return false;
                    }
                });
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(creates)) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(1, list(inZone(OfferingVisibility.all())).total());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void listFiltersByIdNameAndKeywordAndPages() {
        OfferingView a = db.service.create(gold().name("alpha").description("nightly full"));
        db.service.create(gold().name("beta").description("hourly"));
        db.service.create(gold().name("gamma").description("nightly incremental"));
        assertEquals(List.of("alpha"), names(list(new OfferingQuery(a.offering().uuid(), null, null, null,
                OfferingVisibility.all(), 0, 10))));
        assertEquals(List.of("beta"),
                names(list(new OfferingQuery(null, zone, "beta", null, OfferingVisibility.all(), 0, 10))));
        assertEquals(List.of("alpha", "gamma"), names(list(new OfferingQuery(null, zone, null, "%NIGHT%",
                OfferingVisibility.all(), 0, 10))));
        OfferingPage second = list(new OfferingQuery(null, zone, null, null, OfferingVisibility.all(), 1, 1));
        assertEquals(3, second.total());
        assertEquals(List.of("beta"), names(second));
        assertEquals(0, list(new OfferingQuery(null, db.zone("empty-" + UUID.randomUUID()), null, null,
                OfferingVisibility.all(), 0, 10)).total());
    }

    @Test
    public void usersSeePublicOfferingsAndThoseOfTheirDomainAndItsParents() {
        String tag = Long.toString(System.nanoTime());
        String sales = db.domain("sales", "/sales" + tag + "/");
        String emea = db.domain("emea", "/sales" + tag + "/emea/");
        String ops = db.domain("ops", "/ops" + tag + "/");
        db.service.create(gold().name("public"));
        db.service.create(gold().name("for-sales").domainUuid(sales));
        db.service.create(gold().name("for-emea").domainUuid(emea));
        db.service.create(gold().name("for-ops").domainUuid(ops));
        assertEquals(List.of("public", "for-sales", "for-emea"),
                names(list(inZone(OfferingVisibility.domainMember("/sales" + tag + "/emea/")))));
        assertEquals(List.of("public", "for-sales"),
                names(list(inZone(OfferingVisibility.domainMember("/sales" + tag + "/")))));
        assertEquals(List.of("public", "for-sales", "for-emea"),
                names(list(inZone(OfferingVisibility.domainAdmin("/sales" + tag + "/")))));
        assertEquals(List.of("public"), names(list(inZone(OfferingVisibility.domainMember("/sales" + tag + "x/")))));
        assertEquals(4, list(inZone(OfferingVisibility.all())).total());
    }

    @Test
    public void updateIsStoredAndKeepsWhatWasNotGiven() {
        OfferingView v = db.service.create(gold().compress(true).backupChainSize(3L));
        OfferingView updated = db.service.update(v.offering().uuid(), new OfferingParameters().name("platinum")
                .compressionLibrary("zlib").validate(true));
        BackupOffering read = list(inZone(OfferingVisibility.all())).offerings().get(0).offering();
        assertEquals(updated.offering(), read);
        assertEquals("platinum", read.name());
        assertEquals("daily", read.description());
        assertEquals(CompressionLibrary.ZLIB, read.options().compressionLibrary());
        assertEquals(ValidationStep.defaults(), read.options().validationSteps());
        assertEquals(3, read.options().backupChainSize());
    }

    @Test
    public void refusedUpdateLeavesTheTablesUnchanged() {
        OfferingView v = db.service.create(gold());
        db.service.create(gold().name("silver"));
        String before = db.tableState();
        String id = v.offering().uuid();
        assertThrows(OfferingRuleViolation.class, () -> db.service.update(id, new OfferingParameters().name("silver")));
        assertThrows(OfferingRuleViolation.class, () -> db.service.update(id,
                new OfferingParameters().description("changed").validationSteps(List.of("screenshot"))));
        assertThrows(OfferingNotFound.class, () -> db.service.update(UUID.randomUUID().toString(),
                new OfferingParameters().description("x")));
        assertEquals(before, db.tableState());
    }

    @Test
    public void deleteIsRefusedWhileAVmIsAssignedAndAllowedOnceItIsRemoved() {
        OfferingView v = db.service.create(gold());
        long offeringId = v.offering().id();
        // vm_instance comes with schema V3 (CloudStack's layout); one live VM assigned to the offering.
        long domainId = db.jdbc.queryForObject("SELECT id FROM domain WHERE uuid = ?", Long.class,
                db.domain("d-" + UUID.randomUUID(), "/vmtest/"));
        db.jdbc.update(
                "INSERT INTO account (uuid, name, domain_id, role, created) VALUES (UUID(), 'vm-owner', ?, 'USER', NOW(3))",
                domainId);
        long accountId = db.jdbc.queryForObject("SELECT MAX(id) FROM account", Long.class);
        db.jdbc.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, state,"
                + " backup_offering_id, created) VALUES (UUID(), 'vm', UUID(), ?, ?, ?, 'Running', ?, NOW(3))",
                accountId, domainId, db.zoneId(zone), offeringId);
        String before = db.tableState();
        OfferingInUse e = assertThrows(OfferingInUse.class, () -> db.service.delete(v.offering().uuid()));
        assertTrue(e.getMessage(), e.getMessage().contains("assigned to 1 VM:"));
        assertEquals(before, db.tableState());
        db.jdbc.update("UPDATE vm_instance SET removed = NOW(3) WHERE backup_offering_id = ?", offeringId);
        db.service.delete(v.offering().uuid());
        assertEquals(0, list(inZone(OfferingVisibility.all())).total());
        assertNull(
                db.jdbc.queryForObject("SELECT live_name FROM backup_offering WHERE id = ?", String.class, offeringId));
    }
}
