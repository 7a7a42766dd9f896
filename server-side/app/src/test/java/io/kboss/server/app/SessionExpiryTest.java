package io.kboss.server.app;

import static org.junit.Assert.assertEquals;

import io.kboss.db.testing.TestDatabase;
import io.kboss.test.support.SettableClock;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.Test;

public class SessionExpiryTest {

    @Test
    public void sessionEndsAfterThirtyIdleMinutesButUseKeepsItAlive() throws Exception {
        SettableClock clock = new SettableClock();
        try (TestDatabase db = TestDatabase.create("session_expiry");
                KbossServer server = KbossServer.start(KbossServerConfig.builder()
                        .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                        .workFolder(Files.createTempDirectory("kboss-expiry")).adminPassword(TestServers.ADMIN_PASSWORD)
                        .build(), clock)) {
            ApiClient admin = new ApiClient(server.baseUrl()).login("admin", TestServers.ADMIN_PASSWORD);
            clock.advance(Duration.ofMinutes(20));
            assertEquals(200, admin.call("listZones").status());
            // The call above renewed the session: 20 more minutes are within 30 of it.
            clock.advance(Duration.ofMinutes(20));
            assertEquals(200, admin.call("listZones").status());
            clock.advance(Duration.ofMinutes(31));
            assertEquals(401, admin.call("listZones").status());
        }
    }
}
