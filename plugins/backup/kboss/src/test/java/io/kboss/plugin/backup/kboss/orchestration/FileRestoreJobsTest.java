package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.ExtractBackupFilesCommand;
import io.kboss.agent.contract.ListBackupFilesCommand;
import io.kboss.plugin.backup.kboss.filerestore.ExtractedFiles;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.Downloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * listBackupFiles and extractBackupFile on the queue: refused (and nothing queued) for a backup whose offering
 * does not allow file extraction, for another account's user, for bad paths and sizes; otherwise a FILE_RESTORE
 * operation on the VM's host whose job answers the agent's listing, or a download link for the copy the agent
 * wrote on the store, which the server's downloads find by the link's token until it expires and housekeeping
 * then deletes. Real MariaDB and server configuration, the fake agent at the channel boundary.
 */
public class FileRestoreJobsTest extends OneServerLab {
    private static long extracting;
    private static long plain;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_filerestore", "files", 2, "fr");
        extracting = cloud.offering("extracting", Map.of("allowextractfile", "true"));
        plain = cloud.offering("plain", Map.of("allowextractfile", "false"));
    }

    private static String backUp(long offering) {
        OrchestrationCloud.Vm vm = newVm(offering);
        String backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        return backup;
    }

    private static long fileRestores() {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'FILE_RESTORE'");
    }

    private static JsonObject result(JsonObject asked) {
        server.drain();
        JsonObject job = server.job(admin, asked.get("jobid").getAsString());
        assertEquals(job.toString(), 1, job.get("jobstatus").getAsInt());
        return job.getAsJsonObject("jobresult");
    }

    @Test
    public void listsFilesystemsThenADirectoryThroughAFileRestoreOperationOnTheVmsHost() {
        String backup = backUp(extracting);
        JsonObject fs = result(server.ok(admin, "listBackupFiles", "id", backup)).getAsJsonObject("backupfiles");
        assertEquals(backup, fs.get("backupid").getAsString());
        JsonObject first = fs.getAsJsonArray("filesystems").get(0).getAsJsonObject();
        assertEquals("/dev/sda1", first.get("name").getAsString());
        assertEquals("ext4", first.get("type").getAsString());
        ListBackupFilesCommand c = last(ListBackupFilesCommand.class);
        assertEquals(backup, c.backupUuid);
        String file = cloud.single("SELECT v.relative_path FROM backup_volume v JOIN backup b ON b.id = v.backup_id"
                + " WHERE b.uuid = ?", backup);
        assertEquals("the backup's newest file of each disk", List.of(file), c.diskPaths);
        assertEquals("backup.file.restore.timeout", 900, c.timeoutSeconds);

        JsonObject dir = result(server.ok(admin, "listBackupFiles", "id", backup, "filesystem", "/dev/sda1", "path",
                "//home/./user/")).getAsJsonObject("backupfiles");
        assertEquals("/home/user", dir.get("path").getAsString());
        JsonObject entry = dir.getAsJsonArray("entries").get(0).getAsJsonObject();
        assertEquals("hello.txt", entry.get("name").getAsString());
        assertEquals("file", entry.get("type").getAsString());
        assertEquals(FakeAgents.FILE_TEXT.length(), entry.get("size").getAsLong());
        assertEquals("/home/user", last(ListBackupFilesCommand.class).path);
        assertEquals("SUCCEEDED", cloud.single("SELECT state FROM operation WHERE kind = 'FILE_RESTORE' ORDER BY id"
                + " DESC LIMIT 1"));
    }

    @Test
    public void extractsAFileToALinkThatDownloadsItUntilItExpiresThenTheCopyIsDeleted() throws Exception {
        String backup = backUp(extracting);
        JsonObject x = result(server.ok(admin, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path",
                "/home/user/hello.txt")).getAsJsonObject("backupfileextract");
        assertEquals("hello.txt", x.get("name").getAsString());
        assertEquals("file", x.get("format").getAsString());
        assertEquals(FakeAgents.FILE_TEXT.length(), x.get("size").getAsLong());
        String url = x.get("url").getAsString();
        assertTrue(url, url.startsWith(Downloads.PATH));
        ExtractBackupFilesCommand c = last(ExtractBackupFilesCommand.class);
        assertEquals("backup.file.restore.max.size", 1024L * 1024 * 1024, c.maxBytes);
        assertEquals("extracts/" + x.get("id").getAsString(), c.outputPath);
        assertFalse("only the token's hash is kept", cloud.count("SELECT COUNT(*) FROM backup_file_extraction WHERE"
                + " token_sha256 = ?", url.substring(Downloads.PATH.length())) > 0);

        ExtractedFiles downloads = server.bean(ExtractedFiles.class);
        String token = url.substring(Downloads.PATH.length());
        Optional<Downloads.Download> d = downloads.find(token);
        assertTrue(d.isPresent());
        assertEquals("hello.txt", d.get().fileName());
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        d.get().content().writeTo(sent);
        assertEquals(FakeAgents.FILE_TEXT, sent.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(FakeAgents.FILE_TEXT.length(), d.get().content().size());
        assertTrue("an unknown token finds nothing", downloads.find(token.substring(1) + "A").isEmpty());

        Path copy = Path.of(c.store.localPath).resolve(cloud.single("SELECT relative_path FROM"
                + " backup_file_extraction"));
        assertTrue(Files.exists(copy));
        Instant expires = cloud.sql.queryForObject("SELECT expires FROM backup_file_extraction",
                java.sql.Timestamp.class).toInstant();
        downloads.housekeep(expires.minusSeconds(1));
        assertTrue("not expired yet", Files.exists(copy));
        cloud.sql.update("UPDATE backup_file_extraction SET expires = '2020-01-01 00:00:00'");
        assertTrue("an expired link finds nothing", downloads.find(token).isEmpty());
        downloads.housekeep(expires);
        assertFalse("the copy is deleted", Files.exists(copy));
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM backup_file_extraction"));
    }

    @Test
    public void refusesWithoutAllowExtractFileToOtherAccountsAndBadInputQueuingNothing() {
        String notAllowed = backUp(plain);
        String backup = backUp(extracting);
        long before = fileRestores();

        JsonObject r = server.refused(431, admin, "listBackupFiles", "id", notAllowed);
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("allowextractfile"));
        r = server.refused(431, admin, "extractBackupFile", "id", notAllowed, "filesystem", "/dev/sda1", "path",
                "/etc/hosts");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("allowextractfile"));

        Caller stranger = stranger();
        r = server.refused(432, stranger, "listBackupFiles", "id", backup);
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("another account"));
        r = server.refused(432, stranger, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path",
                "/etc/hosts");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("another account"));

        r = server.refused(431, admin, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path",
                "/etc/../../root");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("'..'"));
        r = server.refused(431, admin, "listBackupFiles", "id", backup, "filesystem", "/dev/sda1:/:rw");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("filesystem must be"));
        r = server.refused(431, admin, "listBackupFiles", "id", backup, "path", "/etc");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("Give filesystem with path"));
        r = server.refused(431, admin, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path", "etc");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("absolute"));
        r = server.refused(431, admin, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path", "/");
        assertTrue(r.toString(), r.get("errortext").getAsString().contains("not / itself"));
        cloud.setting("backup.file.restore.max.size", "1000");
        try {
            r = server.refused(431, admin, "extractBackupFile", "id", backup, "filesystem", "/dev/sda1", "path",
                    "/etc/hosts", "maxsize", "1001");
            assertTrue(r.toString(), r.get("errortext").getAsString().contains("between 1 and 1000"));
        } finally {
            cloud.sql.update("DELETE FROM configuration_value WHERE name = 'backup.file.restore.max.size'");
        }

        assertEquals("nothing was queued", before, fileRestores());
    }

    private static <T extends io.kboss.agent.contract.JobCommand> T last(Class<T> type) {
        List<T> all = cloud.agents.commands(type);
        return all.get(all.size() - 1);
    }
}
