package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;

import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.AfterClass;

/**
 * The set-up most orchestration test classes share: an {@link OrchestrationCloud} with one zone, one
 * management server ("ms-1") and the root administrator. A test class extends this, calls
 * {@link #startLab} from its {@code @BeforeClass} (its own set-up follows there), and uses {@code cloud},
 * {@code server} and {@code admin}; the cloud is closed after the class. Surefire runs the test classes one
 * after another in one JVM, so the static fields belong to one class at a time.
 */
public abstract class OneServerLab {
    protected static OrchestrationCloud cloud;
    protected static OrchestrationServer server;
    protected static Caller admin;
    /** Dispatcher passes a test runs in threads of their own; {@link #endLeftoversAndLimits} waits for them. */
    protected static final List<Thread> passes = new ArrayList<>();
    private static String vmPrefix;
    /** How many VMs the class made so far: tests name what belongs to the newest VM with it. */
    protected static int vms;
    /** How many hosts {@link #newHost} made so far. */
    private static int hosts;

    /**
     * Starts the cloud on its own database ({@code purpose} names it), a zone named {@code zone}, and the
     * server running at most {@code workers} operations; {@link #newVm} names VMs {@code vmPrefix-N}.
     * {@code moreConfigurations} are the test's own Spring configurations the server loads besides the plugin's
     * (a kind or a housekeeping task of the test's).
     */
    protected static void startLab(String purpose, String zone, int workers, String vmPrefix,
            Class<?>... moreConfigurations) throws Exception {
        cloud = new OrchestrationCloud(purpose);
        server = cloud.server("ms-1", workers, moreConfigurations);
        cloud.zone(zone);
        admin = cloud.admin();
        OneServerLab.vmPrefix = vmPrefix;
        vms = 0;
        hosts = 0;
    }

    @AfterClass
    public static void stopLab() throws Exception {
        cloud.close();
    }

    /**
     * A VM on a host of its own, so no test's operations count against another's per-host limit, assigned to
     * the zone's offering.
     */
    protected static OrchestrationCloud.Vm newVm() {
        vms++;
        return cloud.vm(vmPrefix + "-" + vms, cloud.host(vmPrefix + "-h" + vms));
    }

    /** The same, assigned to {@code offering}. */
    protected static OrchestrationCloud.Vm newVm(long offering) {
        vms++;
        return cloud.vm(vmPrefix + "-" + vms, cloud.host(vmPrefix + "-h" + vms), offering);
    }

    /**
     * A new host, {@code vmPrefix-hostN} (apart from {@link #newVm}'s own hosts): for tests that place several
     * VMs on one host.
     */
    protected static long newHost() {
        return cloud.host(vmPrefix + "-host" + (++hosts));
    }

    /** Ends every agent job a test left held or running, and lets the server finish what follows from them. */
    protected static void endLeftovers() {
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        server.drain();
    }

    /**
     * {@link #endLeftovers}, with compressions switched back on and the clock moved past every retry interval: for
     * classes whose tests switch compressions off or leave attempts waiting for a retry.
     */
    protected static void endLeftoversAndRetries() {
        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        cloud.setting("backup.compression.task.enabled", "true");
        cloud.clock.advance(Duration.ofHours(2));
        server.drain();
    }

    /**
     * {@link #endLeftovers}, once the test's own passes have ended too, after the queue's limits (cloud-wide,
     * per zone and per host) are set back to none: for classes whose tests set limits and run passes.
     */
    protected static void endLeftoversAndLimits() throws InterruptedException {
        cloud.agents.finishAtOnce();
        cloud.setting("backup.max.concurrent.operations", "0");
        cloud.setting("backup.max.concurrent.operations.per.host", "0");
        cloud.zoneSetting("backup.max.concurrent.operations.per.zone", "0");
        cloud.agents.finishAll();
        for (Thread t : passes) {
            t.join();
        }
        passes.clear();
        server.drain();
    }

    /** How many operations run now, in the whole cloud. */
    protected static long running() {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING'");
    }

    /**
     * One pass in a thread of its own, its handlers blocking on held agent jobs; returns how many it claimed. The
     * claim commits before the first handler starts; then each claimed handler reaches the agent and stops at its
     * held job, except the first whose pass runs it: the wait is for that one. {@link #endLeftoversAndLimits}
     * waits for the pass.
     */
    protected static int claimOnce() throws Exception {
        int jobsBefore = cloud.agents.jobs();
        long runningBefore = running();
        passes.add(server.passInBackground());
        cloud.agents.awaitJobs(jobsBefore + 1);
        return (int) (running() - runningBefore);
    }

    /**
     * The administrator's createBackup of {@code vm} ({@code more}: further name, value pairs), run to its end;
     * fails the test unless the backup succeeded.
     *
     * @return the backup's uuid
     */
    protected static String backedUp(OrchestrationCloud.Vm vm, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "virtualmachineid";
        args[1] = vm.uuid();
        System.arraycopy(more, 0, args, 2, more.length);
        JsonObject asked = server.ok(admin, "createBackup", args);
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        return job.getAsJsonObject("jobresult").getAsJsonObject("backup").get("id").getAsString();
    }

    /** A USER account of the ROOT domain and its caller. */
    protected static Caller user(String name) {
        String account = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO account (uuid, name, domain_id, role, created) SELECT ?, ?, id, 'USER',"
                + " '2026-03-01 08:00:00.000' FROM domain WHERE path = '/'", account, name);
        long accountId = cloud.count("SELECT id FROM account WHERE uuid = ?", account);
        String user = UUID.randomUUID().toString();
        cloud.sql.update("INSERT INTO `user` (uuid, account_id, username, created) VALUES (?, ?, ?,"
                + " '2026-03-01 08:00:00.000')", user, accountId, name);
        long userId = cloud.count("SELECT id FROM `user` WHERE uuid = ?", user);
        long domainId = cloud.count("SELECT id FROM domain WHERE path = '/'");
        return new Caller(userId, user, name, accountId, account, name, Role.USER, domainId,
                cloud.single("SELECT uuid FROM domain WHERE id = ?", domainId), "/");
    }

    /**
     * A user of another account ("stranger", a USER account of the root domain; made once), as the API sees
     * it: for refusals of what the administrator's account owns.
     */
    protected static Caller stranger() {
        cloud.sql.update("INSERT IGNORE INTO account (uuid, name, domain_id, role, created) SELECT UUID(), 'stranger',"
                + " id, 'USER', NOW(3) FROM domain WHERE parent_id IS NULL");
        return cloud.sql.queryForObject("SELECT a.id, a.uuid, d.id, d.uuid, d.path FROM account a JOIN domain d ON"
                + " d.id = a.domain_id WHERE a.name = 'stranger'",
                (rs, i) -> new Caller(999_999L, "stranger-user",
                        "stranger", rs.getLong(1), rs.getString(2), "stranger", Role.USER, rs.getLong(3),
                        rs.getString(4), rs.getString(5)));
    }
}
