package io.kboss.plugin.backup.kboss.offering;

import static org.junit.Assert.assertEquals;

import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingPage;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingQuery;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingVisibility;
import io.kboss.server.inventory.InventoryRepository;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * listBackupOfferings from memory on real MariaDB, with two management servers (two services,
 * each with its own memory) on one database: what one changes the other lists on its next call.
 */
public class LiveOfferingsTest {
    private static OfferingDatabase db;
    private static BackupOfferingService otherServer;
    private String zone;

    @BeforeClass
    public static void migrate() throws Exception {
        db = new OfferingDatabase("live_offerings");
        otherServer = db.anotherServer();
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void freshZone() {
        zone = db.zone("z-" + UUID.randomUUID());
    }

    private OfferingParameters offering(String name) {
        return new OfferingParameters().name(name).description("daily").zoneUuid(zone).allowUserDrivenBackups(true);
    }

    private OfferingPage listOn(BackupOfferingService server, long offset, int limit) {
        return server.list(new OfferingQuery(null, zone, null, null, OfferingVisibility.all(), offset, limit));
    }

    private static List<String> names(OfferingPage page) {
        return page.offerings().stream().map(v -> v.offering().name()).collect(Collectors.toList());
    }

    @Test
    public void createsUpdatesAndDeletesOnOneServerAreListedByAnotherOnItsNextCall() {
        assertEquals(0, listOn(otherServer, 0, 10).total());
        OfferingView a = db.service.create(offering("alpha"));
        db.service.create(offering("beta").compress(true));
        OfferingPage afterCreates = listOn(otherServer, 0, 10);
        assertEquals(List.of("alpha", "beta"), names(afterCreates));
        assertEquals(2, afterCreates.total());
        assertEquals(true, afterCreates.offerings().get(1).offering().options().compress());

        db.service.update(a.offering().uuid(), new OfferingParameters().name("alpha-2").backupChainSize(9L));
        OfferingView updated = listOn(otherServer, 0, 10).offerings().get(0);
        assertEquals("alpha-2", updated.offering().name());
        assertEquals(9, updated.offering().options().backupChainSize());

        db.service.delete(a.offering().uuid());
        assertEquals(List.of("beta"), names(listOn(otherServer, 0, 10)));
        assertEquals(1, listOn(db.service, 0, 10).total());
    }

    @Test
    public void countIsTheNumberOfMatchingOfferingsOnEveryPage() {
        for (String n : List.of("o1", "o2", "o3", "o4", "o5")) {
            db.service.create(offering(n));
        }
        assertEquals(List.of("o1", "o2"), names(listOn(otherServer, 0, 2)));
        assertEquals(List.of("o3", "o4"), names(listOn(otherServer, 2, 2)));
        OfferingPage last = listOn(otherServer, 4, 2);
        assertEquals(List.of("o5"), names(last));
        assertEquals(5, last.total());
        OfferingPage beyond = listOn(otherServer, 10, 2);
        assertEquals(List.of(), names(beyond));
        assertEquals(5, beyond.total());
    }

    @Test
    public void aDeletedZoneShowsItsNewNameInTheListAtOnce() {
        db.service.create(offering("in-doomed-zone"));
        assertEquals(zoneName(), listOn(otherServer, 0, 10).offerings().get(0).zoneName());
        new InventoryRepository(db.jdbc, Clock.systemUTC()).removeZone(db.zoneId(zone));
        String listed = listOn(otherServer, 0, 10).offerings().get(0).zoneName();
        assertEquals(zoneName(), listed);
        assertEquals(true, listed.contains("-removed-"));
    }

    @Test
    public void listsComeFromMemoryUntilTheVersionMoves() {
        OfferingView v = db.service.create(offering("kept"));
        assertEquals(List.of("kept"), names(listOn(otherServer, 0, 10)));
        // A write that bypasses the repository (and so the version) is not seen: the list is the
        // server's memory, not a query; the next version move brings it in.
        db.jdbc.update("UPDATE backup_offering SET name = 'changed-behind' WHERE uuid = ?", v.offering().uuid());
        assertEquals(List.of("kept"), names(listOn(otherServer, 0, 10)));
        db.jdbc.update("UPDATE backup_offering_version SET version = version + 1 WHERE id = 1");
        assertEquals(List.of("changed-behind"), names(listOn(otherServer, 0, 10)));
    }

    private String zoneName() {
        return db.jdbc.queryForObject("SELECT name FROM zone WHERE uuid = ?", String.class, zone);
    }
}
