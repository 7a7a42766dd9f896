package io.kboss.server.host;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * databases share one MariaDB server.
 */
@Component
public class MonitorLeadership {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorLeadership.class);

    private final DataSource dataSource;
    private Connection held;

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

    synchronized void release() {
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
