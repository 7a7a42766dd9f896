package io.kboss.server.app.host;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.MonitorLeadership;
import java.nio.file.Files;
import org.junit.Test;

/** Two management servers on one database: one monitors the hosts, the other takes over when it stops. */
public class HostMonitorLeadershipTest {

    private static KbossServer start(TestDatabase db, String name) throws Exception {
        return KbossServer
                .start(KbossServerConfig.builder().jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD)
                        .http("127.0.0.1", 0).workFolder(Files.createTempDirectory("kboss-" + name))
                        .adminPassword("admin-password-for-tests").serverName(name).build());
    }

    @Test
    public void onlyOneServerMonitorsAndAnotherTakesOverWhenItStops() throws Exception {
        try (TestDatabase db = TestDatabase.create("host_monitor_leader")) {
            KbossServer first = start(db, "ms1");
            KbossServer second = null;
            try {
                assertTrue("the only server monitors", first.bean(MonitorLeadership.class).lead());
                second = start(db, "ms2");
                assertFalse("a second server does not while the first runs",
                        second.bean(MonitorLeadership.class).lead());
                first.close();
                first = null;
                assertTrue("the second takes over once the first stopped", second.bean(MonitorLeadership.class).lead());
            } finally {
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
            }
        }
    }
}
