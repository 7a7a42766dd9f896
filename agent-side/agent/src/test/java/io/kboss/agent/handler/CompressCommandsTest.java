package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CompressionLibrary;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.QcowChain;
import io.kboss.agent.support.TestAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** compress-backup over the agent's endpoint: result, progress, cancel, timeout and refusals. */
public class CompressCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestAgent agent;
    private AgentClient client;
    private Path store;
    private StoreRef storeRef;
    private Path full;
    private Path inc;
    private Path atFull;
    private Path atInc;

    @Before
    public void chainOfTwo() throws Exception {
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"));
        client = agent.pairedClient();
        store = tmp.newFolder("store").toPath();
        storeRef = StoreRef.local("local-1", store.toString());
        Path vol = Files.createDirectories(store.resolve("backups/acc/vol"));
        full = vol.resolve("b1.qcow2");
        inc = vol.resolve("b2.qcow2");
        QcowChain.full(full, "128M");
        QcowChain.write(full, 0x4a, "0", "64M");
        QcowChain.child(inc, full);
        QcowChain.write(inc, 0x4b, "16M", "8M");
        atFull = tmp.getRoot().toPath().resolve("at-b1.raw");
        atInc = tmp.getRoot().toPath().resolve("at-b2.raw");
        QcowChain.flatten(full, atFull);
        QcowChain.flatten(inc, atInc);
    }

    @After
    public void stop() throws Exception {
        agent.close();
    }

    private CompressBackupCommand compress(String... paths) {
        CompressBackupCommand c = new CompressBackupCommand();
        c.requestId = UUID.randomUUID().toString();
        c.backupUuid = "b1";
        c.store = storeRef;
        c.paths.addAll(List.of(paths));
        c.library = CompressionLibrary.ZSTD;
        c.coroutines = 2;
        return c;
    }

    @Test
    public void aCompressionJobReportsBothSizesAndProgressAndLeavesTheChainReadingTheSame() throws Exception {
        long before = Files.size(full) + Files.size(inc);
        CompressBackupCommand c = compress("backups/acc/vol/b1.qcow2", "backups/acc/vol/b2.qcow2");
        c.library = CompressionLibrary.ZLIB;

        JobInfo job = waitFor(start(c), j -> j.state.isFinal());

        assertEquals(job.errorText, JobState.SUCCEEDED, job.state);
        assertEquals(JobType.COMPRESS_BACKUP, job.type);
        CompressionResult r = job.compressionResult;
        assertEquals(CompressionLibrary.ZLIB, r.library);
        assertEquals(before, r.sizeBeforeBytes);
        assertEquals(Files.size(full) + Files.size(inc), r.sizeAfterBytes);
        assertTrue(r.sizeBeforeBytes + " -> " + r.sizeAfterBytes, r.sizeAfterBytes < r.sizeBeforeBytes / 10);
        assertEquals("backups/acc/vol/b1.qcow2", r.files.get(0).path);
        assertTrue(r.files.get(0).replaced && r.files.get(1).replaced);
        assertNull(r.files.get(1).keptReason);
        assertTrue("progress ran to the end: " + job.bytesDone + "/" + job.bytesTotal,
                job.bytesDone == before && job.bytesTotal == before);
        assertTrue(QcowChain.identical(full, atFull));
        assertTrue(QcowChain.identical(inc, atInc));
        assertEquals("b1.qcow2", QcowChain.backing(inc));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    public void aCancelledCompressionEndsCancelledWithTheFileAsItWasAndNoCopy() throws Exception {
        CompressBackupCommand c = compress("backups/acc/vol/b1.qcow2");
        c.rateLimitMibPerSecond = 1; // a minute for 64 MiB: the cancel comes while qemu-img writes
        long size = Files.size(full);
        String jobId = start(c);
        waitFor(jobId, j -> j.phase != null && j.phase.startsWith("compressing") && j.bytesDone > 0);

        CancelJobCommand cancel = new CancelJobCommand();
        cancel.jobId = jobId;
        assertTrue(client.execute(cancel).success);
        JobInfo job = waitFor(jobId, j -> j.state.isFinal());

        assertEquals(job.errorText, JobState.CANCELLED, job.state);
        assertEquals(ErrorCode.CANCELLED, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("b1.qcow2.compressing"));
        assertEquals(size, Files.size(full));
        assertTrue(QcowChain.identical(full, atFull));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    public void aCompressionPastItsTimeoutIsStoppedAndFailsTimedOutLeavingNothingHalfDone() throws Exception {
        CompressBackupCommand c = compress("backups/acc/vol/b1.qcow2");
        c.rateLimitMibPerSecond = 1;
        c.timeoutSeconds = 3;

        JobInfo job = waitFor(start(c), j -> j.state.isFinal());

        assertEquals(job.errorText, JobState.FAILED, job.state);
        assertEquals(ErrorCode.TIMED_OUT, job.errorCode);
        assertTrue(job.errorText, job.errorText.startsWith("Timed out after 3 s and stopped"));
        assertTrue(QcowChain.identical(full, atFull));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    public void aStoreWithLessFreeSpaceThanAskedIsRefusedWithTheFiguresAndNothingWritten() throws Exception {
        CompressBackupCommand c = compress("backups/acc/vol/b1.qcow2");
        c.minimumFreeStorage = 1_000_000_000.0; // more than any disk of this machine has free
        long size = Files.size(full);

        JobInfo job = waitFor(start(c), j -> j.state.isFinal());

        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.NOT_ENOUGH_SPACE, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("bytes free but compressing this backup (" + size
                + " bytes) needs " + (long) Math.ceil(1_000_000_000.0 * size)));
        assertEquals((long) Math.ceil(1_000_000_000.0 * size), job.spaceShortage.requiredBytes);
        assertTrue(job.spaceShortage.freeBytes < job.spaceShortage.requiredBytes);
        assertEquals(size, Files.size(full));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    public void badParametersAreRefusedBeforeAJobStarts() throws Exception {
        CompressBackupCommand c = compress("backups/acc/vol/b1.qcow2");
        c.coroutines = 17;
        JobAnswer a = client.execute(c);
        assertFalse(a.success);
        assertEquals(ErrorCode.BAD_REQUEST, a.errorCode);
        assertTrue(a.errorText, a.errorText.contains("coroutines must be between 1 and 16, not 17"));

        CompressBackupCommand outside = compress("../../etc/passwd");
        JobInfo job = waitFor(start(outside), j -> j.state.isFinal());
        assertEquals(JobState.FAILED, job.state);
        assertTrue(job.errorText, job.errorText.contains("is not inside the store"));
    }

    @Test
    public void twoCompressionsOfOneFileNeverRunAtOnce() throws Exception {
        CompressBackupCommand slow = compress("backups/acc/vol/b1.qcow2");
        slow.rateLimitMibPerSecond = 1;
        String first = start(slow);

        JobAnswer second = client.execute(compress("backups/acc/vol/b1.qcow2"));

        assertFalse(second.success);
        assertEquals(ErrorCode.BUSY, second.errorCode);
        assertTrue(second.errorText, second.errorText.contains(first));
        CancelJobCommand cancel = new CancelJobCommand();
        cancel.jobId = first;
        client.execute(cancel);
        waitFor(first, j -> j.state.isFinal());
    }

    private List<Path> temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".compressing")).toList();
        }
    }

    private String start(io.kboss.agent.contract.JobCommand c) throws Exception {
        return AgentJobs.start(client, c);
    }

    private JobInfo waitFor(String jobId, Predicate<JobInfo> condition) throws Exception {
        return AgentJobs.waitFor(client, jobId, condition);
    }
}
