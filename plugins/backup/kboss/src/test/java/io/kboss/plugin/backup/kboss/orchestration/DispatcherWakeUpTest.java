package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.operation.Housekeeping;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the dispatcher gets to queued work (issue 14, end to end): a pass claims what is queued before
 * the housekeeping that may run in the same pass, so a client's backup does not wait behind adoption
 * and the plugins' housekeeping; and work no wake-up announced to a server (queued through another
 * server, or a wake-up lost) is still claimed by that server's periodic safety-net pass. Real MariaDB,
 * the real server configurations, the fake agent at the channel boundary.
 */
public class DispatcherWakeUpTest extends OneServerLab {
    /** What the recording housekeeping saw of the newest BACKUP operation each time it ran. */
    static final List<String> SEEN_BY_HOUSEKEEPING = new CopyOnWriteArrayList<>();

    @Rule
    public final Timeout perTest = Timeout.builder().withTimeout(3, TimeUnit.MINUTES)
            .withLookingForStuckThread(true).build();

    /** A plugin's housekeeping that records the state of the newest BACKUP operation when it runs. */
    @Configuration
    static class RecordingHousekeeping {
        @Bean
        Housekeeping backupStatesRecorder(JdbcTemplate jdbc) {
            return now -> SEEN_BY_HOUSEKEEPING.addAll(jdbc.queryForList(
                    "SELECT state FROM operation WHERE kind = 'BACKUP' ORDER BY id DESC LIMIT 1", String.class));
        }
    }

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_wakeup", "wakeup", 2, "wake", RecordingHousekeeping.class);
    }

    @Test
    public void aPassClaimsTheQueuedBackupBeforeItsHousekeepingRuns() {
        OrchestrationCloud.Vm vm = cloud.vm("wake-1", cloud.host("wake-h1"));
        // Housekeeping is due at this pass: more than its interval has passed since the last one.
        cloud.clock.advance(Duration.ofSeconds(5));
        SEEN_BY_HOUSEKEEPING.clear();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());

        assertEquals(1, server.pass());

        // The loops are off, so the claimed backup ran to its end inside the pass: the housekeeping of
        // that pass already saw it ended, not queued.
        assertEquals("housekeeping ran once in the pass, after the claim", List.of("SUCCEEDED"),
                SEEN_BY_HOUSEKEEPING);
        assertEquals(1, server.job(admin, asked.get("jobid").getAsString()).get("jobstatus").getAsInt());
    }

    @Test
    public void workQueuedThroughAnotherServerIsClaimedByTheSafetyNetPassWithoutAnyWakeUp() throws Exception {
        OrchestrationCloud.Vm vm = cloud.vm("wake-2", cloud.host("wake-h2"));
        // A server with its own dispatcher loop: nothing but its periodic pass tells it of work another
        // server queued (that server's wake-up reaches only its own dispatcher, and its loops are off).
        FrameworkProperties props = new FrameworkProperties("ms-loops", Files.createDirectories(cloud.folder.resolve(
                "ms-loops")), "orchestration-admin", Duration.ofMinutes(30), OrchestrationServer.LEASE,
                Duration.ofSeconds(15), 2, Duration.ofSeconds(1), false, 2, true);
        try (OrchestrationServer looping = new OrchestrationServer(cloud.db.jdbcUrl(), props, cloud.clock,
                cloud.agents, cloud.agents.sleeper())) {
            JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
            String jobId = asked.get("jobid").getAsString();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (server.job(admin, jobId).get("jobstatus").getAsInt() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("the looping server's safety-net pass claimed and ran it", 1,
                    server.job(admin, jobId).get("jobstatus").getAsInt());
            assertEquals("it was the looping server that claimed it", Long.toString(looping.id()), cloud.single(
                    "SELECT o.picked_by FROM operation o JOIN backup b ON b.id = o.backup_id WHERE b.uuid = ?",
                    asked.get("id").getAsString()));
            assertTrue(cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'QUEUED'") == 0);
        }
    }
}
