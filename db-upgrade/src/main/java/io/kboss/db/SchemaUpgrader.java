package io.kboss.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a KBOSS database up to the newest schema this build knows.
 *
 * <p>Scripts are {@code db/migration/V<n>__<description>.sql} on the classpath (see
 * {@link MigrationScripts}) and run in ascending {@code n}. Each run is recorded in
 * {@code kboss_schema_version} (version, description, checksum, applied_at UTC, execution_ms,
 * success, error). Typical use, at server start:
 *
 * <pre>{@code
 * UpgradeResult r = new SchemaUpgrader(dataSource, clock).upgrade();
 * }</pre>
 *
 * <p>Contract of {@link #upgrade()}:
 * <ul>
 *   <li>Concurrent upgrades of one database (several servers starting at once) are serialized with
 *       the server lock {@code GET_LOCK('kboss_schema_upgrade.<database>')}; the others wait at most
 *       the lock wait (default {@link #DEFAULT_LOCK_WAIT}), then find nothing left to do. A wait that
 *       runs out fails with {@link SchemaUpgradeException.Kind#LOCK_NOT_OBTAINED}.</li>
 *   <li>It refuses, changing nothing, when the database records a version newer than any script
 *       ({@code NEWER_SCHEMA}), when an applied script's checksum changed, a recorded script is
 *       missing or a script would apply out of order ({@code VALIDATION}), when an earlier run failed
 *       and was not repaired ({@code SCRIPT_FAILED}), and when the database holds tables but no
 *       {@code kboss_schema_version} (not a KBOSS database).</li>
 *   <li>MySQL commits every DDL statement at once, so a script cannot be rolled back. When a
 *       statement fails, the script is recorded as failed and the error names the script, the
 *       statement and its line, and how to repair. Later runs refuse until it is repaired. A process killed inside a
 *       script leaves no row: the next run starts that script again and, if an earlier statement had
 *       already taken effect, fails on it with the same repair advice.</li>
 *   <li>All statements run on one connection with auto-commit on; the data source must point at the
 *       KBOSS database (the JDBC URL names it).</li>
 * </ul>
 *
 * <p>{@link #status()} reports the same checks without taking the lock or changing anything.
 * Instances are immutable and may be reused; they hold no connection between calls.
 */
public final class SchemaUpgrader {
    /** How long a start waits for another process's upgrade before giving up. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(SchemaUpgrader.class);
    private static final int STATEMENT_IN_ERROR_MAX = 400;

    private final DataSource dataSource;
    private final Clock clock;
    private final MigrationScripts scripts;
    private final Duration lockWait;

    /** Upgrades with the scripts under {@code db/migration} and the default lock wait. */
    public SchemaUpgrader(DataSource dataSource, Clock clock) {
        this(dataSource, clock, MigrationScripts.fromClasspath(), DEFAULT_LOCK_WAIT);
    }

    public SchemaUpgrader(DataSource dataSource, Clock clock, MigrationScripts scripts, Duration lockWait) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
    }

    /** An upgrader on plain connections from a JDBC URL that names the database. */
    public static SchemaUpgrader forUrl(String jdbcUrl, String user, String password, Clock clock) {
        return new SchemaUpgrader(new UrlDataSource(jdbcUrl, user, password), clock);
    }

    /** The scripts this upgrader knows. */
    public MigrationScripts scripts() {
        return scripts;
    }

    /**
     * Applies every pending script, in order, holding the upgrade lock.
     *
     * @throws SchemaUpgradeException when refused or failed; the message says what to do
     */
    public UpgradeResult upgrade() {
        Instant start = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String database = currentDatabase(c);
            try (SchemaLock lock = SchemaLock.acquire(c, database, lockWait)) {
                return upgradeLocked(c, database, start);
            }
        } catch (SQLException e) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.DATABASE,
                    "Schema upgrade could not talk to the database: " + e.getMessage() + " (SQLState "
                            + e.getSQLState() + "). Check that the database server is running and the URL, user "
                            + "and password are right.",
                    e);
        }
    }

    /** Reports the schema's state and what an upgrade would do, changing nothing. */
    public SchemaStatus status() {
        try (Connection c = dataSource.getConnection()) {
            String database = currentDatabase(c);
            List<AppliedVersion> applied = SchemaVersionTable.read(c);
            UpgradePlan plan = UpgradePlan.of(scripts, applied);
            List<String> problems = new ArrayList<>();
            if (applied.isEmpty() && !SchemaVersionTable.exists(c)) {
                List<String> others = SchemaVersionTable.otherTables(c);
                if (!others.isEmpty()) {
                    problems.add(notKboss(database, others).getMessage());
                }
            }
            plan.problems().forEach(p -> problems.add(p.getMessage()));
            int current = applied.stream().filter(AppliedVersion::success).mapToInt(AppliedVersion::version).max()
                    .orElse(0);
            return new SchemaStatus(database, current, scripts.latestVersion(), applied, plan.pending(), problems);
        } catch (SQLException e) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.DATABASE,
                    "Could not read the schema status: " + e.getMessage() + " (SQLState " + e.getSQLState()
                            + "). Check that the database server is running and the URL, user and password are right.",
                    e);
        }
    }

    private UpgradeResult upgradeLocked(Connection c, String database, Instant start) throws SQLException {
        if (!SchemaVersionTable.exists(c)) {
            List<String> others = SchemaVersionTable.otherTables(c);
            if (!others.isEmpty()) {
                throw notKboss(database, others);
            }
            SchemaVersionTable.create(c);
        }
        List<AppliedVersion> applied = SchemaVersionTable.read(c);
        UpgradePlan plan = UpgradePlan.of(scripts, applied);
        plan.requireRunnable();
        int from = applied.stream().mapToInt(AppliedVersion::version).max().orElse(0);
        // Split everything first: a malformed later script must stop the upgrade before it starts.
        List<List<StatementSplitter.Statement>> split = new ArrayList<>();
        for (Migration m : plan.pending()) {
            split.add(StatementSplitter.split(m.scriptName(), m.sql()));
        }
        List<UpgradeResult.Step> steps = new ArrayList<>();
        for (int i = 0; i < plan.pending().size(); i++) {
            Migration m = plan.pending().get(i);
            LOG.info("Applying schema {} to database '{}'", m, database);
            steps.add(apply(c, m, split.get(i)));
        }
        int to = steps.isEmpty() ? from : steps.get(steps.size() - 1).version();
        UpgradeResult result = new UpgradeResult(database, from, to, steps, Duration.between(start, clock.instant()));
        LOG.info("{}", result);
        return result;
    }

    private UpgradeResult.Step apply(Connection c, Migration m, List<StatementSplitter.Statement> statements)
            throws SQLException {
        Instant begin = clock.instant();
        for (int k = 0; k < statements.size(); k++) {
            StatementSplitter.Statement st = statements.get(k);
            try (Statement s = c.createStatement()) {
                s.execute(st.sql());
            } catch (SQLException e) {
                String error = m.scriptName() + " statement " + (k + 1) + " of " + statements.size() + " (line "
                        + st.line() + ") failed: " + e.getMessage() + " [SQLState " + e.getSQLState() + ", error "
                        + e.getErrorCode() + "]. Statement: " + abbreviate(st.sql()) + ".";
                SchemaVersionTable.record(c, m, begin, Duration.between(begin, clock.instant()).toMillis(), error);
                throw new SchemaUpgradeException(SchemaUpgradeException.Kind.SCRIPT_FAILED, error
                        + (k == 0
                                ? " No earlier statement of this script ran."
                                : " Statements 1-" + k
                                        + " of this script were applied and stay applied (MySQL commits DDL at once).")
                        + " Version " + m.version() + " is recorded as failed. To recover: undo what ran (or restore "
                        + "a backup), fix the script, run DELETE FROM " + SchemaVersionTable.NAME + " WHERE version = "
                        + m.version() + ", and upgrade again.", e);
            }
        }
        long ms = Duration.between(begin, clock.instant()).toMillis();
        SchemaVersionTable.record(c, m, begin, ms, null);
        LOG.info("Applied schema {} ({} statements) in {} ms", m, statements.size(), ms);
        return new UpgradeResult.Step(m.version(), m.description(), statements.size(), ms);
    }

    private static SchemaUpgradeException notKboss(String database, List<String> tables) {
        String shown = String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                + (tables.size() > 5 ? ", …" : "");
        return new SchemaUpgradeException(SchemaUpgradeException.Kind.VALIDATION,
                "Database '" + database + "' has " + tables.size() + " tables (" + shown + ") but no "
                        + SchemaVersionTable.NAME + ", so it is not a KBOSS database this upgrader created. Point "
                        + "the JDBC URL at an empty database or at the KBOSS one. Nothing was changed.");
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            String name = rs.getString(1);
            if (name == null) {
                throw new SchemaUpgradeException(SchemaUpgradeException.Kind.DATABASE,
                        "The JDBC URL names no database; add it, e.g. jdbc:mysql://host:3306/kboss "
                                + "(with ?createDatabaseIfNotExist=true to create it on first start).");
            }
            return name;
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= STATEMENT_IN_ERROR_MAX
                ? oneLine
                : oneLine.substring(0, STATEMENT_IN_ERROR_MAX) + "…";
    }
}
