package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two management servers starting at once: two real JVMs upgrading one empty database. */
public class ConcurrentUpgradeTest {
    private static final long PROCESS_TIMEOUT_SECONDS = 120;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TestDatabase db;
    private final List<Process> started = new ArrayList<>();

    @Before
    public void createDatabase() throws SQLException {
        db = TestDatabase.create("concurrent");
    }

    @After
    public void stopProcessesAndDropDatabase() throws SQLException {
        started.forEach(Process::destroyForcibly);
        db.close();
    }

    @Test
    public void twoProcessesUpgradingOneEmptyDatabaseApplyEveryVersionExactlyOnce() throws Exception {
        // Hold the upgrade lock until both processes are blocked on it, so that they really contend
        // instead of one finishing before the other has started its JVM.
        try (Connection holder = db.connect()) {
            query(holder, "SELECT GET_LOCK('" + SchemaLock.lockName(db.name()) + "', 0)");
            started.add(start("first"));
            started.add(start("second"));
            awaitWaitersOnLock(holder, 2);
            query(holder, "SELECT RELEASE_LOCK('" + SchemaLock.lockName(db.name()) + "')");
        }
        Process first = started.get(0);
        Process second = started.get(1);

        int firstCode = finish(first, "first");
        int secondCode = finish(second, "second");

        String firstOut = Files.readString(tmp.getRoot().toPath().resolve("first.out"));
        String secondOut = Files.readString(tmp.getRoot().toPath().resolve("second.out"));
        assertEquals(firstOut + output("first"), 0, firstCode);
        assertEquals(secondOut + output("second"), 0, secondCode);
        int latest = MigrationScripts.fromClasspath().latestVersion();
        List<String> rows = versionRows();
        assertEquals(MigrationScripts.fromClasspath().all().size(), rows.size());
        rows.forEach(r -> assertTrue(r, r.endsWith("|true")));
        // Exactly one of them did the work; the other waited for the lock and found nothing to do.
        int upgraded = (firstOut.contains("upgraded from version 0 to " + latest) ? 1 : 0)
                + (secondOut.contains("upgraded from version 0 to " + latest) ? 1 : 0);
        int upToDate = (firstOut.contains("is up to date at version " + latest) ? 1 : 0)
                + (secondOut.contains("is up to date at version " + latest) ? 1 : 0);
        assertEquals(firstOut + secondOut, 1, upgraded);
        assertEquals(firstOut + secondOut, 1, upToDate);
    }

    private Process start(String name) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire runs tests from a manifest-only jar; its real class path is in this property.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", classpath, SchemaUpgradeCli.class.getName(),
                "--url", db.jdbcUrl(), "--user", TestDatabase.USER, "--lock-wait", "60");
        pb.environment().put(SchemaUpgradeCli.PASSWORD_ENV, TestDatabase.PASSWORD);
        pb.redirectOutput(tmp.getRoot().toPath().resolve(name + ".out").toFile());
        pb.redirectError(tmp.getRoot().toPath().resolve(name + ".err").toFile());
        return pb.start();
    }

    private void awaitWaitersOnLock(Connection holder, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_SECONDS);
        String sql = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND INFO LIKE 'SELECT GET_LOCK(%" + SchemaLock.lockName(db.name()) + "%'";
        int waiting = 0;
        while (System.nanoTime() < deadline) {
            waiting = Integer.parseInt(query(holder, sql));
            if (waiting >= expected) {
                return;
            }
            for (Process p : started) {
                if (!p.isAlive()) {
                    throw new AssertionError("an upgrader exited (code " + p.exitValue() + ") while the lock was held: "
                            + output("first") + output("second"));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + waiting + " upgrader(s) reached GET_LOCK within " + PROCESS_TIMEOUT_SECONDS
                + " s" + output("first") + output("second"));
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int finish(Process p, String name) throws Exception {
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("upgrader process '" + name + "' still running after " + PROCESS_TIMEOUT_SECONDS
                    + " s: " + output(name));
        }
        return p.exitValue();
    }

    private String output(String name) throws IOException {
        File errFile = tmp.getRoot().toPath().resolve(name + ".err").toFile();
        return "\n--- " + name + " stderr ---\n" + Files.readString(errFile.toPath(), StandardCharsets.UTF_8);
    }

    private List<String> versionRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, success FROM kboss_schema_version ORDER BY version")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getBoolean(2));
            }
        }
        return rows;
    }
}
