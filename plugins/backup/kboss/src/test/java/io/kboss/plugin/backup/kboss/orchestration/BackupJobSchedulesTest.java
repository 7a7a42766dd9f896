package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.backup.schedule.BackupScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backup jobs' schedules on the real queue and the framework's scheduler rounds, by the tier's settable
 * clock: a firing starts exactly one run across two management servers, a firing while a run is in
 * progress is skipped with why, the time zone decides the instant, bad schedules are refused naming the
 * parameter, and a deleted job fires no more. Each test starts on a day of its own (the clock only moves
 * forward).
 */
public class BackupJobSchedulesTest extends OneServerLab {
    private static OrchestrationServer other;
    private static int hosts;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_backup_job_schedules", "jobsched", 8, "sched");
        other = cloud.server("ms-2", 8);
        cloud.setting("backup.max.concurrent.operations.per.host", "0");
    }

    /** The run a test left goes to its end, and its jobs fire no more in the next test's rounds. */
    @After
    public void drain() {
        server.drain();
        cloud.sql.update("UPDATE backup_job SET interval_type = NULL, schedule = NULL, timezone = NULL,"
                + " next_fire = NULL");
    }

    /** Midnight UTC of a day after the clock's today: a fresh day for the test. */
    private static Instant nextDay() {
        Instant day = cloud.clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        cloud.clock.set(day);
        return day;
    }

    private static String createJob(String name, String... more) {
        long h = cloud.host("sched-h" + (++hosts));
        OrchestrationCloud.Vm vm = cloud.vm(name + "-vm", h);
        List<String> args = new ArrayList<>(List.of("name", name, "virtualmachineids", vm.uuid()));
        args.addAll(List.of(more));
        return server.ok(admin, "createBackupJob", args.toArray(new String[0])).getAsJsonObject("backupjob").get("id")
                .getAsString();
    }

    private static JsonObject listed(String job) {
        return server.ok(admin, "listBackupJobs", "id", job).getAsJsonArray("backupjob").get(0).getAsJsonObject();
    }

    private static long runs(String job) {
        return cloud.count("SELECT COUNT(*) FROM backup_job_run r JOIN backup_job j ON j.id = r.job_id"
                + " WHERE j.uuid = ?", job);
    }

    private static int round(OrchestrationServer s) {
        return s.bean(BackupScheduler.class).runDueFirings();
    }

    @Test
    public void listBackupScheduleListsAJobsScheduleBesideTheVmsSchedulesInTheSameShape() throws Exception {
        String job = createJob("listed", "intervaltype", "WEEKLY", "schedule", "10:08:2", "timezone", "UTC");
        String unscheduled = createJob("unlisted");
        JsonObject mine = null;
        for (JsonElement e : server.ok(admin, "listBackupSchedule").getAsJsonArray("backupschedule")) {
            if (job.equals(e.getAsJsonObject().get("backupjobid").getAsString())) {
                mine = e.getAsJsonObject();
            }
            assertFalse("a job without a schedule has none", e.toString().contains(unscheduled));
        }
        assertTrue(mine != null);
        assertEquals(job, mine.get("id").getAsString());
        assertEquals("listed", mine.get("backupjobname").getAsString());
        assertEquals("WEEKLY", mine.get("intervaltype").getAsString());
        assertEquals("10:08:2", mine.get("schedule").getAsString());
        assertEquals("UTC", mine.get("timezone").getAsString());
        assertEquals(listed(job).get("nextfire").getAsString(), mine.get("nextfire").getAsString());
        assertFalse(mine.toString(), mine.has("virtualmachineid"));

        JsonObject one = server.ok(admin, "listBackupSchedule", "backupjobid", job);
        assertEquals(1, one.get("count").getAsInt());
        assertEquals(job, one.getAsJsonArray("backupschedule").get(0).getAsJsonObject().get("id").getAsString());
        JsonObject none = server.ok(admin, "listBackupSchedule", "backupjobid", unscheduled);
        assertTrue(none.toString(), !none.has("count") || none.get("count").getAsInt() == 0);
        server.refused(431, admin, "listBackupSchedule", "backupjobid", java.util.UUID.randomUUID().toString());
    }

    @Test
    public void aDailyScheduleFiresOnceAtItsTimeAcrossTwoServers() throws Exception {
        Instant day = nextDay();
        String job = createJob("daily", "intervaltype", "daily", "schedule", "30:09", "timezone", "UTC");
        JsonObject created = listed(job);
        assertEquals("DAILY", created.get("intervaltype").getAsString());
        assertEquals("30:09", created.get("schedule").getAsString());
        assertTrue(created.toString(), created.get("nextfire").getAsString().contains("T09:30:00"));

        cloud.clock.set(day.plus(Duration.ofMinutes(9 * 60 + 29)));
        assertEquals("not yet due", 0, round(server) + round(other));
        assertEquals(0, runs(job));

        cloud.clock.set(day.plus(Duration.ofMinutes(9 * 60 + 30)).plusSeconds(5));
        // Both servers' rounds at once: the firing row's unique key lets one of them start the run.
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int started = 0;
        try {
            List<Future<Integer>> rounds = new ArrayList<>();
            for (OrchestrationServer s : List.of(server, other)) {
                Callable<Integer> r = () -> {
                    together.await();
                    return round(s);
                };
                rounds.add(threads.submit(r));
            }
            for (Future<Integer> f : rounds) {
                started += f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals("exactly one server starts the run", 1, started);
        assertEquals(1, runs(job));
        // Even a server that still thinks the firing is due (its round read the job before the claim)
        // loses it to the unique key.
        cloud.sql.update("UPDATE backup_job SET next_fire = ? WHERE uuid = ?", java.sql.Timestamp.from(day.plus(
                Duration.ofMinutes(9 * 60 + 30))), job);
        assertEquals(0, round(other));
        assertEquals(1, runs(job));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM backup_job_firing f JOIN backup_job j ON j.id = f.job_id"
                + " WHERE j.uuid = ?", job));

        JsonObject fired = listed(job);
        JsonObject lastRun = fired.getAsJsonObject("lastrun");
        assertEquals(fired.toString(), lastRun.get("id").getAsString(), fired.getAsJsonObject("lastfiring").get(
                "backupjobrunid").getAsString());
        assertTrue(fired.toString(), fired.get("nextfire").getAsString().contains("T09:30:00"));
        assertEquals("its VM's backup is queued like runBackupJob's", 1, server.drain());
        assertEquals("FINISHED", listed(job).getAsJsonObject("lastrun").get("state").getAsString());

        cloud.clock.set(day.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(9 * 60 + 31)));
        assertEquals("and again the next day", 1, round(other) + round(server));
        assertEquals(2, runs(job));
    }

    @Test
    public void aFiringWhileARunIsInProgressIsSkippedWithWhy() throws Exception {
        Instant day = nextDay();
        String job = createJob("hourly", "intervaltype", "HOURLY", "schedule", "15", "timezone", "UTC");
        JsonObject started = server.ok(admin, "runBackupJob", "id", job);
        server.endedJob(admin, started.get("jobid").getAsString());
        assertEquals("RUNNING", listed(job).getAsJsonObject("lastrun").get("state").getAsString());

        cloud.clock.set(day.plus(Duration.ofMinutes(16)));
        assertEquals(0, round(server));
        assertEquals("no second run", 1, runs(job));
        JsonObject firing = listed(job).getAsJsonObject("lastfiring");
        String why = firing.get("skipped").getAsString();
        assertTrue(why, why.contains("is still in progress") && why.contains("this firing is skipped"));
        assertFalse(firing.toString(), firing.has("backupjobrunid"));
        assertTrue(firing.get("scheduled").getAsString().contains("T00:15:00"));

        assertEquals(1, server.drain());
        cloud.clock.set(day.plus(Duration.ofMinutes(75)));
        assertEquals("the next hour fires once the run ended", 1, round(server));
        assertEquals(2, runs(job));
    }

    @Test
    public void theScheduleIsReadInItsTimeZone() throws Exception {
        Instant day = nextDay();
        // 09:30 in New York is 14:30 UTC in winter (EST), 13:30 once daylight saving starts (8 March 2026).
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant at = LocalDate.ofInstant(day, ZoneOffset.UTC).atTime(9, 30).atZone(newYork).toInstant();
        String job = createJob("newyork", "intervaltype", "DAILY", "schedule", "30:09", "timezone",
                "America/New_York");
        String hour = DateTimeFormatter.ofPattern("'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(at);
        assertTrue(listed(job).toString(), listed(job).get("nextfire").getAsString().contains(hour));
        cloud.clock.set(day.plus(Duration.ofMinutes(9 * 60 + 31)));
        assertEquals("09:30 UTC is not the job's time", 0, round(server));
        cloud.clock.set(at.minusSeconds(60));
        assertEquals(0, round(server));
        assertEquals(0, runs(job));
        cloud.clock.set(at.plusSeconds(1));
        assertEquals(1, round(server));
        assertEquals(1, runs(job));
    }

    @Test
    public void badSchedulesAreRefusedNamingTheParameterAndChangeNothing() {
        long jobsBefore = cloud.count("SELECT COUNT(*) FROM backup_job");
        String vm = cloud.vm("refused-vm", cloud.host("sched-h" + (++hosts))).uuid();
        assertRefused("intervaltype", "createBackupJob", "name", "bad", "virtualmachineids", vm, "intervaltype",
                "YEARLY", "schedule", "30:09", "timezone", "UTC");
        assertRefused("schedule", "createBackupJob", "name", "bad", "virtualmachineids", vm, "intervaltype", "DAILY",
                "schedule", "30:25", "timezone", "UTC");
        assertRefused("schedule", "createBackupJob", "name", "bad", "virtualmachineids", vm, "intervaltype",
                "WEEKLY", "schedule", "30:09", "timezone", "UTC");
        assertRefused("timezone", "createBackupJob", "name", "bad", "virtualmachineids", vm, "intervaltype", "DAILY",
                "schedule", "30:09", "timezone", "Mars/Olympus");
        assertRefused("timezone", "createBackupJob", "name", "bad", "virtualmachineids", vm, "intervaltype", "DAILY",
                "schedule", "30:09");
        assertEquals("no job was created", jobsBefore, cloud.count("SELECT COUNT(*) FROM backup_job"));

        String job = createJob("kept", "intervaltype", "DAILY", "schedule", "30:09", "timezone", "UTC");
        assertRefused("schedule", "updateBackupJob", "id", job, "intervaltype", "MONTHLY", "schedule", "0:1:31");
        assertRefused("removeschedule", "updateBackupJob", "id", job, "removeschedule", "true", "schedule", "1:1");
        JsonObject kept = listed(job);
        assertEquals("DAILY", kept.get("intervaltype").getAsString());
        assertEquals("30:09", kept.get("schedule").getAsString());
        // An update may change one part: the rest is kept.
        JsonObject changed = server.ok(admin, "updateBackupJob", "id", job, "schedule", "45:10").getAsJsonObject(
                "backupjob");
        assertEquals("DAILY", changed.get("intervaltype").getAsString());
        assertTrue(changed.toString(), changed.get("nextfire").getAsString().contains("T10:45:00"));
    }

    private static void assertRefused(String parameter, String command, String... args) {
        JsonObject refused = server.refused(431, admin, command, args);
        String text = refused.get("errortext").getAsString();
        assertTrue(parameter + ": " + text, text.contains(parameter));
    }

    @Test
    public void deletingAJobRemovesItsScheduleAndRemovingTheScheduleStopsIt() throws Exception {
        Instant day = nextDay();
        String deleted = createJob("deleted", "intervaltype", "HOURLY", "schedule", "10", "timezone", "UTC");
        String unscheduled = createJob("unscheduled", "intervaltype", "HOURLY", "schedule", "10", "timezone",
                "Europe/Berlin");
        server.ok(admin, "deleteBackupJob", "id", deleted);
        JsonObject updated = server.ok(admin, "updateBackupJob", "id", unscheduled, "removeschedule", "true")
                .getAsJsonObject("backupjob");
        assertFalse(updated.toString(), updated.has("intervaltype") || updated.has("nextfire"));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM backup_job WHERE uuid = ? AND (interval_type IS NOT NULL"
                + " OR next_fire IS NOT NULL)", deleted));
        cloud.clock.set(day.plus(Duration.ofHours(3)));
        assertEquals(0, round(server) + round(other));
        assertEquals(0, runs(deleted) + runs(unscheduled));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM backup_job_firing f JOIN backup_job j ON j.id = f.job_id"
                + " WHERE j.uuid IN (?, ?)", deleted, unscheduled));
        assertNull(cloud.sql.queryForObject("SELECT schedule FROM backup_job WHERE uuid = ?", String.class,
                deleted));
    }
}
