package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.BackupScheduler;
import io.kboss.server.app.KbossServer;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two full management servers ({@link KbossServer#start} twice) on one database, sharing one schedule
 * clock the test moves, each running its own scheduler: its own background rounds and the rounds the
 * test starts on both, at the same moment or one after the other. Every firing must run exactly once. Real MariaDB, one
 * kboss-agent process whose host both servers reach, a TCG domain.
 */
public class TwoManagementServersScheduleTest {
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int FIRINGS = 4;

    private static LabCloud cloud;
    private static KbossServer one;
    private static KbossServer two;
    private static ApiSession onOne;
    private static ApiSession onTwo;
    private static String offering;
    private static final SettableClock clock = new SettableClock(Instant.parse("2032-07-07T07:00:00Z"));

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-a-twoms-", "two_servers_schedule").adminPassword("two-servers-admin")
                .configure(b -> b.serverName("kbt-a-ms-one").scheduleClock(clock)).zone("two")
                .offering("twice", "two servers").domainPrefix("kbt-a-").start();
        one = cloud.server();
        onOne = cloud.admin;
        offering = cloud.offering("twice");
        two = cloud.startAnotherServer("server-two", b -> b.serverName("kbt-a-ms-two"));
        onTwo = ApiSession.login(two.baseUrl(), "admin", cloud.adminPassword(), "/");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void twoServersOnOneDatabaseRunEveryFiringOnceAndRetentionKeepsTheNewest() throws Exception {
        LabVm labVm = cloud.newVm("16M");
        LabDomain d = labVm.domain;
        String vm = labVm.uuid;
        cloud.assignOffering(onOne, labVm, offering);
        String uuid = onTwo
                .ok("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY", "schedule", "15",
                        "timezone", "UTC", "maxbackups", "2")
                .getAsJsonObject("backupschedule").get("id").getAsString();
        long id = Long.parseLong(cloud.single("SELECT id FROM backup_schedule WHERE uuid = '" + uuid + "'"));
        BackupSchedule parsed = BackupSchedule.parse(id, "HOURLY", "15", "UTC");
        BackupScheduler schedulerOne = one.bean(BackupScheduler.class);
        BackupScheduler schedulerTwo = two.bean(BackupScheduler.class);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            assertEquals("nothing is due before the first firing", 0,
                    schedulerOne.runDueFirings() + schedulerTwo.runDueFirings());
            for (int k = 1; k <= FIRINGS; k++) {
                d.write(0x20 + k, (k - 1) + "M", "1M");
                clock.set(parsed.nextFiringAfter(clock.instant()).scheduledAt().plusSeconds(20));
                int queued;
                if (k % 2 == 1) {
                    // Both at the same moment.
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<Integer> a = both.submit(roundAfter(start, schedulerOne));
                    Future<Integer> b = both.submit(roundAfter(start, schedulerTwo));
                    queued = a.get() + b.get();
                } else {
                    // Server two first, then server one finds the firing taken.
                    queued = schedulerTwo.runDueFirings();
                    queued += schedulerOne.runDueFirings();
                }
                // A server's own background round may have won the firing already: then the test's rounds queue none.
                assertTrue("firing " + k + ": at most one of the two rounds queued it, got " + queued, queued <= 1);
                assertEquals("firing " + k + ": one firing row", String.valueOf(k),
                        count("backup_schedule_firing", id));
                assertEquals("firing " + k + ": one backup", String.valueOf(k), count("backup", id));

                // A server that read the schedule before the claim committed still sees the firing due; only
                // the firing row's unique key stops it. Put next_fire back to the claimed firing to be it.
                cloud.sql.execute(
                        "UPDATE backup_schedule SET next_fire = (SELECT MAX(scheduled_time) FROM backup_schedule_firing"
                                + " WHERE schedule_id = " + id + ") WHERE id = " + id);
                assertEquals("a stale reader loses the claim", 0, schedulerOne.runDueFirings()
                        + schedulerTwo.runDueFirings());
                assertEquals(String.valueOf(k), count("backup_schedule_firing", id));
                assertEquals(String.valueOf(k), count("backup", id));
                settle(id, k, Math.min(k, 2));
            }
        } finally {
            both.shutdownNow();
        }
        assertEquals("each firing is its own time", String.valueOf(FIRINGS), cloud.single("SELECT COUNT(DISTINCT"
                + " scheduled_time) FROM backup_schedule_firing WHERE schedule_id = " + id));
        assertEquals("each firing row names its own backup", String.valueOf(FIRINGS),
                cloud.single("SELECT COUNT(DISTINCT"
                        + " backup_id) FROM backup_schedule_firing WHERE schedule_id = " + id));
        List<String> newest = new ArrayList<>();
        for (String row : cloud.sql
                .rows("SELECT uuid FROM backup WHERE schedule_id = " + id + " ORDER BY id DESC LIMIT 2")) {
            newest.add(0, row);
        }
        JsonArray listed = onTwo.ok("listBackups", "virtualmachineid", vm).getAsJsonArray("backup");
        List<String> listedIds = new ArrayList<>();
        for (JsonElement e : listed) {
            assertEquals(e.toString(), "BackedUp", e.getAsJsonObject().get("status").getAsString());
            listedIds.add(e.getAsJsonObject().get("id").getAsString());
        }
        assertEquals("the two newest backups are kept, by either server's retention", newest, listedIds);
        assertEquals(String.valueOf(FIRINGS - 2), cloud.single("SELECT COUNT(*) FROM backup WHERE schedule_id = " + id
                + " AND status = 'Expunged'"));
        onOne.ok("deleteBackupSchedule", "id", uuid);
    }

    private static Callable<Integer> roundAfter(CyclicBarrier start, BackupScheduler scheduler) {
        return () -> {
            start.await();
            return scheduler.runDueFirings();
        };
    }

    /** Waits until the firing's backup and the retention after it have ended, whichever server ran them. */
    private static void settle(long id, int firings, int backedUp) throws Exception {
        String settled = "SELECT (SELECT COUNT(*) FROM backup WHERE schedule_id = " + id + " AND status = 'BackedUp')"
                + " = " + backedUp + " AND (SELECT COUNT(*) FROM backup WHERE schedule_id = " + id + " AND status IN"
                + " ('Queued', 'BackingUp', 'Removed')) = 0 AND (SELECT COUNT(*) FROM vm_instance v JOIN backup_schedule"
                + " s ON s.vm_id = v.id WHERE s.id = " + id
                + " AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = v.id)) = 1";
        long end = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < end) {
            if (cloud.single(settled).equals("1")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("firing " + firings + " did not end with " + backedUp + " backups within " + SETTLE
                + ": "
                + cloud.sql.rows(
                        "SELECT CONCAT(id, ' ', status, ' ', COALESCE(error, '')) FROM backup WHERE schedule_id = "
                                + id));
    }

    private static String count(String table, long scheduleId) throws Exception {
        return cloud.single("SELECT COUNT(*) FROM " + table + " WHERE schedule_id = " + scheduleId);
    }
}
