package io.kboss.server.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.ApiException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Transactions on the test MariaDB: a real deadlock between two transactions, and a refusal. */
public class TransactionsTest {
    private TestDatabase db;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private TransactionTemplate tx;

    @Before
    public void twoRows() throws Exception {
        db = TestDatabase.create("transactions");
        pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(TestDatabase.USER);
        pool.setPassword(TestDatabase.PASSWORD);
        pool.setMaximumPoolSize(4);
        jdbc = new JdbcTemplate(pool);
        tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        jdbc.execute("CREATE TABLE lockable (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
        jdbc.update("INSERT INTO lockable VALUES (1, 0), (2, 0)");
    }

    @After
    public void dropDatabase() throws Exception {
        pool.close();
        db.close();
    }

    @Test
    public void theVictimOfADeadlockIsRunAgainAndBothTransactionsCommitOnce() throws Exception {
        CountDownLatch bothHoldTheirFirstRow = new CountDownLatch(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = two.submit(() -> lockInOrder(1, 2, bothHoldTheirFirstRow, attempts));
            Future<Integer> b = two.submit(() -> lockInOrder(2, 1, bothHoldTheirFirstRow, attempts));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            two.shutdownNow();
        }
        assertEquals("one of the two lost the deadlock and ran again", 3, attempts.get());
        assertEquals("each transaction's increments landed exactly once", Integer.valueOf(4),
                jdbc.queryForObject("SELECT SUM(n) FROM lockable", Integer.class));
    }

    @Test
    public void aRefusalRollsBackAndReachesTheCallerUnchanged() throws Exception {
        ApiException refusal = ApiException.invalidParameter("no");
        try {
            Transactions.run(tx, () -> {
                jdbc.update("UPDATE lockable SET n = 5 WHERE id = 1");
                throw refusal;
            });
            fail("the refusal should reach the caller");
        } catch (ApiException e) {
            assertSame(refusal, e);
        }
        assertEquals(Integer.valueOf(0), jdbc.queryForObject("SELECT n FROM lockable WHERE id = 1", Integer.class));
    }

    /** Locks {@code first}, waits until the other transaction holds its first row, then locks {@code second}. */
    private int lockInOrder(int first, int second, CountDownLatch bothHoldTheirFirstRow, AtomicInteger attempts)
            throws ApiException {
        return Transactions.run(tx, () -> {
            attempts.incrementAndGet();
            jdbc.update("UPDATE lockable SET n = n + 1 WHERE id = ?", first);
            bothHoldTheirFirstRow.countDown();
            try {
                bothHoldTheirFirstRow.await(30, TimeUnit.SECONDS); // on the retry the count is already 0
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return jdbc.update("UPDATE lockable SET n = n + 1 WHERE id = ?", second);
        });
    }
}
