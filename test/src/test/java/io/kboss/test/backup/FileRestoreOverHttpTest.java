package io.kboss.test.backup;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.TinyGuestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * File-level restore end to end: the in-process server on real MariaDB, a real kboss-agent with Debian's
 * libguestfs (TCG), and the tiny guest running from its own ext4 disk. A file the guest writes (through its
 * guest agent, then synced) before the backup is listed in the backup's filesystem, extracted and downloaded
 * from the server's link byte for byte, as is the disk's 24 MiB check file (its sha256 known from the build);
 * an offering without allowextractfile refuses. Each listing or copy boots libguestfs's appliance (tens of
 * seconds under TCG), so the test asks for few.
 */
public class FileRestoreOverHttpTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

    private static LabCloud cloud;
    private static ApiSession admin;
    private static LabVm vm;
    private static Path guest;
    private static byte[] written;
    private static String backup;

    @BeforeClass
    public static void startEverything() throws Exception {
        guest = TinyGuestImage.build();
        cloud = LabCloud.builder("kbt-filerestore-", "backup_filerestore").adminPassword("filerestore-admin")
                .zone("files")
                .offering("extracting", "files can be extracted", "allowextractfile", "true")
                .offering("plain", "no file extraction")
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-filerestore-").start();
        admin = cloud.admin;
        LabDomain d = cloud.track(LabDomain.named("kbt-filerestore-" + java.util.UUID.randomUUID().toString()
                .substring(0, 8)).inFolder(cloud.folder).bootingTinyGuestFromItsDisk(guest).start());
        TinyGuestImage.waitForAgent(d);
        written = new byte[64 * 1024 + 123];
        new SecureRandom().nextBytes(written);
        writeInGuest(d, "/written-by-guest.bin", written);
        vm = cloud.discover(0, d);
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
    public void aFileTheGuestWroteIsListedExtractedAndDownloadedFromTheBackupByteForByte() throws Exception {
        JsonObject filesystems = result("listBackupFiles", "id", backup).getAsJsonObject("backupfiles");
        JsonObject fs = filesystems.getAsJsonArray("filesystems").get(0).getAsJsonObject();
        assertEquals(filesystems.toString(), "/dev/sda", fs.get("name").getAsString());
        assertEquals("ext4", fs.get("type").getAsString());

        JsonArray entries = result("listBackupFiles", "id", backup, "filesystem", "/dev/sda", "path", "/")
                .getAsJsonObject("backupfiles").getAsJsonArray("entries");
        assertEquals(entries.toString(), written.length, entry(entries, "written-by-guest.bin").get("size")
                .getAsLong());
        assertEquals(24L << 20, entry(entries, "kboss-check.bin").get("size").getAsLong());
        assertEquals("directory", entry(entries, "bin").get("type").getAsString());

        JsonObject x = result("extractBackupFile", "id", backup, "filesystem", "/dev/sda", "path",
                "/written-by-guest.bin").getAsJsonObject("backupfileextract");
        assertEquals("written-by-guest.bin", x.get("name").getAsString());
        assertArrayEquals(written, download(x.get("url").getAsString()));

        JsonObject check = result("extractBackupFile", "id", backup, "filesystem", "/dev/sda", "path",
                "/kboss-check.bin").getAsJsonObject("backupfileextract");
        byte[] bytes = download(check.get("url").getAsString());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(Files.readString(guest.resolve("check.sha256")).split("\\s+")[0], sha);
    }

    @Test
    public void anOfferingWithoutAllowExtractFileRefuses() throws Exception {
        LabVm other = cloud.newVm("16M");
        cloud.assignOffering(admin, other, cloud.offering("plain"));
        String plainBackup = cloud.takeBackup(admin, other.uuid);
        ApiSession.Answer a = admin.call("listBackupFiles", "id", plainBackup);
        assertEquals(a.toString(), 431, a.status());
        assertTrue(a.errorText(), a.errorText().contains("allowextractfile"));
    }

    private static JsonObject result(String command, String... keyValues) throws Exception {
        JsonObject started = admin.ok(command, keyValues);
        JsonObject job = admin.waitForJob(started.get("jobid").getAsString(), JOB_TIMEOUT);
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        return job.getAsJsonObject("jobresult");
    }

    private static JsonObject entry(JsonArray entries, String name) {
        for (JsonElement e : entries) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " is not in " + entries);
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.baseUrl()
                + url)).timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** Writes the file through the guest agent (guest-file-*), then syncs the guest's disk (busybox sync). */
    static void writeInGuest(LabDomain d, String path, byte[] content) throws Exception {
        long handle = JsonParser.parseString(d.agent("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\""
                + path + "\",\"mode\":\"w\"}}", 10)).getAsJsonObject().get("return").getAsLong();
        // Small writes: a large guest-agent message is slow to pass under TCG and libvirt gives up on the agent.
        for (int at = 0; at < content.length; at += 16 * 1024) {
            byte[] chunk = java.util.Arrays.copyOfRange(content, at, Math.min(content.length, at + 16 * 1024));
            d.agent("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":" + handle + ",\"buf-b64\":\""
                    + Base64.getEncoder().encodeToString(chunk) + "\"}}", 30);
        }
        d.agent("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}", 10);
        long pid = JsonParser.parseString(d.agent("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sync\","
                + "\"capture-output\":true}}", 10)).getAsJsonObject().getAsJsonObject("return").get("pid").getAsLong();
        for (int i = 0; i < 120; i++) {
            JsonObject s = JsonParser.parseString(d.agent("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":"
                    + pid + "}}", 10)).getAsJsonObject().getAsJsonObject("return");
            if (s.get("exited").getAsBoolean()) {
                assertEquals(s.toString(), 0, s.get("exitcode").getAsInt());
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("sync did not end in the guest within 60 s");
    }
}
