package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;

import io.kboss.server.api.Caller;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * Backups of one zone ending at the same moment, each adding its bytes to the zone's one store. Before
 * V32 a backup's status change took a shared lock on the store's row (the foreign key was checked through
 * an index holding the status), so two ends at once each held that lock and waited for the other's before
 * writing {@code used_bytes}: MariaDB rolled one back, and after the ending transaction's five tries the
 * backup ended FAILED (the queue benchmark lost most of a burst so). Here every round ends one backup per
 * server at once; none may be picked as a deadlock victim, every backup ends BackedUp, and the store counts
 * exactly the bytes they wrote.
 */
public class StoreAccountingBurstTest {
    /** Servers with one worker each: one pass each claims one backup and ends it in its own thread. */
    private static final int SERVERS = 6;
    private static final int ROUNDS = 4;

    @Rule
    public final OneZoneCloud lab = new OneZoneCloud("orchestration_store_burst", "store-burst");

    @Test
    public void backupsOfOneZoneEndingAtOnceAllEndBackedUpAndTheStoreCountsEveryByte() throws Exception {
        OrchestrationCloud cloud = lab.cloud();
        List<OrchestrationServer> servers = new ArrayList<>();
        for (int s = 0; s < SERVERS; s++) {
            servers.add(cloud.server("store-burst-" + s, 1));
        }
        Caller admin = cloud.admin();
        cloud.setting("backup.max.concurrent.operations", Integer.toString(SERVERS)); // the default is 5
        int backups = SERVERS * ROUNDS;
        for (int i = 0; i < backups; i++) {
            OrchestrationCloud.Vm vm = cloud.vm("store-burst-" + i, cloud.host("store-burst-h" + i));
            servers.get(i % SERVERS).ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        }
        long deadlocksBefore = deadlocks();
        for (int round = 0; round < ROUNDS; round++) {
            // Every server claims one backup and waits in it for its held agent job; then all jobs end at once,
            // so all the servers run their ending transactions together.
            cloud.agents.hold();
            int jobsBefore = cloud.agents.jobs();
            List<Thread> passes = new ArrayList<>();
            for (OrchestrationServer s : servers) {
                Thread t = new Thread(s::pass, "store-burst-pass");
                t.setDaemon(true);
                passes.add(t);
                t.start();
            }
            cloud.agents.awaitJobs(jobsBefore + SERVERS);
            cloud.agents.finishAtOnce();
            cloud.agents.finishAll();
            for (Thread t : passes) {
                t.join();
            }
        }
        assertEquals("no transaction was picked as a deadlock victim while the backups ended", 0,
                deadlocks() - deadlocksBefore);
        assertEquals(backups, cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'SUCCEEDED'"));
        assertEquals(backups, cloud.count("SELECT COUNT(*) FROM backup WHERE status = 'BackedUp'"));
        long written = cloud.count("SELECT SUM(size) FROM backup WHERE status = 'BackedUp'");
        assertEquals("each backup's file counted", backups * FakeAgents.FILE_BYTES, written);
        assertEquals("the store's used bytes are the sum of its backups' sizes", written,
                cloud.count("SELECT used_bytes FROM image_store WHERE id = ?", cloud.storeId()));
    }

    /** MariaDB's count of transactions it rolled back to break a deadlock, since it started. */
    private long deadlocks() {
        return lab.cloud().sql.queryForObject("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'", (rs, i) -> rs.getLong(2));
    }
}
