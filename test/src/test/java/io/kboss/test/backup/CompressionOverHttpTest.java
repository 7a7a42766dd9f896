package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static io.kboss.test.backup.DiskContent.assertZeros;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Compression jobs through the HTTP API with a real kboss-agent, qemu-img, MariaDB and tiny TCG domains: a
 * full backup and two incrementals, each taken after its parent was compressed, with a zstd offering, become
 * Compressed, smaller on the store, and each point restores byte-identical; deleting the middle one merges it
 * into the newest, which is compressed again and restores whole, also by quick restore (overlays backed by
 * the compressed files); a zlib backup is compressed with zlib; a store too full for the copy ends the
 * backup's compression in CompressionError with the agent's reason, the backup restores as before, and
 * compressBackup has it compressed once there is room.
 */
public class CompressionOverHttpTest {
    private static final Duration COMPRESSED_WITHIN = Duration.ofSeconds(120);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static String zstd;
    private static String zlib;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-compress-", "backup_compression").adminPassword("compress-admin")
                .zone("compress")
                .offering("zstd", "compressed with zstd", "compress", "true", "compressionlibrary", "zstd",
                        "allowquickrestore", "true", "backupchainsize", "5")
                .offering("zlib", "compressed with zlib", "compress", "true", "compressionlibrary", "zlib")
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-z-").start();
        admin = cloud.admin;
        zstd = cloud.offering("zstd");
        zlib = cloud.offering("zlib");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aZstdChainIsCompressedSmallerEachPointRestoresByteIdenticalAndSoAfterItsMiddleIsDeleted()
            throws Exception {
        LabVm vm = newVm(zstd);
        vm.domain.write(0x11, "0", "4M");
        String full = cloud.takeBackup(admin, vm.uuid);
        JsonObject fullCompressed = awaitCompression(full, "Compressed");
        assertSmallerAndCompressedWith(full, fullCompressed, "zstd");
        vm.domain.write(0x22, "4M", "2M");
        String increment = cloud.takeBackup(admin, vm.uuid);
        assertEquals("Incremental", cloud.listed(admin, increment).get("type").getAsString());
        JsonObject incrementCompressed = awaitCompression(increment, "Compressed");
        assertSmallerAndCompressedWith(increment, incrementCompressed, "zstd");
        String backing = backingOf(fileOf(increment));
        assertTrue("the compressed incremental still backs onto its parent's file, by a relative path: " + backing,
                !backing.startsWith("/") && backing.endsWith(full + ".qcow2"));

        vm.domain.write(0x33, "6M", "1M");
        String third = cloud.takeBackup(admin, vm.uuid);
        awaitCompression(third, "Compressed");
        JsonObject thirdJobs = admin.ok("listBackupServiceJobs", "listall", "true", "backupid", third);
        assertEquals(thirdJobs.toString(), "Succeeded", thirdJobs.getAsJsonArray("backupservicejob").get(0)
                .getAsJsonObject().get("state").getAsString());

        cloud.stop(vm);
        cloud.restore(admin, full, "quickrestore", "false");
        assertPattern(vm.domain.disk, 0x11, 0);
        assertZeros(vm.domain.disk, 4, 12);
        cloud.restore(admin, increment, "quickrestore", "false");
        assertPattern(vm.domain.disk, 0x11, 3);
        assertPattern(vm.domain.disk, 0x22, 4);
        assertPattern(vm.domain.disk, 0x22, 5);
        assertZeros(vm.domain.disk, 6, 10);

        // Deleting the middle merges it into the third, written anew: compressed again, and it restores whole.
        JsonObject deleted = admin.waitForJob(admin.ok("deleteBackup", "id", increment).get("jobid").getAsString(),
                Duration.ofSeconds(120));
        assertEquals(deleted.toString(), 1, deleted.get("jobstatus").getAsInt());
        Waiting.until(
                () -> admin.ok("listBackupServiceJobs", "listall", "true", "backupid", third).get("count")
                        .getAsInt() == 2
                        && "Compressed".equals(cloud.listed(admin, third).get("compressionstatus").getAsString()),
                COMPRESSED_WITHIN);
        assertSmallerAndCompressedWith(third, cloud.listed(admin, third), "zstd");
        cloud.restore(admin, third, "quickrestore", "false");
        assertPattern(vm.domain.disk, 0x11, 3);
        assertPattern(vm.domain.disk, 0x22, 5);
        assertPattern(vm.domain.disk, 0x33, 6);
        assertZeros(vm.domain.disk, 7, 9);
        cloud.restore(admin, third, "quickrestore", "true");
        // Quick restore put the VM on a new, consolidated disk; QEMU flushes its metadata when it stops.
        Path quick = Path.of(liveDisk(vm));
        cloud.stop(vm);
        assertPattern(quick, 0x11, 0);
        assertPattern(quick, 0x22, 4);
        assertPattern(quick, 0x33, 6);
        assertZeros(quick, 7, 9);
    }

    @Test
    public void aBackupTakenWithZlibIsCompressedWithZlib() throws Exception {
        LabVm vm = newVm(zlib);
        vm.domain.write(0x33, "0", "3M");
        String backup = cloud.takeBackup(admin, vm.uuid);

        JsonObject compressed = awaitCompression(backup, "Compressed");

        assertSmallerAndCompressedWith(backup, compressed, "zlib");
        cloud.stop(vm);
        cloud.restore(admin, backup, "quickrestore", "false");
        assertPattern(vm.domain.disk, 0x33, 2);
        assertZeros(vm.domain.disk, 3, 13);
    }

