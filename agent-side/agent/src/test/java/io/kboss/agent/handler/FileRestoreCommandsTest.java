package io.kboss.agent.handler;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.DeleteExtractCommand;
import io.kboss.agent.contract.ExtractPieceAnswer;
import io.kboss.agent.contract.ReadExtractCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.ExtractBackupFilesCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.ListBackupFilesCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.TestAgent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * list-backup-files and extract-backup-files over the agent's endpoint with the real libguestfs tools (TCG
 * here: tens of seconds per job) on a real two-file chain: an ext4 filesystem made with mke2fs -d, its full
 * backup, and an incremental made with qemu-img rebase that holds what changed since. What is listed and
 * copied is the incremental's view (a file that exists only in it), byte for byte; a folder comes as a tar
 * archive; a copy beyond the size allowed fails and leaves nothing; bad paths are refused.
 */
public class FileRestoreCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestAgent agent;
    private AgentClient client;
    private Path store;
    private StoreRef storeRef;
    private byte[] blob;

    @Before
    public void chainOnAStore() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        store = tmp.newFolder("store").toPath();
        Path tree = Files.createDirectories(work.resolve("tree/docs/sub")).getParent();
        Files.writeString(tree.resolve("a.txt"), "first\n");
        blob = new byte[300_000];
        new SecureRandom().nextBytes(blob);
        Files.write(tree.resolve("sub/blob.bin"), blob);
        Path raw = work.resolve("disk.raw");
        run("truncate", "-s", "64M", raw.toString());
        run("mke2fs", "-q", "-t", "ext4", "-d", work.resolve("tree").toString(), raw.toString());
        Path dir = Files.createDirectories(store.resolve("backups/acc/vol"));
        Path full = dir.resolve("full.qcow2");
        run("qemu-img", "convert", "-O", "qcow2", raw.toString(), full.toString());
        // The VM wrote after the full backup: a new file and a changed one (mke2fs -d again, same image).
        Files.writeString(tree.resolve("a.txt"), "second\n");
        Files.writeString(tree.resolve("only-in-incremental.txt"), "new\n");
        run("mke2fs", "-q", "-F", "-t", "ext4", "-d", work.resolve("tree").toString(), raw.toString());
        Path inc = dir.resolve("inc.qcow2");
        run("qemu-img", "convert", "-O", "qcow2", raw.toString(), inc.toString());
        run("qemu-img", "rebase", "-f", "qcow2", "-b", full.toString(), "-F", "qcow2", inc.toString());
        storeRef = StoreRef.local("local-1", store.toString());
        Properties p = new Properties();
        p.setProperty("libguestfs.backend.settings", "force_tcg");
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"), p);
        client = agent.pairedClient();
    }

    @After
    public void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    public void listsAndCopiesFilesOfTheIncrementalsViewReadOnly() throws Exception {
        byte[] fullBefore = Files.readAllBytes(store.resolve("backups/acc/vol/full.qcow2"));
        byte[] incBefore = Files.readAllBytes(store.resolve("backups/acc/vol/inc.qcow2"));
        // Five jobs at once: the agent runs two at a time, each boots libguestfs's appliance.
        String filesystems = start(list(null, null));
        String docs = start(list("/dev/sda", "/docs/"));
        String folder = start(extract("/docs", "extracts/folder", 10_000_000));
        String file = start(extract("/docs/sub/blob.bin", "extracts/file", 10_000_000));
        String tooLarge = start(extract("/docs/sub/blob.bin", "extracts/large", 100_000));

        BackupFilesResult fs = done(filesystems);
        assertEquals(1, fs.filesystems.size());
        assertEquals("/dev/sda", fs.filesystems.get(0).name);
        assertEquals("ext4", fs.filesystems.get(0).type);
        assertTrue(fs.filesystems.get(0).sizeBytes > 0);

        BackupFilesResult listed = done(docs);
        Map<String, BackupFilesResult.Entry> byName = new HashMap<>();
        listed.entries.forEach(e -> byName.put(e.name, e));
        assertEquals(List.of("a.txt", "only-in-incremental.txt", "sub"),
                listed.entries.stream().map(e -> e.name).toList());
        assertEquals("file", byName.get("a.txt").type);
        assertEquals(7, byName.get("a.txt").sizeBytes); // "second\n": the incremental's content
        assertEquals("directory", byName.get("sub").type);
        assertTrue(byName.get("a.txt").modifiedAtMillis > 1_600_000_000_000L);
        assertFalse(listed.truncated);

        BackupFilesResult tar = done(folder);
        assertEquals("TAR", tar.outputKind);
        assertEquals("extracts/folder.tar", tar.outputPath);
        Path archive = store.resolve(tar.outputPath);
        assertEquals(Files.size(archive), tar.outputBytes);
        Path unpacked = tmp.newFolder("unpacked").toPath();
        run("tar", "-xf", archive.toString(), "-C", unpacked.toString());
        assertEquals("second\n", Files.readString(unpacked.resolve("a.txt")));
        assertEquals("new\n", Files.readString(unpacked.resolve("only-in-incremental.txt")));
        assertArrayEquals(blob, Files.readAllBytes(unpacked.resolve("sub/blob.bin")));

        BackupFilesResult one = done(file);
        assertEquals("FILE", one.outputKind);
        assertEquals("extracts/file", one.outputPath);
        assertArrayEquals(blob, Files.readAllBytes(store.resolve("extracts/file")));
        assertFalse(Files.exists(store.resolve("extracts/file.tar")));

        JobInfo refused = AgentJobs.waitFor(client, tooLarge, j -> j.state.isFinal());
        assertEquals(JobState.FAILED, refused.state);
        assertEquals(ErrorCode.BAD_REQUEST, refused.errorCode);
        assertTrue(refused.errorText, refused.errorText.contains("larger than the 100000 bytes allowed"));
        assertFalse(Files.exists(store.resolve("extracts/large")));
        assertFalse(Files.exists(store.resolve("extracts/large.tar")));

        assertArrayEquals(fullBefore, Files.readAllBytes(store.resolve("backups/acc/vol/full.qcow2")));
        assertArrayEquals(incBefore, Files.readAllBytes(store.resolve("backups/acc/vol/inc.qcow2")));
    }

    @Test
    public void badPathsAndFilesystemsAreRefused() throws Exception {
        // The one case that boots libguestfs: its own refusal, said without the command and the store's paths.
        String missing = start(list("/dev/sda", "/no-such-dir"));
        ListBackupFilesCommand up = list("/dev/sda", "/docs/../../etc");
        JobInfo j = AgentJobs.waitFor(client, start(up), x -> x.state.isFinal());
        assertEquals(ErrorCode.BAD_REQUEST, j.errorCode);
        assertTrue(j.errorText, j.errorText.contains("must not step up"));

        ExtractBackupFilesCommand options = extract("/docs", "extracts/x", 1000);
        options.filesystem = "/dev/sda:/:rw";
        j = AgentJobs.waitFor(client, start(options), x -> x.state.isFinal());
        assertEquals(ErrorCode.BAD_REQUEST, j.errorCode);
        assertTrue(j.errorText, j.errorText.contains("The filesystem must be one"));

        ExtractBackupFilesCommand outside = extract("/docs", "../outside", 1000);
        JobAnswer a = client.execute(outside);
        JobInfo o = a.success ? AgentJobs.waitFor(client, a.job.jobId, x -> x.state.isFinal()) : a.job;
        assertFalse(a.success && o.state == JobState.SUCCEEDED);
        assertFalse(Files.exists(store.getParent().resolve("outside")));

        JobInfo m = AgentJobs.waitFor(client, missing, x -> x.state.isFinal());
        assertEquals(JobState.FAILED, m.state);
        assertEquals(ErrorCode.FAILED, m.errorCode);
        assertTrue(m.errorText, m.errorText.startsWith("virt-ls could not read the backup"));
        assertTrue(m.errorText, m.errorText.contains("no-such-dir"));
        assertFalse(m.errorText, m.errorText.contains(store.toString()));
    }

    @Test
    public void aCopyIsReadPieceByPieceAndDeletedOnlyInsideTheExtractsFolder() throws Exception {
        byte[] copy = new byte[ReadExtractCommand.MAX_LENGTH + 1000];
        new SecureRandom().nextBytes(copy);
        Files.createDirectories(store.resolve("extracts"));
        Files.write(store.resolve("extracts/op-1.tar"), copy);

        ExtractPieceAnswer first = client.execute(read("extracts/op-1.tar", 0, ReadExtractCommand.MAX_LENGTH));
        ExtractPieceAnswer rest = client.execute(read("extracts/op-1.tar", ReadExtractCommand.MAX_LENGTH,
                ReadExtractCommand.MAX_LENGTH));
        ExtractPieceAnswer beyond = client.execute(read("extracts/op-1.tar", copy.length, 10));
        assertEquals(copy.length, first.fileBytes);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(Base64.getDecoder().decode(first.dataBase64));
        joined.write(Base64.getDecoder().decode(rest.dataBase64));
        assertArrayEquals(copy, joined.toByteArray());
        assertEquals("", beyond.dataBase64);

        for (String outside : List.of("backups/acc/vol/full.qcow2", "extracts/../backups/acc/vol/full.qcow2",
                "extracts/", "extracts/sub/x", "/etc/passwd")) {
            AgentAnswer refused = client.execute(read(outside, 0, 10));
            assertFalse(outside, refused.success);
            assertEquals(outside, ErrorCode.BAD_REQUEST, refused.errorCode);
            DeleteExtractCommand d = new DeleteExtractCommand();
            d.store = storeRef;
            d.path = outside;
            assertEquals(outside, ErrorCode.BAD_REQUEST, client.execute(d).errorCode);
        }
        assertTrue(Files.exists(store.resolve("backups/acc/vol/full.qcow2")));
        assertFalse("a length beyond a piece is refused", client.execute(read("extracts/op-1.tar", 0,
                ReadExtractCommand.MAX_LENGTH + 1)).success);

        DeleteExtractCommand delete = new DeleteExtractCommand();
        delete.store = storeRef;
        delete.path = "extracts/op-1.tar";
        assertTrue(client.execute(delete).success);
        assertFalse(Files.exists(store.resolve("extracts/op-1.tar")));
        assertTrue("deleting it again is fine", client.execute(delete).success);
        ExtractPieceAnswer gone = client.execute(read("extracts/op-1.tar", 0, 10));
        assertFalse(gone.success);
        assertEquals(ErrorCode.NOT_FOUND, gone.errorCode);
    }

    private ReadExtractCommand read(String path, long offset, int length) {
        ReadExtractCommand c = new ReadExtractCommand();
        c.store = storeRef;
        c.path = path;
        c.offset = offset;
        c.length = length;
        return c;
    }

    private ListBackupFilesCommand list(String filesystem, String path) {
        ListBackupFilesCommand c = new ListBackupFilesCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b2";
        c.store = storeRef;
        c.diskPaths.add("backups/acc/vol/inc.qcow2");
        c.filesystem = filesystem;
        c.path = path;
        c.timeoutSeconds = 600;
        return c;
    }

    private ExtractBackupFilesCommand extract(String path, String output, long maxBytes) {
        ExtractBackupFilesCommand c = new ExtractBackupFilesCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b2";
        c.store = storeRef;
        c.diskPaths.add("backups/acc/vol/inc.qcow2");
        c.filesystem = "/dev/sda";
        c.path = path;
        c.outputPath = output;
        c.maxBytes = maxBytes;
        c.timeoutSeconds = 600;
        return c;
    }

    private String start(JobCommand c) throws Exception {
        return AgentJobs.start(client, c);
    }

    private BackupFilesResult done(String jobId) throws Exception {
        JobInfo j = AgentJobs.waitFor(client, jobId, x -> x.state.isFinal());
        assertEquals(j.errorText, JobState.SUCCEEDED, j.state);
        return j.backupFilesResult;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(String.join(" ", command) + " took too long", p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + ": " + out.toString(StandardCharsets.UTF_8), 0, p.exitValue());
    }
}
