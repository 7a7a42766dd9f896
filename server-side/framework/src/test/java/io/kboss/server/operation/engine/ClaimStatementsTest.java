package io.kboss.server.operation.engine;

import static org.junit.Assert.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.alert.Alerts;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.config.DatabasePool;
import io.kboss.server.event.log.JdbcEventLog;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.settings.SettingValueRepository;
import io.kboss.server.settings.Settings;
import io.kboss.test.support.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one claim costs the database, counted by MariaDB itself (its {@code Questions} counter: every
 * statement a client sent, so every round trip but pings): the claim holds its limit group's lock until
 * it commits, and on a loaded machine each round trip under it costs milliseconds, so their number is
 * what bounds how fast servers claim together. A claim of sixteen operations, with a Started event and a
 * webhook delivery for each, must cost what a claim of one does. Nothing else uses the database while it
 * counts (one connection, no background loops), and each size is claimed once before it is counted, so
 * statements prepared for the first time do not count.
 */
public class ClaimStatementsTest {
    private static final long SERVER = 3;

    private TestDatabase db;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private OperationClaims claims;
    private long zone;
    private long host;
    private long account;
    private long user;
    private int vms;

    @Before
    public void queueOnRealMariaDb() throws Exception {
        db = TestDatabase.create("claim_statements");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, java.time.Clock.systemUTC())
                .upgrade();
        // One connection: every statement of a claim goes down the same one, and its prepared statements stay.
        pool = DatabasePool.open(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, "claim-statements", 1);
        jdbc = new JdbcTemplate(pool);
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        String at = "'2029-12-31 00:00:00.000'";
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z', " + at + ")");
        zone = jdbc.queryForObject("SELECT id FROM zone", Long.class);
        jdbc.update("INSERT INTO cluster (uuid, name, zone_id) VALUES (UUID(), 'c', ?)", zone);
        long cluster = jdbc.queryForObject("SELECT id FROM cluster", Long.class);
        jdbc.update("INSERT INTO host (uuid, name, zone_id, cluster_id, url, address, port, status, missed_pings,"
                + " status_changed, channel_key_sealed, created) VALUES (UUID(), 'h', ?, ?, 'http://127.0.0.1:1',"
                + " '127.0.0.1', 1, 'Up', 0, " + at + ", x'00', " + at + ")", zone, cluster);
        host = jdbc.queryForObject("SELECT id FROM host", Long.class);
        jdbc.update("INSERT INTO domain (uuid, name, path, created) VALUES (UUID(), 'ROOT', '/', " + at + ")");
        long domain = jdbc.queryForObject("SELECT id FROM domain", Long.class);
        jdbc.update("INSERT INTO account (uuid, name, domain_id, role, created) VALUES (UUID(), 'alice', ?, 'USER', "
                + at + ")", domain);
        account = jdbc.queryForObject("SELECT id FROM account", Long.class);
        jdbc.update("INSERT INTO `user` (uuid, account_id, username, created) VALUES (UUID(), ?, 'alice', " + at
                + ")", account);
        user = jdbc.queryForObject("SELECT id FROM `user`", Long.class);
        // A webhook that takes every event: each Started event queues a delivery in the claim's transaction.
        jdbc.update("INSERT INTO webhook (uuid, name, payload_url, state, scope, account_id, domain_id, created)"
                + " VALUES (UUID(), 'all', 'http://127.0.0.1:1/hook', 'Enabled', 'Global', ?, ?, " + at + ")",
                account, domain);