    @Test
    public void aStoreTooFullForTheCopyEndsInCompressionErrorTheBackupRestoresAsBeforeAndCompressBackupRetriesIt()
            throws Exception {
        admin.ok("updateConfiguration", "name", "backup.compression.minimum.free.storage", "value", "1000000000");
        admin.ok("updateConfiguration", "name", "backup.compression.max.job.retries", "value", "1");
        try {
            LabVm vm = newVm(zstd);
            vm.domain.write(0x44, "0", "2M");
            String backup = cloud.takeBackup(admin, vm.uuid);
            long sizeBefore = Files.size(cloud.store.resolve(fileOf(backup)));

            JsonObject failed = awaitCompression(backup, "CompressionError");

            String error = failed.get("compressionerror").getAsString();
            assertTrue(error, error.contains("NOT_ENOUGH_SPACE"));
            assertEquals("BackedUp", failed.get("status").getAsString());
            assertEquals("the file is as it was", sizeBefore, Files.size(cloud.store.resolve(fileOf(backup))));
            try (var leftovers = Files.walk(cloud.store)) {
                assertEquals("no temporary file is left", 0,
                        leftovers.filter(p -> p.toString().endsWith(".compressing")).count());
            }
            JsonObject job = admin.ok("listBackupServiceJobs", "listall", "true", "backupid", backup)
                    .getAsJsonArray("backupservicejob")
                    .get(0).getAsJsonObject();
            assertEquals("Failed", job.get("state").getAsString());
            assertTrue(job.toString(), job.get("error").getAsString().contains("NOT_ENOUGH_SPACE"));
            cloud.stop(vm);
            cloud.restore(admin, backup, "quickrestore", "false");
            assertPattern(vm.domain.disk, 0x44, 1);

            // Once there is room, an operator has it compressed again: nothing else would.
            admin.ok("resetConfiguration", "name", "backup.compression.minimum.free.storage");
            JsonObject again = admin.ok("compressBackup", "id", backup).getAsJsonObject("backupservicejob");
            assertEquals(again.toString(), "Queued", again.get("state").getAsString());
            assertSmallerAndCompressedWith(backup, awaitCompression(backup, "Compressed"), "zstd");
        } finally {
            admin.ok("resetConfiguration", "name", "backup.compression.minimum.free.storage");
            admin.ok("resetConfiguration", "name", "backup.compression.max.job.retries");
        }
    }

    private static LabVm newVm(String offering) throws Exception {
        LabVm vm = cloud.newVm("16M");
        cloud.assignOffering(admin, vm, offering);
        return vm;
    }

    /** Waits for the backup's compression to reach {@code status}; returns the backup as listBackups shows it. */
    private static JsonObject awaitCompression(String backup, String status) throws Exception {
        JsonObject[] last = new JsonObject[1];
        try {
            Waiting.until(() -> {
                last[0] = cloud.listed(admin, backup);
                return status.equals(last[0].get("compressionstatus").getAsString());
            }, COMPRESSED_WITHIN);
        } catch (AssertionError e) {
            throw new AssertionError("backup " + backup + " is not " + status + ": " + last[0], e);
        }
        return last[0];
    }

    private static void assertSmallerAndCompressedWith(String backup, JsonObject listed, String library)
            throws Exception {
        long before = listed.get("uncompressedsize").getAsLong();
        long after = listed.get("size").getAsLong();
        assertTrue(listed.toString(), after < before);
        assertEquals(library, listed.get("compressionlibrary").getAsString());
        Path file = cloud.store.resolve(fileOf(backup));
        JsonObject info = JsonParser.parseString(Programs.run(List.of("qemu-img", "info", "-U", "--output=json",
                file.toString()), Duration.ofSeconds(60))).getAsJsonObject();
        assertEquals(info.toString(), library, info.getAsJsonObject("format-specific").getAsJsonObject("data")
                .get("compression-type").getAsString());
        JsonObject check = JsonParser.parseString(Programs.run(List.of("qemu-img", "check", "-U", "--output=json",
                file.toString()), Duration.ofSeconds(60))).getAsJsonObject();
        assertTrue("the file holds compressed clusters: " + check, check.get("compressed-clusters").getAsLong() > 0);
    }

    /** The file of the running domain's vda. */
    private static String liveDisk(LabVm vm) throws Exception {
        String out = Programs.run(List.of("virsh", "-c", "qemu:///system", "domblklist", vm.domain.name),
                Duration.ofSeconds(60));
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals("vda")) {
                return cols[1];
            }
        }
        throw new AssertionError("no vda in " + vm.domain.name + ": " + out);
    }

    private static String fileOf(String backup) throws Exception {
        return cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON b.id = bv.backup_id"
                + " WHERE b.uuid = '" + backup + "'");
    }

    private static String backingOf(String relativePath) throws Exception {
        JsonObject info = JsonParser.parseString(Programs.run(List.of("qemu-img", "info", "-U", "--output=json",
                cloud.store.resolve(relativePath).toString()), Duration.ofSeconds(60))).getAsJsonObject();
        return info.get("backing-filename").getAsString();
    }
}
