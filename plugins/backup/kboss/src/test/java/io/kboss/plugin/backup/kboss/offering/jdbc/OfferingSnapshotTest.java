package io.kboss.plugin.backup.kboss.offering.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;
import io.kboss.plugin.backup.kboss.domain.offering.KbossOfferingOptions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/** Filtering and paging of the in-memory offerings, as the SQL filters under a _ci collation did. */
public class OfferingSnapshotTest {
    private static OfferingSnapshot.Entry entry(long id, String name, String description, String zone,
            String domainPath) {
        BackupOffering o = new BackupOffering(id, "uuid-" + id, name, description, 1, "kboss", "uuid-" + id, true,
                domainPath == null ? null : id, Instant.EPOCH.plusSeconds(id), KbossOfferingOptions.plain());
        return new OfferingSnapshot.Entry(new OfferingView(o, zone, "zone " + zone, null, null), domainPath);
    }

    private static final OfferingSnapshot SNAPSHOT = new OfferingSnapshot(7, List.of(
            entry(1, "Gold", "nightly full", "z1", null),
            entry(2, "silver", "100% of disks", "z1", "/sales/"),
            entry(3, "bronze_x", "hourly", "z2", "/sales/emea/"),
            entry(4, "gold ", "other zone", "z2", "/ops/")));

    private static List<String> names(OfferingQuery q) {
        return SNAPSHOT.page(q).offerings().stream().map(v -> v.offering().name()).collect(Collectors.toList());
    }

    private static OfferingQuery query(String zone, String name, String like, OfferingVisibility v) {
        return new OfferingQuery(null, zone, name, like, v, 0, 100);
    }

    @Test
    public void nameMatchesIgnoringCaseAndTrailingSpacesAsTheCollationDid() {
        assertEquals(List.of("Gold", "gold "), names(query(null, "GOLD", null, OfferingVisibility.all())));
        assertEquals(List.of("gold "), names(query("z2", "gold", null, OfferingVisibility.all())));
    }

    @Test
    public void keywordIsALikePatternWhoseEscapedWildcardsAreLiteral() {
        assertEquals(List.of("Gold"), names(query(null, null, "%NIGHT%", OfferingVisibility.all())));
        assertEquals(List.of("silver"), names(query(null, null, "%100\\%%", OfferingVisibility.all())));
        assertEquals(List.of("bronze_x"), names(query(null, null, "%e\\_x%", OfferingVisibility.all())));
        assertEquals(List.of(), names(query(null, null, "%e\\_z%", OfferingVisibility.all())));
    }

    @Test
    public void likePatternUnderscoreIsOneCharacterAndPercentAnyRun() {
        assertTrue(LikePattern.of("g_ld").matches("GOLD"));
        assertFalse(LikePattern.of("g_ld").matches("gld"));
        assertTrue(LikePattern.of("%a.b%").matches("xa.by"));
        assertFalse(LikePattern.of("%a.b%").matches("xazby"));
    }

    @Test
    public void membersSeePublicAndAncestorDomainsAdminsAlsoTheirSubdomains() {
        assertEquals(List.of("Gold", "silver", "bronze_x"), names(query(null, null, null,
                OfferingVisibility.domainMember("/sales/emea/"))));
        assertEquals(List.of("Gold", "silver"),
                names(query(null, null, null, OfferingVisibility.domainMember("/sales/"))));
        assertEquals(List.of("Gold", "silver", "bronze_x"), names(query(null, null, null,
                OfferingVisibility.domainAdmin("/sales/"))));
        assertEquals(List.of("Gold"), names(query(null, null, null, OfferingVisibility.domainMember("/salesx/"))));
    }

    @Test
    public void countIsTakenBeforePagingAndPagesFollowListingOrder() {
        OfferingPage page = SNAPSHOT.page(new OfferingQuery(null, null, null, null, OfferingVisibility.all(), 1, 2));
        assertEquals(4, page.total());
        assertEquals(List.of("silver", "bronze_x"),
                page.offerings().stream().map(v -> v.offering().name()).collect(Collectors.toList()));
    }

    @Test
    public void anUnfilteredPageBeyondTheEndIsEmptyAndStillCountsEveryOffering() {
        OfferingPage beyond = SNAPSHOT.page(new OfferingQuery(null, null, null, null, OfferingVisibility.all(), 10, 2));
        assertEquals(4, beyond.total());
        assertEquals(List.of(), beyond.offerings());
        OfferingPage last = SNAPSHOT.page(new OfferingQuery(null, null, null, null, OfferingVisibility.all(), 3, 5));
        assertEquals(List.of("gold "),
                last.offerings().stream().map(v -> v.offering().name()).collect(Collectors.toList()));
    }
}