        // Limits high enough that every claim here admits all it reads, but limits: the claim reads them.
        for (String limit : List.of("backup.max.concurrent.operations", "backup.max.concurrent.operations.per.host")) {
            jdbc.update(
                    "INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES (?, 'GLOBAL', 0,"
                            + " '1000', " + at + ")",
                    limit);
        }

        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        OperationKinds kinds = new OperationKinds(() -> List.of(new NeverRun(BackupOperations.BACKUP)));
        OperationRows rows = new OperationRows(jdbc);
        rows.ensureGroup(BackupOperations.LIMITS.name());
        OperationEvents events = new OperationEvents(new JdbcEventLog(jdbc, tx, clock), new Alerts(jdbc, clock), kinds,
                jdbc);
        claims = new OperationClaims(rows, kinds, new Settings(new SettingValueRepository(jdbc, clock)), tx, clock,
                events);
    }

    @After
    public void dropDatabase() throws Exception {
        pool.close();
        db.close();
    }

    @Test
    public void aClaimOfSixteenOperationsCostsTheStatementsOfAClaimOfOne() {
        long one = statementsOfAWarmClaim(1);
        long sixteen = statementsOfAWarmClaim(16);
        System.out.printf("Statements (round trips) per claim transaction: %d for 1 operation, %d for 16%n", one,
                sixteen);
        assertEquals("statements of a claim of 16 operations against a claim of one", one, sixteen);
        assertEquals("every claimed operation has its Started event", (long) vms, count("SELECT COUNT(*) FROM event"
                + " WHERE state = 'Started' AND type = 'BACKUP.CREATE' AND user_id = " + user));
        assertEquals("and its webhook delivery", (long) vms, count("SELECT COUNT(*) FROM webhook_delivery d JOIN event"
                + " e ON e.id = d.event_id WHERE e.state = 'Started' AND d.payload LIKE CONCAT('%', e.uuid, '%')"));
    }

    /** Queues {@code n} backups and claims them, twice; returns the statements of the second claim alone. */
    private long statementsOfAWarmClaim(int n) {
        queue(n);
        claim(n);
        queue(n);
        long before = questions();
        claim(n);
        long after = questions();
        long self = questions() - after; // the counter's own query, counted in after - before too
        return after - before - self;
    }

    private void queue(int n) {
        for (int i = 0; i < n; i++) {
            queueBackupOfNewVm();
        }
    }

    private void claim(int n) {
        List<Claimed> claimed = claims.claim(BackupOperations.LIMITS, List.of(BackupOperations.BACKUP), n, SERVER);
        assertEquals(n, claimed.size());
    }

    private void queueBackupOfNewVm() {
        String vm = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " created) SELECT ?, ?, UUID(), a.id, a.domain_id, ?, ?, 'Running', '2029-12-31 00:00:00.000'"
                + " FROM account a WHERE a.id = ?", vm, "vm-" + vms, zone, host, account);
        long vmId = jdbc.queryForObject("SELECT id FROM vm_instance WHERE uuid = ?", Long.class, vm);
        jdbc.update("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id,"
                + " state, next_attempt, enqueued) VALUES (UUID(), 'BACKUP', 'API', 'backup', 'VM', ?, ?, ?, 'QUEUED',"
                + " '2029-12-31 00:00:00.000', '2029-12-31 00:00:00.000')", vmId, host, zone);
        // The API's async job that views it: the event's user is its caller.
        jdbc.update("INSERT INTO async_job (uuid, account_id, user_id, command, created, last_updated, operation_id)"
                + " SELECT UUID(), ?, ?, 'createBackup', '2029-12-31 00:00:00.000', '2029-12-31 00:00:00.000', id"
                + " FROM operation WHERE vm_id = ?", account, user, vmId);
        vms++;
    }

    private long questions() {
        return jdbc.queryForObject("SHOW GLOBAL STATUS LIKE 'Questions'", (rs, i) -> rs.getLong(2));
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /** The claim's side of a kind: claiming never runs the handler. */
    private record NeverRun(OperationKind kind) implements OperationHandler {
        @Override
        public Ending run(Operation operation, OperationContext context) {
            throw new AssertionError("a claim does not run what it claims");
        }

        @Override
        public Ending expire(Operation operation, String why) {
            throw new AssertionError("nothing expires here");
        }

        @Override
        public Ending crashed(Operation operation, RuntimeException failure) {
            throw new AssertionError("nothing runs here");
        }
    }
}
