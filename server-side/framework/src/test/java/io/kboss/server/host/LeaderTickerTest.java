package io.kboss.server.host;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.testing.TestDatabase;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two management servers' leadership on one test MariaDB. The tickers tick once an hour, so the test
 * asks for the lead itself, as a tick would.
 */
public class LeaderTickerTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private TestDatabase db;
    private HikariDataSource pool;
    private MonitorLeadership first;
    private MonitorLeadership second;

    @Before
    public void twoServers() throws Exception {
        db = TestDatabase.create("leader_ticker");
        pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(TestDatabase.USER);
        pool.setPassword(TestDatabase.PASSWORD);
        pool.setMaximumPoolSize(4);
        first = new MonitorLeadership(pool);
        second = new MonitorLeadership(pool);
    }

    @After
    public void dropDatabase() throws Exception {
        pool.close();
        db.close();
    }

    @Test
    public void theLockIsReleasedWhenTheLastTickerStopsAndALateTickDoesNotTakeItAgain() {
        LeaderTicker monitor = ticker(first, "monitor");
        LeaderTicker sampler = ticker(first, "sampler");
        monitor.start();
        sampler.start();
        try {
            assertTrue("the first server leads", first.leadFor(monitor));
            assertTrue("both its tickers lead", first.leadFor(sampler));
            assertFalse("the second does not", second.lead());

            monitor.stop(Duration.ofSeconds(5));
            assertFalse("a stopped ticker's late tick does not lead", first.leadFor(monitor));
            assertFalse("the lock stays with the first server while its sampler runs", second.lead());

            sampler.stop(Duration.ofSeconds(5));
            assertFalse("after the last ticker stopped a late tick takes nothing", first.leadFor(monitor));
            assertFalse("nor one of the other ticker", first.leadFor(sampler));
            assertTrue("the second server takes over", second.lead());
        } finally {
            monitor.stop(Duration.ofSeconds(5));
            sampler.stop(Duration.ofSeconds(5));
        }
    }

    private static LeaderTicker ticker(MonitorLeadership leadership, String name) {
        return new LeaderTicker("kbt-leader-" + name, HOUR, leadership, () -> {
        }, () -> {
        }, "the test's " + name + " tick failed");
    }
}
