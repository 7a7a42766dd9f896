package io.kboss.server.app.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.ChannelKeySeal;
import io.kboss.server.host.HostMonitor;
import io.kboss.server.host.HostStatusListener;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A host whose agent is gone, on the real server and database: the monitor counts misses up to
 * host.ping.timeout, reports the operations the host had unfinished, and a listener that throws does not
 * keep the others from hearing it nor stop the monitor.
 */
public class HostMonitorFaultsTest {
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    private TestDatabase db;
    private KbossServer server;

    @Configuration
    public static class Listeners {
        @Bean
        public HostStatusListener failingListener() {
            return (host, unfinished) -> {
                throw new IllegalStateException("listener bug");
            };
        }

        @Bean
        public HostStatusListener recordingListener() {
            return (host, unfinished) -> HEARD.add(host.uuid() + " " + unfinished);
        }
    }

    @Before
    public void startServer() throws Exception {
        HEARD.clear();
        db = TestDatabase.create("host_monitor_faults");
        server = KbossServer
                .start(KbossServerConfig.builder().jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD)
                        .http("127.0.0.1", 0).workFolder(Files.createTempDirectory("kboss-host-monitor"))
                        .adminPassword("admin-password-for-tests").plugin(Listeners.class).build());
    }

    @After
    public void stopServer() throws Exception {
        try {
            server.close();
        } finally {
            db.close();
        }
    }

    @Test
    public void aHostWithoutAgentGoesDownAtTheTimeoutAndItsUnfinishedBackupsAreReportedToEveryListener()
            throws Exception {
        // The monitor's first round runs a second after start; let it pass while there is no host, so
        // that the rounds counted below are this test's own (the next one is host.ping.interval away).
        Thread.sleep(2000);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        byte[] sealed = server.bean(ChannelKeySeal.class).seal(new byte[32]);
        String hostUuid = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        try (Connection c = db.connect()) {
            exec(c, "INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z1', UTC_TIMESTAMP(3))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO host (uuid, name, zone_id, url, address, port,"
                    + " status, status_changed, channel_key_sealed, created) SELECT ?, 'gone', id, ?, '127.0.0.1', ?, 'Up',"
                    + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone WHERE name = 'z1'")) {
                ps.setString(1, hostUuid);
                ps.setString(2, "http://127.0.0.1:" + closedPort);
                ps.setInt(3, closedPort);
                ps.setBytes(4, sealed);
                ps.executeUpdate();
            }
            exec(c, "INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                    + " created) SELECT UUID(), 'vm1', UUID(), a.id, a.domain_id, h.zone_id, h.id, 'BackingUp',"
                    + " UTC_TIMESTAMP(3) FROM account a, host h WHERE a.name = 'admin' AND h.name = 'gone'");
            exec(c, "INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id, created)"
                    + " SELECT UUID(), 'o1', 'o1', id, 'kboss', 'o1', UTC_TIMESTAMP(3) FROM zone WHERE name = 'z1'");
            for (String status : new String[]{"BackingUp", "BackedUp"}) {
                exec(c, "INSERT INTO backup (uuid, vm_id, account_id, domain_id, zone_id, backup_offering_id, type,"
                        + " status, host_id, created, updated) SELECT UUID(), v.id, v.account_id, v.domain_id, v.zone_id,"
                        + " o.id, 'FULL', '" + status + "', v.host_id, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)"
                        + " FROM vm_instance v, backup_offering o WHERE v.name = 'vm1' AND o.name = 'o1'");
            }
            // The backup's operation, running on the host when its agent went away.
            exec(c, "INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id,"
                    + " backup_id, state, next_attempt, enqueued, started) SELECT '" + running + "', 'BACKUP', 'API',"
                    + " 'backup', 'VM', b.vm_id, b.host_id, b.zone_id, b.id, 'RUNNING', UTC_TIMESTAMP(3),"
                    + " UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) FROM backup b WHERE b.status = 'BackingUp'");
            exec(c, "INSERT INTO configuration_value (name, scope, scope_id, value, updated)"
                    + " VALUES ('host.ping.timeout', 'GLOBAL', 0, '2', UTC_TIMESTAMP(3))");
        }
        HostMonitor monitor = server.bean(HostMonitor.class);

        monitor.pingAll();
        assertEquals("Disconnected 1", status(hostUuid));
        assertTrue(HEARD.toString(), HEARD.isEmpty());
        monitor.pingAll();
        assertEquals("Down 2", status(hostUuid));
        assertEquals(List.of(hostUuid + " [BACKUP " + running + " (RUNNING)]"), HEARD);
        monitor.pingAll();
        assertEquals("Down 3", status(hostUuid));
        assertEquals("a host already Down is reported once", 1, HEARD.size());
    }

    private String status(String hostUuid) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT CONCAT(status, ' ', missed_pings) FROM host WHERE uuid = ?")) {
            ps.setString(1, hostUuid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

}
