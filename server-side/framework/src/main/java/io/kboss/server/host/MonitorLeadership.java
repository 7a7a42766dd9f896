package io.kboss.server.host;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which management server monitors the hosts: the one holding a named database lock
 * ({@code GET_LOCK}) on a connection it keeps open. With several servers on one database only the
 * holder pings, so a miss is counted once and host.ping.timeout means what it says. When the holder
 * dies its connection closes, MariaDB releases the lock, and another server takes it at its next
 * tick: at most one ping interval is lost. The lock name carries the schema name, because test
 * databases share one MariaDB server. The periodic work that only the holder does ticks through
 * {@link LeaderTicker}s; the lock is released when the last of them stops.
 */
@Component
public class MonitorLeadership {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorLeadership.class);

    private final DataSource dataSource;
    private Connection held;
    // The started tickers that lead through this lock; guarded by this.
    private final Set<LeaderTicker> tickers = new HashSet<>();

    public MonitorLeadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether this server monitors now; tries to take the lock when it does not. */
    public synchronized boolean lead() {
        try {
            if (held != null) {
                if (held.isValid(2)) {
                    return true;
                }
                LOG.warn("Lost the connection holding the host monitor lock; another server may take over");
                closeQuietly();
            }
            Connection c = dataSource.getConnection();
            try (PreparedStatement ps = c
                    .prepareStatement("SELECT GET_LOCK(CONCAT('kboss_host_monitor.', DATABASE()), 0)");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(1) == 1) {
                    held = c;
                    LOG.info("This server now monitors the hosts");
                    return true;
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            LOG.warn("Could not check the host monitor lock; not monitoring this round: {}", e.getMessage());
            closeQuietly();
            return false;
        }
    }

    /** The ticker leads from now on when it can ({@link #leadFor}). */
    synchronized void join(LeaderTicker ticker) {
        tickers.add(ticker);
    }

    /** {@link #lead()} for a ticker that joined and has not left: a stopped ticker's late tick takes nothing. */
    synchronized boolean leadFor(LeaderTicker ticker) {
        return tickers.contains(ticker) && lead();
    }

    /** The ticker stopped; when it was the last one, the lock is released so another server may lead. */
    synchronized void leave(LeaderTicker ticker) {
        tickers.remove(ticker);
        if (tickers.isEmpty()) {
            release();
        }
    }

    private void release() {
        if (held != null) {
            try (PreparedStatement ps = held
                    .prepareStatement("SELECT RELEASE_LOCK(CONCAT('kboss_host_monitor.', DATABASE()))")) {
                ps.execute();
            } catch (SQLException e) {
                LOG.debug("Releasing the host monitor lock failed; closing the connection releases it", e);
            }
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                LOG.debug("Closing the host monitor lock connection failed", e);
            }
            held = null;
        }
    }
}
