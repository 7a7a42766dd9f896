package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Every way an upgrade must stop, on the real MariaDB, and what it leaves behind. */
public class UpgradeRefusalTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.089Z"), ZoneOffset.UTC);
    private TestDatabase db;

    @Before
    public void createDatabase() throws SQLException {
        db = TestDatabase.create("refusal");
    }

    @After
    public void dropDatabase() throws SQLException {
        db.close();
    }

    @Test
    public void databaseRecordingANewerVersionIsRefusedAndLeftUntouched() throws SQLException {
        SchemaUpgrader current = SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, clock);
        current.upgrade();
        int newer = current.scripts().latestVersion() + 1;
        // What a later KBOSS release would have left: its own table and its version row.
        execute("CREATE TABLE from_the_future (id INT)");
        execute("INSERT INTO kboss_schema_version VALUES (" + newer + ", 'future', REPEAT('a', 64),"
                + " '2027-01-01 00:00:00.000', 5, TRUE, NULL)");
        String before = snapshot();

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, current::upgrade);

        assertEquals(SchemaUpgradeException.Kind.NEWER_SCHEMA, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("at version " + newer));
        assertTrue(e.getMessage(), e.getMessage().contains("up to " + current.scripts().latestVersion()));
        assertEquals(before, snapshot());
        assertFalse(current.status().problems().isEmpty());
    }

    @Test
    public void anAppliedScriptWhoseTextChangedIsRefusedBeforeAnythingRuns() throws SQLException {
        upgrader(Migration.of("V1__first.sql", "test", "CREATE TABLE a (id INT);")).upgrade();
        String before = snapshot();

        SchemaUpgrader edited = upgrader(
                Migration.of("V1__first.sql", "test", "CREATE TABLE a (id BIGINT);"),
                Migration.of("V2__second.sql", "test", "CREATE TABLE b (id INT);"));
        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, edited::upgrade);

        assertEquals(SchemaUpgradeException.Kind.VALIDATION, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("V1__first.sql was changed after it was applied"));
        assertEquals(before, snapshot());
    }

    @Test
    public void aFailingStatementIsRecordedAndNamedAndTheDocumentedRepairWorks() throws SQLException {
        Migration broken = Migration.of("V2__broken.sql", "test", String.join("\n",
                "CREATE TABLE b (id INT);",
                "-- the next statement refers to a table that does not exist",
                "INSERT INTO no_such_table VALUES (1);",
                "CREATE TABLE c (id INT);"));
        SchemaUpgrader upgrader = upgrader(Migration.of("V1__first.sql", "test", "CREATE TABLE a (id INT);"), broken);

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, upgrader::upgrade);

        assertEquals(SchemaUpgradeException.Kind.SCRIPT_FAILED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("V2__broken.sql statement 2 of 3 (line 3) failed"));
        assertTrue(e.getMessage(), e.getMessage().contains("INSERT INTO no_such_table VALUES (1)"));
        assertTrue(e.getMessage(), e.getMessage().contains("Statements 1-1 of this script were applied"));
        assertTrue(e.getMessage(), e.getMessage().contains("WHERE version = 2"));
        List<AppliedVersion> rows = upgrader.status().applied();
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).success());
        assertFalse(rows.get(1).success());
        assertTrue(rows.get(1).error(), rows.get(1).error().contains("no_such_table"));
        assertTrue(tables().contains("b"));
        assertFalse(tables().contains("c"));

        SchemaUpgradeException again = assertThrows(SchemaUpgradeException.class, upgrader::upgrade);
        assertEquals(SchemaUpgradeException.Kind.SCRIPT_FAILED, again.kind());
        assertTrue(again.getMessage(), again.getMessage().contains("failed on"));

        // The repair the message describes: undo, fix the script, delete the row, upgrade again.
        execute("DROP TABLE b");
        execute("DELETE FROM kboss_schema_version WHERE version = 2");
        UpgradeResult repaired = upgrader(Migration.of("V1__first.sql", "test", "CREATE TABLE a (id INT);"),
                Migration.of("V2__broken.sql", "test", "CREATE TABLE b (id INT);\nCREATE TABLE c (id INT);"))
                .upgrade();
        assertEquals(List.of(2), repaired.applied().stream().map(UpgradeResult.Step::version).toList());
        assertTrue(tables().containsAll(List.of("a", "b", "c")));
    }

    @Test
    public void aDatabaseWithOtherTablesButNoVersionTableIsRefusedAndLeftAlone() throws SQLException {
        execute("CREATE TABLE somebody_elses (id INT)");

        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class,
                () -> upgrader(Migration.of("V1__first.sql", "test", "CREATE TABLE a (id INT);")).upgrade());

        assertEquals(SchemaUpgradeException.Kind.VALIDATION, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("somebody_elses"));
        assertEquals(List.of("somebody_elses"), tables());
    }

    @Test
    public void anUpgradeWaitingTooLongForAnotherUpgradersLockGivesUpNamingTheLock() throws SQLException {
        String lock = SchemaLock.lockName(db.name());
        try (Connection other = db.connect(); PreparedStatement ps = other.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, lock);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            SchemaUpgrader upgrader = new SchemaUpgrader(new UrlDataSource(db.jdbcUrl(), TestDatabase.USER,
                    TestDatabase.PASSWORD), Clock.systemUTC(),
                    MigrationScripts.of(List.of(
                            Migration.of("V1__first.sql", "test", "CREATE TABLE a (id INT);"))),
                    Duration.ofSeconds(1));

            SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, upgrader::upgrade);

            assertEquals(SchemaUpgradeException.Kind.LOCK_NOT_OBTAINED, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains(lock));
            assertTrue(e.getMessage(), e.getMessage().contains("within 1 s"));
            assertEquals(List.of(), tables());
        }
    }

    private SchemaUpgrader upgrader(Migration... scripts) {
        return new SchemaUpgrader(new UrlDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD), clock,
                MigrationScripts.of(List.of(scripts)), Duration.ofSeconds(10));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        names.remove("kboss_schema_version");
        return names;
    }

    /** Table definitions and version rows: what "left untouched" has to preserve. */
    private String snapshot() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> all = new ArrayList<>(tables());
            all.add("kboss_schema_version");
            for (String t : all) {
                try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + t + "`")) {
                    rs.next();
                    out.append(rs.getString(2)).append('\n');
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM kboss_schema_version ORDER BY version")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        out.append(rs.getString(i)).append('|');
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
