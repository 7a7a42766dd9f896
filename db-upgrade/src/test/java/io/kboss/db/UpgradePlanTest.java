package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class UpgradePlanTest {
    private static final Migration V1 = Migration.of("V1__one.sql", "test", "SELECT 1;");
    private static final Migration V2 = Migration.of("V2__two.sql", "test", "SELECT 2;");
    private static final Migration V3 = Migration.of("V3__three.sql", "test", "SELECT 3;");

    @Test
    public void pendingAreTheUnappliedScriptsInOrder() {
        UpgradePlan plan = UpgradePlan.of(MigrationScripts.of(List.of(V3, V1, V2)), List.of(applied(V1)));

        assertEquals(List.of(V2, V3), plan.pending());
        assertTrue(plan.problems().isEmpty());
    }

    @Test
    public void aScriptNumberedBelowTheAppliedVersionIsRefusedAsOutOfOrder() {
        UpgradePlan plan = UpgradePlan.of(MigrationScripts.of(List.of(V1, V2, V3)), List.of(applied(V1), applied(V3)));

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, plan::requireRunnable);
        assertEquals(SchemaUpgradeException.Kind.VALIDATION, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("V2__two.sql was never applied"));
        assertTrue(e.getMessage(), e.getMessage().contains("Renumber it to V4"));
    }

    @Test
    public void anAppliedVersionWhoseScriptDisappearedIsRefused() {
        UpgradePlan plan = UpgradePlan.of(MigrationScripts.of(List.of(V1, V3)),
                List.of(applied(V1), applied(V2), applied(V3)));

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, plan::requireRunnable);
        assertTrue(e.getMessage(), e.getMessage().contains("no script V2__*.sql"));
    }

    @Test
    public void everyProblemIsReportedNotJustTheFirst() {
        AppliedVersion failed = new AppliedVersion(2, "two", V2.checksum(), Instant.EPOCH, 3, false, "boom.");
        AppliedVersion future = new AppliedVersion(9, "nine", V1.checksum(), Instant.EPOCH, 3, true, null);
        UpgradePlan plan = UpgradePlan.of(MigrationScripts.of(List.of(V1, V2)), List.of(applied(V1), failed, future));

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, plan::requireRunnable);
        assertEquals(SchemaUpgradeException.Kind.SCRIPT_FAILED, e.kind());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage(), e.getSuppressed()[0].getMessage().contains("at version 9"));
    }

    private static AppliedVersion applied(Migration m) {
        return new AppliedVersion(m.version(), m.description(), m.checksum(), Instant.EPOCH, 1, true, null);
    }
}
