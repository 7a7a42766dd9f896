package io.kboss.server.mshost;

import io.kboss.server.config.FrameworkProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This management server: registered in {@code mshost} at start, heartbeating, marked Down at an
 * orderly stop.
 *
 * <p>Its name is held as a database lock ({@code GET_LOCK}) on a connection kept open for the
 * server's life. MariaDB releases the lock the moment that connection closes, also when the JVM is
 * killed, so holding it proves that no other live server has this name; a server that cannot take it
 * refuses to start. That proof is what lets a restarted server take over the work of its earlier
 * incarnations at once ({@link #previousIncarnations()}) instead of waiting for their leases to run
 * out: whoever last held the name is dead.
 *
 * <p>One heartbeat thread renews everything that hangs on this server being alive: it calls each
 * {@link Heartbeat} bean every {@code heartbeatInterval}.
 */
@Component
public class ManagementServer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    /** How long start-up waits for the name lock: a server killed a moment ago may still hold it. */
    private static final int NAME_LOCK_WAIT_SECONDS = 10;

    private final DataSource dataSource;
    private final ManagementServerRepository servers;
    private final ObjectProvider<Heartbeat> heartbeats;
    private final Clock clock;
    private final FrameworkProperties properties;
    private volatile Connection nameLock;
    private volatile long id = -1;
    private volatile List<Long> previous = List.of();
    private volatile ScheduledExecutorService ticker;
    private volatile boolean running;

    public ManagementServer(DataSource dataSource, ManagementServerRepository servers,
            ObjectProvider<Heartbeat> heartbeats, Clock clock, FrameworkProperties properties) {
        this.dataSource = dataSource;
        this.servers = servers;
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void start() {
        takeName();
        Instant now = clock.instant();
        id = servers.register(UUID.randomUUID().toString(), properties.serverName(), hostAddress(), now);
        previous = List.copyOf(servers.earlierIncarnations(properties.serverName(), id));
        servers.markDown(previous);
        running = true;
        if (properties.backgroundLoops()) {
            ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "kboss-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long period = properties.heartbeatInterval().toMillis();
            t.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
            ticker = t;
        }
        LOG.info("Management server {} started as mshost {}", properties.serverName(), id);
    }

    private void takeName() {
        try {
            Connection c = dataSource.getConnection();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT GET_LOCK(CONCAT('kboss_ms.', MD5(CONCAT(DATABASE(), '/', ?))), ?)")) {
                ps.setString(1, properties.serverName());
                ps.setInt(2, NAME_LOCK_WAIT_SECONDS);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) == 1) {
                        nameLock = c;
                        return;
                    }
                }
            }
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the lock of management server name '"
                    + properties.serverName() + "' in the database: " + e.getMessage(), e);
        }
        throw new IllegalStateException("Another management server named '" + properties.serverName()
                + "' is running on this database (it holds the name's lock). Give every server on one database its "
                + "own name (kboss.server.name / KBOSS_SERVER_NAME), or stop the other one first");
    }

    /** Every heartbeat now; a failing one is logged and the others still run. */
    public void beat() {
        Instant now = clock.instant();
        try {
            checkName();
            servers.heartbeat(id, now);
        } catch (RuntimeException e) {
            LOG.error("The management server heartbeat failed; leases of this server may be taken over by others if "
                    + "this lasts longer than {}", properties.leaseDuration(), e);
        }
        heartbeats.orderedStream().forEach(h -> {
            try {
                h.beat(id, now);
            } catch (RuntimeException e) {
                LOG.error("Heartbeat {} failed; it runs again in {}", h.getClass().getSimpleName(),
                        properties.heartbeatInterval(), e);
            }
        });
    }

    /**
     * Whether the connection still holds the name (it also keeps the connection from idling out). A lost
     * lock is taken again at once: the name is ours until another server takes it, which it refuses to do
     * while we heartbeat.
     */
    private void checkName() {
        Connection c = nameLock;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT IS_USED_LOCK(CONCAT('kboss_ms.', MD5(CONCAT(DATABASE(), '/', ?)))) = CONNECTION_ID()")) {
            ps.setString(1, properties.serverName());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(1) == 1) {
                    return;
                }
            }
        } catch (SQLException e) {
            LOG.warn("The connection holding this server's name lock failed ({}); taking the name again",
                    e.getMessage());
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing the lost name lock connection failed", e);
        }
        takeName();
    }

    /** This server's id in {@code mshost}; -1 before start. */
    public long id() {
        return id;
    }

    public String name() {
        return properties.serverName();
    }

    /**
     * The {@code mshost} ids under which this server ran before (same name). They are dead: this
     * incarnation holds the name.
     */
    public List<Long> previousIncarnations() {
        return previous;
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
        }
        try {
            if (id >= 0) {
                servers.markDown(List.of(id));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not mark management server {} Down; others take it as gone once its heartbeat is "
                    + "older than {}", id, properties.leaseDuration(), e);
        }
        Connection c = nameLock;
        nameLock = null;
        if (c != null) {
            try {
                c.close(); // closing releases the name lock
            } catch (SQLException e) {
                LOG.debug("Closing the name lock connection failed", e);
            }
        }
        LOG.info("Management server {} stopped", properties.serverName());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First up, last down: everything else hangs on this server's identity. */
    @Override
    public int getPhase() {
        return 50;
    }

    private static String hostAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
