package io.kboss.server.host;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two management servers' leadership on one test MariaDB. The tickers tick once an hour, so the test
 * asks for the lead itself, as a tick would.
 */
public class LeaderTickerTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration BOUND = Duration.ofSeconds(5);
    private TestDatabase db;
    private DataSource connections;

    @Before
    public void database() throws Exception {
        db = TestDatabase.create("leader_ticker");
        // Each lock holder keeps a connection of its own, as a server's pool lends it.
        connections = new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD);
    }

    @After
    public void dropDatabase() throws Exception {
        db.close();
    }

    @Test
    public void theLockIsReleasedWhenTheLastTickerStopsAndALateTickDoesNotTakeItAgain() {
        MonitorLeadership first = new MonitorLeadership(connections);
        MonitorLeadership second = new MonitorLeadership(connections);
        LeaderTicker monitor = ticker(first, "monitor");
        LeaderTicker sampler = ticker(first, "sampler");
        LeaderTicker other = ticker(second, "other");
        monitor.start();
        sampler.start();
        other.start();
        try {
            assertTrue("the first server leads", first.leadFor(monitor));
            assertTrue("both its tickers lead", first.leadFor(sampler));
            assertFalse("the second does not", second.leadFor(other));

            monitor.stop(BOUND);
            assertFalse("a stopped ticker's late tick does not lead", first.leadFor(monitor));
            assertFalse("the lock stays with the first server while its sampler runs", second.leadFor(other));

            sampler.stop(BOUND);
            assertFalse("after the last ticker stopped a late tick takes nothing", first.leadFor(monitor));
            assertFalse("nor one of the other ticker", first.leadFor(sampler));
            assertTrue("the second server takes over", second.leadFor(other));
        } finally {
            monitor.stop(BOUND);
            sampler.stop(BOUND);
            other.stop(BOUND);
        }
    }

    private static LeaderTicker ticker(MonitorLeadership leadership, String name) {
        return new LeaderTicker("kbt-leader-" + name, HOUR, leadership, () -> {
        }, () -> {
        }, "the test's " + name + " tick failed");
    }
}
