package io.kboss.server.app;

import static org.junit.Assert.assertEquals;

import com.google.gson.JsonObject;
import io.kboss.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/** Two management servers on one database, started at the same moment, as behind a load balancer. */
public class SeveralManagementServersTest {

    @Test
    public void serversStartingTogetherShareOneAdminSessionsAndJobs() throws Exception {
        TestCommands.signal = new CountDownLatch(0);
        ExecutorService starter = Executors.newFixedThreadPool(2);
        try (TestDatabase db = TestDatabase.create("two_servers")) {
            Path work = Files.createTempDirectory("kboss-two");
            KbossServerConfig.Builder config = KbossServerConfig.builder()
                    .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                    .workFolder(work).adminPassword(TestServers.ADMIN_PASSWORD).plugin(TestCommands.class);
            Future<KbossServer> fa = starter.submit(() -> KbossServer.start(config.serverName("ms-a").build()));
            Future<KbossServer> fb = starter.submit(() -> KbossServer.start(config.serverName("ms-b").build()));
            try (KbossServer a = fa.get(); KbossServer b = fb.get()) {
                try (Connection c = db.connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `user` WHERE username = 'admin'")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
                ApiClient onA = new ApiClient(a.baseUrl()).login("admin", TestServers.ADMIN_PASSWORD);
                ApiClient onB = new ApiClient(b.baseUrl());
                Map<String, String> p = ApiClient.params("listZones", "sessionkey", onA.sessionKey());
                assertEquals(200, onB.get(p, onA.cookie()).status());

                String jobId = onA.call("waitForSignal", "label", "shared").response("waitForSignal").get("jobid")
                        .getAsString();
                JsonObject r = null;
                Instant deadline = Instant.now().plusSeconds(20);
                while (Instant.now().isBefore(deadline)) {
                    r = onB.get(ApiClient.params("queryAsyncJobResult", "jobid", jobId, "sessionkey",
                            onA.sessionKey()), onA.cookie()).response("queryAsyncJobResult");
                    if (r.get("jobstatus").getAsInt() != 0) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals(1, r.get("jobstatus").getAsInt());

                assertEquals(200, onB.get(ApiClient.params("logout", "sessionkey", onA.sessionKey()), onA.cookie())
                        .status());
                assertEquals(401, onA.call("listZones").status());
            }
        } finally {
            starter.shutdownNow();
        }
    }
}
