package io.kboss.test.backup;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.plugin.backup.kboss.filerestore.ExtractedFiles;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.TinyGuestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * extractBackupFile on an NFS image store, which only the hosts mount: the real agent of the VM's host copies
 * the file out of the backup with libguestfs onto the store, the server's one-time link streams it from that
 * agent piece by piece (read-extract), and housekeeping deletes it through the agent once the link expired
 * (delete-extract). The kernel here has no NFS client, so {@link LabCloud.Builder#nfsStore} stands a bind
 * mount in for the agent's NFS mount; the server knows the store only as nfs://127.0.0.1/... and reads
 * nothing of it. The copy is larger than one read-extract piece (4 MiB), so the link joins several.
 */
public class FileRestoreOnNfsOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static Path guest;
    private static byte[] written;
    private static String backup;

    @BeforeClass
    public static void startEverything() throws Exception {
        guest = TinyGuestImage.build();
        cloud = LabCloud.builder("kbt-nfsfiles-", "backup_nfsfiles").adminPassword("nfsfiles-admin")
                .zone("nfsfiles").nfsStore()
                .offering("extracting", "files can be extracted", "allowextractfile", "true")
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-nfsfiles-").start();
        admin = cloud.admin;
        LabDomain d = cloud.track(LabDomain.named("kbt-nfsfiles-" + java.util.UUID.randomUUID().toString()
                .substring(0, 8)).inFolder(cloud.folder).bootingTinyGuestFromItsDisk(guest).start());
        TinyGuestImage.waitForAgent(d);
        written = new byte[64 * 1024 + 77];
        new SecureRandom().nextBytes(written);
        FileRestoreOverHttpTest.writeInGuest(d, "/nfs-written.bin", written);
        LabVm vm = cloud.discover(0, d);
        cloud.assignOffering(admin, vm, cloud.offering("extracting"));
        backup = cloud.takeBackup(admin, vm.uuid);
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aFileIsExtractedOnTheNfsStoreByTheHostsAgentDownloadedThroughItAndDeletedThroughItOnExpiry()
            throws Exception {
        assertEquals("the store is NFS to the server", "nfs", cloud.sql.single("SELECT protocol FROM image_store"
                + " WHERE uuid = '" + cloud.storeUuid + "'"));
        assertTrue("the backup is on it", Files.exists(cloud.store.resolve("backups")));

        JsonObject small = result("extractBackupFile", "id", backup, "filesystem", "/dev/sda", "path",
                "/nfs-written.bin").getAsJsonObject("backupfileextract");
        assertEquals("nfs-written.bin", small.get("name").getAsString());
        assertArrayEquals(written, download(small.get("url").getAsString()));

        // The disk's 24 MiB check file: six pieces of read-extract.
        JsonObject large = result("extractBackupFile", "id", backup, "filesystem", "/dev/sda", "path",
                "/kboss-check.bin").getAsJsonObject("backupfileextract");
        byte[] bytes = download(large.get("url").getAsString());
        assertEquals(24 << 20, bytes.length);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes));
        assertEquals(Files.readString(guest.resolve("check.sha256")).split("\\s+")[0], sha);

        Path copy = cloud.store.resolve("extracts").resolve(large.get("id").getAsString());
        assertTrue(copy + " is on the export", Files.exists(copy));
        cloud.server().bean(ExtractedFiles.class).housekeep(Instant.now().plus(Duration.ofDays(1)));
        assertFalse("housekeeping deleted the copies through the agent", Files.exists(copy));
        assertEquals("[]", java.util.Arrays.toString(cloud.store.resolve("extracts").toFile().list()));
        assertEquals("0", cloud.sql.single("SELECT COUNT(*) FROM backup_file_extraction"));
        HttpResponse<byte[]> gone = get(small.get("url").getAsString());
        assertEquals(404, gone.statusCode());
    }

    private static JsonObject result(String command, String... keyValues) throws Exception {
        JsonObject started = admin.ok(command, keyValues);
        JsonObject job = admin.waitForJob(started.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        return job.getAsJsonObject("jobresult");
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = get(url);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.baseUrl() + url))
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
