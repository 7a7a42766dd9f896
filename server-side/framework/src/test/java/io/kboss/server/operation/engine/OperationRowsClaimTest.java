package io.kboss.server.operation.engine;

import static org.junit.Assert.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.config.DatabasePool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The claim's SQL on real MariaDB: the first queued rows with their hosts' places, and one conditional
 * UPDATE that claims a whole batch, leaving out a row that changed after it was read.
 */
public class OperationRowsClaimTest {
    private static final long SERVER = 7;

    private TestDatabase db;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private OperationRows rows;
    private long zone;
    private long host;

    @Before
    public void queueOfFour() throws Exception {
        db = TestDatabase.create("operation_rows_claim");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        pool = DatabasePool.open(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, "claim-test", 2);
        jdbc = new JdbcTemplate(pool);
        rows = new OperationRows(jdbc);
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z', UTC_TIMESTAMP(3))");
        zone = jdbc.queryForObject("SELECT id FROM zone", Long.class);
        jdbc.update("INSERT INTO cluster (uuid, name, zone_id) VALUES (UUID(), 'c', ?)",
                zone);
        long cluster = jdbc.queryForObject("SELECT id FROM cluster", Long.class);
        jdbc.update("INSERT INTO host (uuid, name, zone_id, cluster_id, url, address, port, status, missed_pings,"
                + " status_changed, channel_key_sealed, created) VALUES (UUID(), 'h', ?, ?, 'http://127.0.0.1:1',"
                + " '127.0.0.1', 1, 'Up', 0, UTC_TIMESTAMP(3), x'00', UTC_TIMESTAMP(3))", zone, cluster);
        host = jdbc.queryForObject("SELECT id FROM host", Long.class);
        for (int i = 0; i < 4; i++) {
            jdbc.update("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, host_id, zone_id,"
                    + " state, next_attempt, enqueued) VALUES (?, 'TEST', 'API', 'test', 'NONE', ?, ?, 'QUEUED',"
                    + " UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))", UUID.randomUUID().toString(), host, zone);
        }
    }

    @After
    public void dropDatabase() throws Exception {
        pool.close();
        db.close();
    }

    private List<OperationRows.Candidate> firstQueued() {
        return rows.candidates("test", List.of("TEST"), Instant.now().plusSeconds(1), List.of(), List.of(), Map.of(),
                Map.of(), 10);
    }

    @Test
    public void theCandidatesComeInClaimOrderWithTheirHostsClusterAndZone() {
        List<OperationRows.Candidate> read = firstQueued();
        assertEquals(4, read.size());
        long cluster = jdbc.queryForObject("SELECT id FROM cluster", Long.class);
        assertEquals(new OperationRows.HostPlace(host, cluster, zone), read.get(0).place());
        assertEquals("oldest (then lowest id) first", jdbc.queryForList("SELECT id FROM operation ORDER BY id",
                Long.class), read.stream().map(c -> c.row().operation().id()).toList());
    }

    @Test
    public void oneUpdateClaimsTheBatchAndLeavesOutARowCancelledAfterTheRead() {
        List<OperationRows.Row> read = firstQueued().stream().map(OperationRows.Candidate::row).toList();
        long cancelled = read.get(1).operation().id();
        jdbc.update("UPDATE operation SET state = 'CANCELLED', version = version + 1 WHERE id = ?", cancelled);

        Set<Long> claimed = rows.claim(read, SERVER, Instant.now());

        assertEquals(Set.of(read.get(0).operation().id(), read.get(2).operation().id(), read.get(3).operation().id()),
                claimed);
        assertEquals("the claimed rows run for this server, claimed once, one version on", Integer.valueOf(3),
                jdbc.queryForObject("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING' AND picked_by = ?"
                        + " AND attempts = 1 AND version = 1 AND started IS NOT NULL", Integer.class, SERVER));
        assertEquals("CANCELLED", jdbc.queryForObject("SELECT state FROM operation WHERE id = ?", String.class,
                cancelled));
    }

    @Test
    public void aRowClaimedAtAnOlderVersionIsNotClaimedAgain() {
        List<OperationRows.Row> read = firstQueued().stream().map(OperationRows.Candidate::row).toList();
        assertEquals(4, rows.claim(read, SERVER, Instant.now()).size());
        // Handed back to the queue (a retry): QUEUED again, at a later version than the one read.
        jdbc.update("UPDATE operation SET state = 'QUEUED', picked_by = NULL, version = version + 1");

        assertEquals(Set.of(), rows.claim(read, SERVER + 1, Instant.now()));
        assertEquals(Integer.valueOf(4), jdbc.queryForObject("SELECT COUNT(*) FROM operation WHERE state = 'QUEUED'",
                Integer.class));
    }

    @Test
    public void aPaddedListRepeatsItsLastValueUpToAPowerOfTwo() {
        assertEquals(List.of(1L), io.kboss.server.config.InLists.padded(List.of(1L)));
        assertEquals(List.of(1L, 2L), io.kboss.server.config.InLists.padded(List.of(1L, 2L)));
        assertEquals(List.of(1L, 2L, 3L, 3L), io.kboss.server.config.InLists.padded(List.of(1L, 2L, 3L)));
        assertEquals(8, io.kboss.server.config.InLists.padded(List.of(1L, 2L, 3L, 4L, 5L)).size());
    }
}
