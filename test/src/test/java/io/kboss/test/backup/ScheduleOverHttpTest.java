package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.BackupScheduler;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.SettableClock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Backup schedules through the HTTP API: the four commands and their refusals, and a firing that finds
 * its VM busy, run by a {@link BackupScheduler#withClock} copy whose clock the test sets. Firings across
 * two management servers are in {@link TwoManagementServersScheduleTest}, retention in
 * {@link ScheduleRetentionOverHttpTest}. Real MariaDB, agent process and TCG domains.
 */
public class ScheduleOverHttpTest {
    private static LabCloud cloud;
    private static ApiSession admin;
    private static ApiSession bob;
    private static ApiSession carol;
    private static String offering;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-a-sched-", "backup_schedule").adminPassword("schedule-admin").zone("sched")
                .offering("scheduled", "scheduled").users("bob", "carol").domainPrefix("kbt-a-").start();
        admin = cloud.admin;
        bob = cloud.session("bob");
        carol = cloud.session("carol");
        offering = cloud.offering("scheduled");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A test that failed half way must not leave a schedule that fires in the next one's moved clock. */
    @After
    public void removeLeftoverSchedules() throws Exception {
        cloud.sql.execute("UPDATE backup_schedule SET removed = UTC_TIMESTAMP(3) WHERE removed IS NULL");
    }

    @Test
    public void aUserCreatesListsUpdatesAndDeletesASchedulesOfHisOwnVm() throws Exception {
        String vm = newVm("bob", true);
        JsonObject created = bob.ok("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "daily",
                "schedule", "30:14", "timezone", "Europe/Berlin", "maxbackups", "3", "quiescevm", "true")
                .getAsJsonObject("backupschedule");
        assertEquals(created.toString(), "DAILY", created.get("intervaltype").getAsString());
        assertEquals("30:14", created.get("schedule").getAsString());
        assertEquals("Europe/Berlin", created.get("timezone").getAsString());
        assertEquals(3, created.get("maxbackups").getAsInt());
        assertTrue(created.get("quiescevm").getAsBoolean());
        assertFalse(created.get("isolated").getAsBoolean());
        assertEquals(vm, created.get("virtualmachineid").getAsString());
        assertTrue("the next firing is shown: " + created, created.has("nextfire"));
        String id = created.get("id").getAsString();

        JsonObject listed = bob.ok("listBackupSchedule", "virtualmachineid", vm);
        assertEquals(1, io.kboss.test.api.ApiSession.count(listed));
        assertEquals(id, listed.getAsJsonArray("backupschedule").get(0).getAsJsonObject().get("id").getAsString());

        JsonObject updated = bob.ok("updateBackupSchedule", "id", id, "intervaltype", "WEEKLY", "schedule", "0:3:2")
                .getAsJsonObject("backupschedule");
        assertEquals(updated.toString(), "WEEKLY", updated.get("intervaltype").getAsString());
        assertEquals("0:3:2", updated.get("schedule").getAsString());
        assertEquals("what was not given is kept", "Europe/Berlin", updated.get("timezone").getAsString());
        assertEquals(3, updated.get("maxbackups").getAsInt());
        assertEquals(1,
                io.kboss.test.api.ApiSession
                        .count(bob.ok("listBackupSchedule", "virtualmachineid", vm, "keyword", "weekly")));
        assertEquals(0,
                io.kboss.test.api.ApiSession
                        .count(bob.ok("listBackupSchedule", "virtualmachineid", vm, "keyword", "HOURLY")));
        JsonObject secondPage = bob.ok("listBackupSchedule", "virtualmachineid", vm, "page", "2", "pagesize", "1");
        assertEquals(1, io.kboss.test.api.ApiSession.count(secondPage));
        assertEquals("a page past the end has the count and no items, as in CloudStack: " + secondPage, false,
                secondPage.has("backupschedule"));

        assertTrue(bob.ok("deleteBackupSchedule", "id", id).get("success").getAsBoolean());
        assertEquals(0, io.kboss.test.api.ApiSession.count(bob.ok("listBackupSchedule", "virtualmachineid", vm)));
        assertEquals(431, bob.call("updateBackupSchedule", "id", id, "maxbackups", "1").status());
    }

    @Test
    public void badSchedulesAreRefusedWith431SayingWhatIsAllowed() throws Exception {
        String vm = newVm("bob", true);
        ApiSession.Answer type = bob.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "YEARLY",
                "schedule", "0", "timezone", "UTC");
        assertEquals(type.response().toString(), 431, type.status());
        assertTrue(type.errorText(), type.errorText().contains("HOURLY") && type.errorText().contains("MONTHLY"));

        ApiSession.Answer minute = bob.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "DAILY",
                "schedule", "61:10", "timezone", "UTC");
        assertEquals(431, minute.status());
        assertTrue(minute.errorText(), minute.errorText().contains("MM:HH") && minute.errorText().contains("0-59"));

        ApiSession.Answer day = bob.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "MONTHLY",
                "schedule", "0:1:31", "timezone", "UTC");
        assertEquals(431, day.status());
        assertTrue(day.errorText(), day.errorText().contains("1-28"));

        ApiSession.Answer zone = bob.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY",
                "schedule", "5", "timezone", "Mars/Olympus");
        assertEquals(431, zone.status());
        assertTrue(zone.errorText(), zone.errorText().contains("IANA time zone"));

        ApiSession.Answer keep = bob.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY",
                "schedule", "5", "timezone", "UTC", "maxbackups", "-1");
        assertEquals(431, keep.status());
        assertEquals("nothing was stored", 0,
                io.kboss.test.api.ApiSession.count(bob.ok("listBackupSchedule", "virtualmachineid", vm)));
    }

    @Test
    public void aVmWithoutOfferingGetsNoScheduleAndOtherAccountsCannotSeeOrTouchOnes() throws Exception {
        String bare = newVm("admin", false);
        ApiSession.Answer noOffering = admin.call("createBackupSchedule", "virtualmachineid", bare, "intervaltype",
                "HOURLY", "schedule", "5", "timezone", "UTC");
        assertEquals(431, noOffering.status());
        assertTrue(noOffering.errorText(), noOffering.errorText().contains("assignVirtualMachineToBackupOffering"));

        String vm = newVm("bob", true);
        String id = bob.ok("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY", "schedule", "5",
                "timezone", "UTC").getAsJsonObject("backupschedule").get("id").getAsString();
        assertEquals(432, carol.call("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "HOURLY",
                "schedule", "5", "timezone", "UTC").status());
        assertEquals(432, carol.call("listBackupSchedule", "id", id).status());
        assertEquals(432, carol.call("updateBackupSchedule", "id", id, "schedule", "7").status());
        assertEquals(432, carol.call("deleteBackupSchedule", "id", id).status());
        JsonObject carolSees = carol.ok("listBackupSchedule");
        assertFalse("carol lists none of bob's schedules: " + carolSees, carolSees.toString().contains(id));
        assertTrue("the admin sees it", admin.ok("listBackupSchedule", "listall", "true").toString().contains(id));
        bob.ok("deleteBackupSchedule", "virtualmachineid", vm);
    }

    @Test
    public void aFiringWhileTheVmIsBusyIsClaimedWithTheReasonAndQueuesNothing() throws Exception {
        String vm = newVm("admin", true);
        String schedule = "0:2:" + farDay();
        String id = admin.ok("createBackupSchedule", "virtualmachineid", vm, "intervaltype", "MONTHLY", "schedule",
                schedule, "timezone", "Asia/Kolkata").getAsJsonObject("backupschedule").get("id").getAsString();
        long scheduleId = Long.parseLong(cloud.single("SELECT id FROM backup_schedule WHERE uuid = '" + id + "'"));
        String held = cloud.holdVm(vm);
        try {
            Instant due = BackupSchedule.parse(scheduleId, "MONTHLY", schedule, "Asia/Kolkata")
                    .nextFiringAfter(Instant.now())
                    .scheduledAt();
            BackupScheduler scheduler = cloud.server().bean(BackupScheduler.class)
                    .withClock(new SettableClock(due.plusSeconds(1)));
            try {
                assertEquals(0, scheduler.runDueFirings());
            } finally {
                scheduler.stop();
            }
            String error = cloud.single("SELECT error FROM backup_schedule_firing WHERE schedule_id = " + scheduleId);
            assertTrue(error, error.contains("busy with a restore"));
            assertEquals("0", cloud.single("SELECT COUNT(*) FROM backup WHERE schedule_id = " + scheduleId));
        } finally {
            cloud.releaseVm(held);
            admin.ok("deleteBackupSchedule", "id", id);
        }
    }

    private static String newVm(String owner, boolean withOffering) throws Exception {
        LabVm vm = cloud.newVm("64M");
        if (owner.equals("bob")) {
            cloud.giveTo(vm, "bob");
        }
        if (withOffering) {
            cloud.assignOffering(admin, vm, offering);
        }
        return vm.uuid;
    }

    /** A day of the month that is neither today nor tomorrow, so the server's real clock fires nothing meanwhile. */
    private static int farDay() {
        return (Instant.now().atZone(ZoneOffset.UTC).getDayOfMonth() + 9) % 28 + 1;
    }
}
