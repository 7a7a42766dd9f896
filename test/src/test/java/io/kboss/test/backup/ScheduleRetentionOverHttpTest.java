package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.backup.schedule.domain.BackupSchedule;
import io.kboss.server.backup.schedule.BackupScheduler;
import io.kboss.plugin.backup.kboss.delete.Retention;
import io.kboss.server.backup.schedule.ScheduleRepository;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Retention that really deletes, through the HTTP API: a schedule's firings, driven by a clock the test
 * moves ({@link KbossServerConfig.Builder#scheduleClock}), take backups of a TCG domain with writes
 * between them; retention deletes what is past maxbackups through the agent's merge, and every survivor
 * is restored and read back. Real MariaDB, kboss-agent process and libvirt/QEMU.
 */
public class ScheduleRetentionOverHttpTest {
    private static final Duration SETTLE = Duration.ofSeconds(120);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static long storeId;
    private static String offering;
    private static final SettableClock clock = new SettableClock(Instant.parse("2031-03-03T10:00:00Z"));

    @BeforeClass
    public static void startEverything() throws Exception {
        // Chains of four: six firings make two chains, so retention merges within a chain and across them.
        cloud = LabCloud.builder("kbt-a-retention-", "schedule_retention").adminPassword("retention-admin")
                .configure(b -> b.scheduleClock(clock)).zone("retention").offering("kept", "retention",
                        "backupchainsize", "4")
                .domainPrefix("kbt-a-").jobTimeout(SETTLE).start();
        admin = cloud.admin;
        storeId = Long.parseLong(cloud.single("SELECT id FROM image_store"));
        offering = cloud.offering("kept");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A test that failed half way must not leave a schedule that fires when the next one moves the clock. */
    @After
    public void removeLeftoverSchedules() throws Exception {
        cloud.sql.execute("UPDATE backup_schedule SET removed = UTC_TIMESTAMP(3) WHERE removed IS NULL");
    }

    @Test
    public void aScheduleKeepingThreeDeletesTheOlderBackupsByMergingAndEverySurvivorRestoresItsOwnPoint()
            throws Exception {
        LabVm vm = newVm();
        vm.domain.write(0x0f, "10M", "1M");
        String manual = backUp(vm);
        Schedule schedule = schedule(vm, "3");
        Map<Integer, String> points = new LinkedHashMap<>();
        Map<Integer, Long> takenSizes = new LinkedHashMap<>();
        long written = 0;
        for (int k = 1; k <= 6; k++) {
            vm.domain.write(0x10 + k, (k - 1) + "M", "1M");
            fire(schedule, k, Math.min(k, 3));
            String newest = cloud.single("SELECT uuid FROM backup WHERE schedule_id = " + schedule.id
                    + " ORDER BY id DESC LIMIT 1");
            points.put(k, newest);
            takenSizes.put(k, listed(newest).get("size").getAsLong());
            written += takenSizes.get(k);
        }

        List<String> kept = new ArrayList<>();
        for (JsonElement e : list("virtualmachineid", vm.uuid)) {
            JsonObject b = e.getAsJsonObject();
            assertEquals(b.toString(), "BackedUp", b.get("status").getAsString());
            kept.add(b.get("id").getAsString());
        }
        assertEquals("the manual backup and the schedule's three newest are listed, nothing else",
                List.of(manual, points.get(4), points.get(5), points.get(6)), kept);
        for (int k = 1; k <= 3; k++) {
            assertEquals("point " + k + " is past maxbackups", "Expunged",
                    cloud.single("SELECT status FROM backup WHERE uuid = '" + points.get(k) + "'"));
        }
        JsonObject oldest = listed(points.get(4));
        assertEquals("the oldest survivor absorbed its chain's expired backups and is a full: " + oldest, "Full",
                oldest.get("type").getAsString());
        assertFalse(oldest.toString(), oldest.has("parentid"));
        assertTrue("it holds what it absorbed and shows it: " + takenSizes.get(4) + " bytes when taken, now " + oldest,
                oldest.get("size").getAsLong() > takenSizes.get(4));
        assertEquals("the new chain still grows on its own full", points.get(5),
                listed(points.get(6)).get("parentid").getAsString());

        long listedSizes = 0;
        for (String id : kept) {
            long size = listed(id).get("size").getAsLong();
            assertEquals("backup " + id + " shows the size of its file(s) on the store", filesOnStore(id), size);
            listedSizes += size;
        }
        long used = usedBytes();
        assertEquals("the store's used bytes are what the listed backups occupy", listedSizes, used);
        long manualSize = listed(manual).get("size").getAsLong();
        assertTrue("retention gave space back: " + used + " used of " + (written + manualSize) + " written",
                used < written + manualSize);

        stop(vm);
        for (int k = 4; k <= 6; k++) {
            restore(points.get(k));
            for (int mib = 0; mib < k; mib++) {
                assertPattern(vm.domain.disk, 0x11 + mib, mib);
            }
            assertPattern(vm.domain.disk, 0x00, k);
            assertPattern(vm.domain.disk, 0x0f, 10);
        }
        restore(manual);
        assertPattern(vm.domain.disk, 0x00, 0);
        assertPattern(vm.domain.disk, 0x0f, 10);
    }

    @Test
    public void retentionLeavesABusyVmAloneAndItsNextPassDeletes() throws Exception {
        LabVm vm = newVm();
        Schedule schedule = schedule(vm, null);
        fire(schedule, 1, 1);
        fire(schedule, 2, 2);
        admin.ok("updateBackupSchedule", "id", schedule.uuid, "maxbackups", "1");
        String held = cloud.holdVm(vm.uuid);
        Retention.Pass waited;
        try {
            waited = retentionPass(schedule);
        } finally {
            cloud.releaseVm(held);
        }
        assertTrue(waited.toString(), waited.deleted().isEmpty());
        assertTrue(waited.toString(), waited.leftForNext().orElseThrow().contains("restore"));
        assertEquals("nothing was deleted or hidden", 2, list("virtualmachineid", vm.uuid).size());
        assertEquals("0", cloud.single("SELECT COUNT(*) FROM backup WHERE schedule_id = " + schedule.id
                + " AND status = 'Removed'"));

        Retention.Pass next = retentionPass(schedule);
        assertEquals(next.toString(), 1, next.deleted().size());
        assertTrue(next.toString(), next.leftForNext().isEmpty());
        assertEquals(1, list("virtualmachineid", vm.uuid).size());
    }

    @Test
    public void aMergeThatFailsLeavesTheBackupRemovedAndTheNextPassFinishesIt() throws Exception {
        LabVm vm = newVm();
        Schedule schedule = schedule(vm, null);
        vm.domain.write(0x41, "0", "1M");
        fire(schedule, 1, 1);
        vm.domain.write(0x42, "1M", "1M");
        fire(schedule, 2, 2);
        String full = cloud
                .single("SELECT uuid FROM backup WHERE schedule_id = " + schedule.id + " ORDER BY id LIMIT 1");
        String newest = cloud.single("SELECT uuid FROM backup WHERE schedule_id = " + schedule.id
                + " ORDER BY id DESC LIMIT 1");
        admin.ok("updateBackupSchedule", "id", schedule.uuid, "maxbackups", "1");
        // The fault: the full's file is not where the store should have it, so the agent cannot merge it.
        Path fullFile = cloud.store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b"
                + " ON b.id = bv.backup_id WHERE b.uuid = '" + full + "'"));
        Path aside = fullFile.resolveSibling("aside.qcow2");
        Files.move(fullFile, aside);
        Retention.Pass failed;
        try {
            failed = retentionPass(schedule);
        } finally {
            Files.move(aside, fullFile, StandardCopyOption.ATOMIC_MOVE);
        }
        assertTrue(failed.toString(), failed.leftForNext().orElseThrow().contains("missing"));
        assertEquals("the full is hidden, not gone", "Removed", cloud.single("SELECT status FROM backup WHERE uuid = '"
                + full + "'"));
        assertEquals(1, list("virtualmachineid", vm.uuid).size());
        assertEquals("VM released", "1", cloud.single("SELECT COUNT(*) FROM vm_instance WHERE uuid = '" + vm.uuid
                + "' AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = vm_instance.id)"));

        Retention.Pass next = retentionPass(schedule);
        assertEquals(next.toString(), 1, next.deleted().size());
        assertEquals("Expunged", cloud.single("SELECT status FROM backup WHERE uuid = '" + full + "'"));
        assertFalse(Files.exists(fullFile));
        stop(vm);
        restore(newest);
        assertPattern(vm.domain.disk, 0x41, 0);
        assertPattern(vm.domain.disk, 0x42, 1);
    }

    private record Schedule(String uuid, long id, BackupSchedule parsed) {
    }

    /** An hourly schedule at minute 30 of the VM, keeping {@code maxBackups} (null: all). */
    private static Schedule schedule(LabVm vm, String maxBackups) throws Exception {
        List<String> params = new ArrayList<>(List.of("virtualmachineid", vm.uuid, "intervaltype", "HOURLY",
                "schedule", "30", "timezone", "UTC"));
        if (maxBackups != null) {
            params.addAll(List.of("maxbackups", maxBackups));
        }
        String uuid = admin.ok("createBackupSchedule", params.toArray(String[]::new)).getAsJsonObject("backupschedule")
                .get("id").getAsString();
        long id = Long.parseLong(cloud.single("SELECT id FROM backup_schedule WHERE uuid = '" + uuid + "'"));
        return new Schedule(uuid, id, BackupSchedule.parse(id, "HOURLY", "30", "UTC"));
    }

    /**
     * Moves the clock past the schedule's next firing, runs a round (the server's own round may win the
     * firing instead: either way it runs once) and waits until its backup and retention have ended.
     */
    private static void fire(Schedule s, int firings, int backedUp) throws Exception {
        clock.set(s.parsed.nextFiringAfter(clock.instant()).scheduledAt().plusSeconds(20));
        cloud.server().bean(BackupScheduler.class).runDueFirings();
        long end = System.nanoTime() + SETTLE.toNanos();
        String settled = "SELECT (SELECT COUNT(*) FROM backup_schedule_firing WHERE schedule_id = " + s.id + ") = "
                + firings + " AND (SELECT COUNT(*) FROM backup WHERE schedule_id = " + s.id
                + " AND status = 'BackedUp')"
                + " = " + backedUp + " AND (SELECT COUNT(*) FROM backup WHERE schedule_id = " + s.id + " AND status IN"
                + " ('Queued', 'BackingUp', 'Removed')) = 0 AND (SELECT COUNT(*) FROM vm_instance v JOIN backup_schedule"
                + " s ON s.vm_id = v.id WHERE s.id = " + s.id
                + " AND NOT EXISTS (SELECT 1 FROM operation o WHERE o.vm_lock = v.id)) = 1";
        while (System.nanoTime() < end) {
            if (cloud.single(settled).equals("1")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("firing " + firings + " of schedule " + s.uuid + " did not end with " + backedUp
                + " backups within " + SETTLE + "; backups: "
                + cloud.sql.rows("SELECT id, status, error FROM backup WHERE"
                        + " schedule_id = " + s.id));
    }

    private static Retention.Pass retentionPass(Schedule s) throws Exception {
        return cloud.server().bean(Retention.class)
                .apply(cloud.server().bean(ScheduleRepository.class).findLive(s.uuid).orElseThrow().id());
    }

    private static LabVm newVm() throws Exception {
        LabVm vm = cloud.newVm("16M");
        cloud.assignOffering(admin, vm, offering);
        return vm;
    }

    private static String backUp(LabVm vm) throws Exception {
        return cloud.takeBackup(admin, vm.uuid);
    }

    private static void stop(LabVm vm) throws Exception {
        cloud.stop(vm);
    }

    private static void restore(String backup) throws Exception {
        cloud.restore(admin, backup);
    }

    private static long filesOnStore(String backup) throws Exception {
        long bytes = 0;
        for (String path : cloud.sql
                .rows("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON b.id = bv.backup_id"
                        + " WHERE b.uuid = '" + backup + "'")) {
            bytes += Files.size(cloud.store.resolve(path));
        }
        return bytes;
    }

    private static long usedBytes() throws Exception {
        return Long.parseLong(cloud.single("SELECT used_bytes FROM image_store WHERE id = " + storeId));
    }

    private static JsonObject listed(String backup) throws Exception {
        return cloud.listed(admin, backup);
    }

    private static JsonArray list(String... filters) throws Exception {
        return cloud.list(admin, filters);
    }
}
