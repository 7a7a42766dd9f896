package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class AsyncJobsAcrossRestartsTest {
    private static final UnaryOperator<KbossServerConfig.Builder> FAST = b -> b.plugin(TestCommands.class)
            .jobLease(Duration.ofSeconds(2), Duration.ofMillis(300)).jobShutdownGrace(Duration.ofMillis(500));

    private TestServers servers;

    @Before
    public void startServer() throws Exception {
        TestCommands.signal = new CountDownLatch(1);
        servers = TestServers.start("jobs", FAST);
    }

    @After
    public void stopServer() throws Exception {
        TestCommands.signal.countDown();
        if (servers != null) {
            servers.close();
        }
    }

    private static JsonObject waitForJob(ApiClient c, String jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            JsonObject r = c.call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
            if (r.get("jobstatus").getAsInt() != 0) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 20 s");
    }

    @Test
    public void asyncCommandAnswersJobIdAndResourceIdAndTheResultIsQueryable() throws Exception {
        ApiClient admin = servers.admin();
        JsonObject started = admin.call("waitForSignal", "label", "first").response("waitForSignal");
        assertEquals("11111111-2222-3333-4444-555555555555", started.get("id").getAsString());
        String jobId = started.get("jobid").getAsString();
        JsonObject pending = admin.call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
        assertEquals(0, pending.get("jobstatus").getAsInt());
        assertEquals("waitForSignal", pending.get("cmd").getAsString());
        TestCommands.signal.countDown();
        JsonObject done = waitForJob(admin, jobId);
        assertEquals(1, done.get("jobstatus").getAsInt());
        assertEquals(0, done.get("jobresultcode").getAsInt());
        assertEquals("object", done.get("jobresulttype").getAsString());
        assertEquals(100, done.get("jobprocstatus").getAsInt());
        assertEquals("first", done.getAsJsonObject("jobresult").getAsJsonObject("signal").get("label").getAsString());
        assertEquals("Signal", done.get("jobinstancetype").getAsString());
    }

    @Test
    public void failedJobCarriesTheErrorCodeAndText() throws Exception {
        ApiClient admin = servers.admin();
        TestCommands.signal.countDown();
        String jobId = admin.call("waitForSignal", "label", "bad", "fail", "true").response("waitForSignal")
                .get("jobid").getAsString();
        JsonObject done = waitForJob(admin, jobId);
        assertEquals(2, done.get("jobstatus").getAsInt());
        assertEquals(431, done.get("jobresultcode").getAsInt());
        assertEquals("failed as asked: bad", done.getAsJsonObject("jobresult").get("errortext").getAsString());
    }

    @Test
    public void completedJobIsStillAnsweredAfterARestart() throws Exception {
        ApiClient admin = servers.admin();
        TestCommands.signal.countDown();
        String jobId = admin.call("waitForSignal", "label", "kept").response("waitForSignal").get("jobid")
                .getAsString();
        waitForJob(admin, jobId);
        servers.restart(FAST);
        JsonObject after = servers.admin().call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
        assertEquals(1, after.get("jobstatus").getAsInt());
        assertEquals("kept", after.getAsJsonObject("jobresult").getAsJsonObject("signal").get("label").getAsString());
    }

    @Test
    public void jobRunningWhenItsServerShutsDownIsFailedWithAReason() throws Exception {
        ApiClient admin = servers.admin();
        String jobId = admin.call("waitForSignal", "label", "cut").response("waitForSignal").get("jobid").getAsString();
        servers.restart(FAST);
        JsonObject after = servers.admin().call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
        assertEquals(2, after.get("jobstatus").getAsInt());
        assertEquals(530, after.get("jobresultcode").getAsInt());
        assertTrue(after.toString(), after.getAsJsonObject("jobresult").get("errortext").getAsString()
                .contains("shut down before this job finished"));
    }

    @Test
    public void jobOfAServerThatDiedIsFailedWhenItsLeaseExpires() throws Exception {
        String jobId = insertJobOfDeadServer();
        // The running server's periodic sweep finds it (heartbeat every 300 ms in this test).
        JsonObject r = waitForJob(servers.admin(), jobId);
        assertEquals(2, r.get("jobstatus").getAsInt());
        assertTrue(r.getAsJsonObject("jobresult").get("errortext").getAsString().contains("lease expired"));
    }

    @Test
    public void jobOfAServerThatDiedIsFailedAtStartUp() throws Exception {
        servers.server.close();
        String jobId = insertJobOfDeadServer();
        servers.server = KbossServer.start(FAST.apply(servers.config()).jobLease(Duration.ofHours(1),
                Duration.ofMinutes(10)).build());
        JsonObject r = servers.admin().call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
        assertEquals(2, r.get("jobstatus").getAsInt());
        assertTrue(r.getAsJsonObject("jobresult").get("errortext").getAsString()
                .contains("stopped before the job finished"));
    }

    @Test
    public void jobOfThisServersEarlierRunIsFailedAtRestartWithoutWaitingForItsLease() throws Exception {
        String jobId = servers.admin().call("waitForSignal", "label", "killed").response("waitForSignal").get("jobid")
                .getAsString();
        servers.server.close();
        // As a killed server leaves its job: still pending, its lease far from run out.
        try (Connection c = servers.db.connect();
                PreparedStatement ps = c.prepareStatement("UPDATE async_job SET"
                        + " status = 0, result = NULL, completed = NULL, lease_expires = ? WHERE uuid = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
            ps.setString(2, jobId);
            assertEquals(1, ps.executeUpdate());
        }
        servers.server = KbossServer.start(FAST.apply(servers.config()).jobLease(Duration.ofHours(2),
                Duration.ofMinutes(10)).build());
        JsonObject r = servers.admin().call("queryAsyncJobResult", "jobid", jobId).response("queryAsyncJobResult");
        assertEquals(r.toString(), 2, r.get("jobstatus").getAsInt());
        assertTrue(r.toString(), r.getAsJsonObject("jobresult").get("errortext").getAsString().contains(
                "has restarted"));
    }

    @Test
    public void usersSeeOnlyTheirOwnAccountsJobs() throws Exception {
        ApiClient admin = servers.admin();
        TestCommands.signal.countDown();
        String adminJob = admin.call("waitForSignal", "label", "mine").response("waitForSignal").get("jobid")
                .getAsString();
        admin.call("createAccount", "username", "jobuser", "password", "job-user-pass");
        ApiClient user = servers.client().login("jobuser", "job-user-pass");
        ApiClient.Answer peek = user.call("queryAsyncJobResult", "jobid", adminJob);
        assertEquals(431, peek.status());
        assertEquals(0, ApiClient.count(user.call("listAsyncJobs").response("listAsyncJobs")));
        String userJob = user.call("waitForSignal", "label", "theirs").response("waitForSignal").get("jobid")
                .getAsString();
        JsonObject list = user.call("listAsyncJobs").response("listAsyncJobs");
        assertEquals(1, ApiClient.count(list));
        assertEquals(userJob, list.getAsJsonArray("asyncjobs").get(0).getAsJsonObject().get("jobid").getAsString());
        JsonObject all = admin.call("listAsyncJobs", "listall", "true").response("listAsyncJobs");
        assertTrue(all.toString(), ApiClient.count(all) >= 2);
        // Without listall an administrator sees his own account's jobs, as CloudStack's listAsyncJobs.
        JsonObject own = admin.call("listAsyncJobs").response("listAsyncJobs");
        assertFalse(own.toString(), own.toString().contains(userJob));
        assertTrue(own.toString(), own.toString().contains(adminJob));
    }

    /** A pending job owned by a management server whose heartbeat and lease ran out long ago. */
    private String insertJobOfDeadServer() throws Exception {
        String uuid = UUID.randomUUID().toString();
        Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(3600));
        try (Connection c = servers.db.connect()) {
            long msid;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mshost (uuid, name, address, last_heartbeat) "
                    + "VALUES (?, 'dead-server', '10.0.0.9', ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setTimestamp(2, longAgo);
                ps.executeUpdate();
                ResultSet keys = ps.getGeneratedKeys();
                keys.next();
                msid = keys.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO async_job (uuid, account_id, user_id, command, "
                    + "status, created, last_updated, owner_msid, lease_expires) SELECT ?, a.id, u.id, 'createBackup', 0, ?, ?, ?, ? "
                    + "FROM `user` u JOIN account a ON a.id = u.account_id WHERE u.username = 'admin'")) {
                ps.setString(1, uuid);
                ps.setTimestamp(2, longAgo);
                ps.setTimestamp(3, longAgo);
                ps.setLong(4, msid);
                ps.setTimestamp(5, longAgo);
                assertEquals(1, ps.executeUpdate());
            }
        }
        return uuid;
    }
}
