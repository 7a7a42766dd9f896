package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SchemaUpgraderTest {
    private static final Set<String> CORE_TABLES = Set.of("domain", "account", "user", "user_session", "zone",
            "cluster", "image_store", "configuration_value", "async_job", "mshost", "kboss_schema_version");

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    private TestDatabase db;

    @Before
    public void createDatabase() throws SQLException {
        db = TestDatabase.create("upgrader");
    }

    @After
    public void dropDatabase() throws SQLException {
        db.close();
    }

    @Test
    public void upgradeFromEmptyCreatesEveryCoreTableAndRecordsEachVersion() throws SQLException {
        SchemaUpgrader upgrader = SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, clock);

        UpgradeResult result = upgrader.upgrade();

        Set<String> tables = tables();
        assertTrue("missing tables: " + tables, tables.containsAll(CORE_TABLES));
        assertEquals(0, result.fromVersion());
        assertEquals(upgrader.scripts().latestVersion(), result.toVersion());
        assertEquals(upgrader.scripts().all().size(), result.applied().size());
        List<AppliedVersion> rows = upgrader.status().applied();
        assertEquals(upgrader.scripts().all().size(), rows.size());
        for (AppliedVersion row : rows) {
            assertTrue(row.success());
            assertEquals(clock.instant(), row.appliedAt());
            assertEquals(64, row.checksum().length());
        }
    }

    @Test
    public void secondUpgradeChangesNothing() throws SQLException {
        SchemaUpgrader upgrader = SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, clock);
        upgrader.upgrade();
        List<AppliedVersion> before = upgrader.status().applied();

        UpgradeResult again = upgrader.upgrade();

        assertTrue(again.wasUpToDate());
        assertEquals(again.fromVersion(), again.toVersion());
        assertEquals(before, upgrader.status().applied());
        assertTrue(upgrader.status().isUpToDate());
        assertFalse(upgrader.status().applied().isEmpty());
    }

    private Set<String> tables() throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
