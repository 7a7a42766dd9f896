package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SchemaUpgradeCliTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TestDatabase db;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Before
    public void createDatabase() throws SQLException {
        db = TestDatabase.create("cli");
    }

    @After
    public void dropDatabase() throws SQLException {
        db.close();
    }

    @Test
    public void statusOfAnEmptyDatabaseListsPendingVersionsAndExitsFive() {
        int code = run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD), "--url", db.jdbcUrl(),
                "--user", TestDatabase.USER, "--status");

        assertEquals(SchemaUpgradeCli.PENDING, code);
        assertTrue(out(), out().contains("current version:      0"));
        assertTrue(out(), out().contains("pending V1 core (V1__core.sql)"));
    }

    @Test
    public void upgradeWithAPasswordFileThenStatusExitsZeroAndNeverPrintsThePassword() throws Exception {
        Path passwordFile = tmp.newFile("pw").toPath();
        Files.writeString(passwordFile, TestDatabase.PASSWORD + "\n");
        String latest = String.valueOf(MigrationScripts.fromClasspath().latestVersion());

        int upgrade = run(Map.of(), "--url", db.jdbcUrl() + "&password=" + TestDatabase.PASSWORD, "--user",
                TestDatabase.USER, "--password-file", passwordFile.toString());
        int status = run(Map.of(), "--url", db.jdbcUrl() + "&password=" + TestDatabase.PASSWORD, "--user",
                TestDatabase.USER, "--password-file", passwordFile.toString(), "--status");

        assertEquals(err(), SchemaUpgradeCli.OK, upgrade);
        assertEquals(SchemaUpgradeCli.OK, status);
        assertTrue(out(), out().contains("upgraded from version 0 to " + latest));
        assertTrue(out(), out().contains("latest known version: " + latest));
        assertTrue(out(), out().contains("password=***"));
        assertFalse(out(), (out() + err()).contains("password=" + TestDatabase.PASSWORD));
    }

    @Test
    public void dryRunSaysWhatItWouldApplyAndCreatesNothing() throws SQLException {
        int code = run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD), "--url", db.jdbcUrl(),
                "--user", TestDatabase.USER, "--dry-run");

        assertEquals(SchemaUpgradeCli.OK, code);
        assertTrue(out(), out().matches("(?s).*would apply V1 core \\(V1__core.sql, [1-9][0-9]* statements\\).*"));
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW TABLES")) {
            assertFalse("dry run created a table", rs.next());
        }
    }

    @Test
    public void aWrongPasswordExitsThreeWithoutPrintingIt() {
        String wrong = "not-the-Pa55word";

        int code = run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, wrong), "--url", db.jdbcUrl(), "--user",
                TestDatabase.USER);

        assertEquals(SchemaUpgradeCli.DATABASE, code);
        assertTrue(err(), err().contains("Access denied"));
        assertFalse(err(), (out() + err()).contains(wrong));
    }

    @Test
    public void aDatabaseRecordingANewerVersionExitsOne() throws SQLException {
        assertEquals(SchemaUpgradeCli.OK, run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD), "--url",
                db.jdbcUrl(), "--user", TestDatabase.USER));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO kboss_schema_version VALUES (999, 'future', REPEAT('a', 64),"
                    + " '2027-01-01 00:00:00.000', 5, TRUE, NULL)");
        }

        int code = run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD), "--url", db.jdbcUrl(), "--user",
                TestDatabase.USER);

        assertEquals(SchemaUpgradeCli.REFUSED, code);
        assertTrue(err(), err().contains("at version 999"));
    }

    @Test
    public void aUrlWithoutADatabaseExitsThreeAndSaysHowToNameOne() {
        int code = run(Map.of(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD), "--url", TestDatabase.serverUrl(),
                "--user", TestDatabase.USER);

        assertEquals(SchemaUpgradeCli.DATABASE, code);
        assertTrue(err(), err().contains("The JDBC URL names no database"));
    }

    @Test
    public void badCommandLinesExitTwoWithUsage() {
        assertEquals(SchemaUpgradeCli.USAGE, run(Map.of(), "--user", "kboss"));
        assertEquals(SchemaUpgradeCli.USAGE, run(Map.of(), "--url", "jdbc:mysql://x/y", "--user", "u", "--bogus"));
        assertEquals(SchemaUpgradeCli.USAGE, run(Map.of(), "--url", "jdbc:mysql://x/y", "--user", "u",
                "--lock-wait", "soon"));
        assertTrue(err(), err().contains("usage: kboss-db-upgrade"));
        assertTrue(err(), err().contains("--lock-wait takes a whole number of seconds"));
    }

    @Test
    public void passwordsInsideJdbcUrlsAreMasked() {
        assertEquals("jdbc:mysql://kboss:***@db:3306/kboss?password=***&useSSL=false",
                SchemaUpgradeCli.maskPassword("jdbc:mysql://kboss:s3cret@db:3306/kboss?password=s3cret&useSSL=false"));
    }

    private int run(Map<String, String> env, String... args) {
        return SchemaUpgradeCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
