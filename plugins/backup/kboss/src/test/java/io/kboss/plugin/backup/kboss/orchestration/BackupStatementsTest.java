package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.BackupMode;
import io.kboss.agent.contract.TakeBackupCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * How many statements one backup sends to MariaDB, end to end through the product's own code (issue 8's
 * claims per second and issue 14's end-to-end overhead are both bound by them): createBackup's request, the
 * dispatcher pass that claims, plans and starts it (up to the agent's start), the ending after the agent's
 * answer, and one heartbeat. Real MariaDB and the real server configurations; the fake agent at the channel
 * boundary. The driver's statement hook ({@link StatementRecorder}) records what the test's thread sends,
 * so the counts are exact and do not depend on timing.
 *
 * <p>The figures are a regression guard: a change that adds statements to a backup's path fails here and
 * must either remove them again or raise the figure with its reason (docs/BENCHMARKS.md has the table).
 */
public class BackupStatementsTest extends OneServerLab {
    // The most each step may send (commits and autocommit switches included); docs/BENCHMARKS.md ("Statements
    // per backup") lists them. Before issue 8's statement work: 34, 40 (42 for an incremental), 31, 5.
    static final int REQUEST = 31;
    /** The claim (the framework's, about 18) and the plan and start of the backup, up to the agent's start. */
    static final int CLAIM_TO_AGENT_FULL = 35;
    /** An increment also reads its chain's backups and its parent's files and checkpoint. */
    static final int CLAIM_TO_AGENT_INCREMENTAL = 36;
    static final int ENDING = 28;
    static final int HEARTBEAT = 5;

    @Rule
    public final Timeout perTest = Timeout.builder().withTimeout(3, TimeUnit.MINUTES)
            .withLookingForStuckThread(true).build();

    /** What one backup sent, step by step. */
    record Steps(List<String> request, List<String> claimToAgent, List<String> ending) {
        int total() {
            return request.size() + claimToAgent.size() + ending.size();
        }
    }

    @BeforeClass
    public static void startCloud() throws Exception {
        cloud = new OrchestrationCloud("orchestration_statements");
        server = cloud.serverWithDriverOptions("ms-1", 2, "queryInterceptors=" + StatementRecorder.class.getName());
        cloud.zone("statements");
        admin = cloud.admin();
        // One backup first, so the driver's prepared statements and the settings cache are warm, as on a
        // server that has been running: the counts below are a running server's, not a cold start's.
        OneServerLab.vms = 0;
        backedUpCounted("stmt-warm");
    }

    @Test
    public void aFullAndAnIncrementalStayWithinTheirStatementCounts() {
        Steps full = backedUpCounted("stmt-a");
        Steps incremental = backedUpCounted("stmt-a");
        StatementRecorder.start();
        server.beat();
        List<String> beat = StatementRecorder.stop();

        // What the statements left out must still reach the agent: the increment is built on the full, from
        // the plan kept in memory rather than read back.
        List<TakeBackupCommand> sent = cloud.agents.commands(TakeBackupCommand.class);
        TakeBackupCommand first = sent.get(sent.size() - 2);
        TakeBackupCommand second = sent.get(sent.size() - 1);
        assertEquals(BackupMode.FULL, first.mode);
        assertEquals(BackupMode.INCREMENTAL, second.mode);
        assertEquals(first.newCheckpoint, second.fromCheckpoint);
        assertEquals("<domaincheckpoint><name>" + first.newCheckpoint + "</name></domaincheckpoint>",
                second.fromCheckpointXml);
        assertEquals(1, second.disks.size());
        assertEquals("vda", second.disks.get(0).targetDevice);
        assertEquals(first.disks.get(0).path, second.disks.get(0).parentPath);
        assertEquals(first.store.storeId, second.store.storeId);
        assertEquals(first.store.localPath, second.store.localPath);

        report("full", full);
        report("incremental", incremental);
        System.out.println("[statements] heartbeat " + beat.size());
        beat.forEach(s -> System.out.println("[statements]   " + s));

        assertTrue("full, claim to agent: " + full.claimToAgent, full.claimToAgent.size() <= CLAIM_TO_AGENT_FULL);
        assertTrue("incremental, claim to agent: " + incremental.claimToAgent,
                incremental.claimToAgent.size() <= CLAIM_TO_AGENT_INCREMENTAL);
        for (Steps s : List.of(full, incremental)) {
            assertTrue("request: " + s.request, s.request.size() <= REQUEST);
            assertTrue("ending: " + s.ending, s.ending.size() <= ENDING);
        }
        assertTrue("heartbeat: " + beat, beat.size() <= HEARTBEAT);
    }

    private static final java.util.Map<String, OrchestrationCloud.Vm> BY_NAME = new java.util.HashMap<>();

    /** createBackup of the VM named {@code name} (made on first use) and its pass, recorded step by step. */
    private static Steps backedUpCounted(String name) {
        OrchestrationCloud.Vm vm = BY_NAME.computeIfAbsent(name, n -> cloud.vm(n, cloud.host(n + "-h")));
        StatementRecorder.start();
        JsonObject asked = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        List<String> request = StatementRecorder.stop();

        List<String> untilAgent = new ArrayList<>();
        cloud.agents.onStart(requestId -> untilAgent.addAll(StatementRecorder.sofar()));
        StatementRecorder.start();
        assertEquals(1, server.pass());
        List<String> pass = StatementRecorder.stop();
        cloud.agents.onStart(requestId -> {
        });
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        assertTrue("the agent was asked to take the backup", !untilAgent.isEmpty());
        return new Steps(request, untilAgent, pass.subList(untilAgent.size(), pass.size()));
    }

    private static void report(String what, Steps s) {
        System.out.println("[statements] " + what + ": request " + s.request.size() + ", claim to agent "
                + s.claimToAgent.size() + ", ending " + s.ending.size() + ", total " + s.total());
        s.request.forEach(x -> System.out.println("[statements]   request  " + x));
        s.claimToAgent.forEach(x -> System.out.println("[statements]   claim    " + x));
        s.ending.forEach(x -> System.out.println("[statements]   ending   " + x));
    }
}
