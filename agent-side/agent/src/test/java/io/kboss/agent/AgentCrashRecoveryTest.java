package io.kboss.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CompressionLibrary;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationDisk;
import io.kboss.agent.contract.ValidationStep;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.contract.client.PairingResult;
import io.kboss.agent.support.QcowChain;
import io.kboss.test.support.AgentJvm;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real kboss-agent process is killed with SIGKILL in the middle of a job and started again: the
 * job must come back FAILED with the reason, and what it had created must be gone.
 */
public class AgentCrashRecoveryTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private AgentJvm agent;

    @After
    public void stop() throws Exception {
        if (agent != null) {
            agent.kill();
        }
    }

    @Test
    public void aJobRunningWhenTheAgentIsKilledIsFailedWithTheReasonAndItsPartialFileRemovedAtNextStart()
            throws Exception {
        Path store = tmp.newFolder("store").toPath();
        Path vol = Files.createDirectories(store.resolve("backups/acc/vol"));
        Path full = vol.resolve("b1.qcow2");
        Path child = vol.resolve("b2.qcow2");
        // Large enough that merging the full into its child takes seconds on a loaded 2-core machine.
        QcowChain.full(full, "768M");
        QcowChain.write(full, 0x5a, "0", "768M");
        QcowChain.child(child, full);
        QcowChain.write(child, 0x11, "1M", "1M");
        Path before = tmp.getRoot().toPath().resolve("before.raw");
        QcowChain.flatten(child, before);
        Path merging = vol.resolve("b2.qcow2.merging");

        agent = AgentJvm.start(tmp.getRoot().toPath());
        Path state = agent.state;
        AgentClient client = pairedClient();

        DeleteBackupCommand delete = new DeleteBackupCommand();
        delete.requestId = "crash-1";
        delete.store = StoreRef.local("local-1", store.toString());
        delete.paths.add("backups/acc/vol/b1.qcow2");
        ChildMerge m = new ChildMerge();
        m.deletedPath = "backups/acc/vol/b1.qcow2";
        m.childPath = "backups/acc/vol/b2.qcow2";
        delete.merges.add(m);
        String jobId = client.execute(delete).job.jobId;

        Path journal = state.resolve("jobs/" + jobId + ".json");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(merging) && Files.readString(journal).contains("PARTIAL_FILE"))) {
            assertTrue("the merge never started", System.nanoTime() < end);
            Thread.sleep(5);
        }
        Thread.sleep(200); // well inside the copy or the rebase
        agent.kill(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue("killed while the merge was still writing", Files.exists(merging));
        assertTrue(Files.readString(journal).contains("\"RUNNING\""));

        agent.restart();
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
        JobInfo job = client.execute(get).job;

        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("kboss-agent stopped while this job was RUNNING"));
        assertTrue(job.errorText, job.errorText.contains("deleted " + merging));
        assertTrue(job.disksConsistent);
        assertFalse(Files.exists(merging));
        assertTrue("the chain is untouched", Files.exists(full) && QcowChain.identical(child, before));
        assertTrue(client.execute(new ListJobsCommand()).jobs.stream().anyMatch(j -> j.jobId.equals(jobId)));

        // The same deletion asked again (new request) now completes, and the child still reads the same.
        delete.requestId = "crash-2";
        get.jobId = client.execute(delete).job.jobId;
        JobInfo again = waitForEnd(client, get);
        assertEquals(again.errorText, JobState.SUCCEEDED, again.state);
        assertFalse(Files.exists(full));
        assertTrue(QcowChain.identical(child, before));
    }

    @Test
    public void aCompressionRunningWhenTheAgentIsKilledLeavesTheOriginalIntactAndItsCopyIsRemovedAtNextStart()
            throws Exception {
        Path store = tmp.newFolder("store").toPath();
        Path vol = Files.createDirectories(store.resolve("backups/acc/vol"));
        Path full = vol.resolve("b1.qcow2");
        QcowChain.full(full, "128M");
        QcowChain.write(full, 0x3d, "0", "64M");
        Path before = tmp.getRoot().toPath().resolve("before.raw");
        QcowChain.flatten(full, before);
        long size = Files.size(full);
        Path copy = vol.resolve("b1.qcow2.compressing");

        agent = AgentJvm.start(tmp.getRoot().toPath());
        Path state = agent.state;
        AgentClient client = pairedClient();

        CompressBackupCommand compress = new CompressBackupCommand();
        compress.requestId = "compress-1";
        compress.backupUuid = "b1";
        compress.store = StoreRef.local("local-1", store.toString());
        compress.paths.add("backups/acc/vol/b1.qcow2");
        compress.library = CompressionLibrary.ZSTD;
        compress.rateLimitMibPerSecond = 1; // a minute of writing: the kill surely comes in the middle
        String jobId = client.execute(compress).job.jobId;

        Path journal = state.resolve("jobs/" + jobId + ".json");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(copy) && Files.size(copy) > 0 && Files.readString(journal).contains("PARTIAL_FILE"))) {
            assertTrue("the compression never started writing", System.nanoTime() < end);
            Thread.sleep(5);
        }
        agent.kill(); // SIGKILL: no shutdown hook; its qemu-img lives on, orphaned
        assertTrue("killed while the copy was being written", Files.exists(copy));

        agent.restart();
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
        JobInfo job = client.execute(get).job;

        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("deleted " + copy));
        assertTrue("the orphaned qemu-img was stopped: " + job.errorText, job.errorText.contains("killed qemu-img"));
        assertFalse(Files.exists(copy));
        assertTrue("no program writes the copy any more", writersOf(copy).isEmpty());
        assertEquals(size, Files.size(full));
        assertTrue("the original is intact", QcowChain.identical(full, before));

        // Asked again (a new request), the compression completes and the backup still reads the same.
        compress.requestId = "compress-2";
        compress.rateLimitMibPerSecond = 0;
        get.jobId = client.execute(compress).job.jobId;
        JobInfo again = waitForEnd(client, get);
        assertEquals(again.errorText, JobState.SUCCEEDED, again.state);
        assertTrue(Files.size(full) < size / 10);
        assertTrue(QcowChain.identical(full, before));
    }

    @Test
    public void aValidationRunningWhenTheAgentIsKilledLeavesNoVmAndNoOverlayAfterTheNextStart() throws Exception {
        String name = "kbt-agent-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path scratch = Files.createTempDirectory("kbt-agent-scratch-");
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        // A BIOS VM with nothing to boot: its validation waits for a guest agent that never answers.
        try (LabDomain vm = LabDomain.named(name).guestAgentChannel().qcow2Disks(1, "64M").define()) {
            Path store = Files.createDirectories(vm.dir.resolve("store"));
            Path backup = Files.createDirectories(store.resolve("backups/acc/vol")).resolve("b1.qcow2");
            Files.copy(vm.disk, backup);
            agent = AgentJvm.start(tmp.getRoot().toPath(), "validation.scratch.dir=" + scratch + "\n");
            AgentClient client = pairedClient();
            ValidateBackupCommand validate = new ValidateBackupCommand();
            validate.requestId = "validate-1";
            validate.backupUuid = "b1";
            validate.vmUuid = vm.libvirtUuid;
            validate.store = StoreRef.local("local-1", store.toString());
            ValidationDisk disk = new ValidationDisk();
            disk.targetDevice = "vda";
            disk.chainPaths.add("backups/acc/vol/b1.qcow2");
            validate.disks.add(disk);
            validate.steps.add(ValidationStep.WAIT_FOR_BOOT);
            validate.bootTimeoutSeconds = 600;
            String jobId = client.execute(validate).job.jobId;

            GetJobCommand get = new GetJobCommand();
            get.jobId = jobId;
            long end = System.nanoTime() + 120_000_000_000L;
            while (!"waiting for the guest agent".equals(client.execute(get).job.phase)) {
                assertTrue("the validation VM never started", System.nanoTime() < end);
                Thread.sleep(50);
            }
            String domain;
            try (var left = Files.list(scratch)) {
                domain = left.findFirst().orElseThrow().getFileName().toString();
            }
            agent.kill(); // SIGKILL: the validation VM and its overlays outlive the agent
            assertTrue("the validation VM outlived the agent", LabDomain.exists(domain));

            agent.restart();
            JobInfo job = client.execute(get).job;

            assertEquals(JobState.FAILED, job.state);
            assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
            assertTrue(job.errorText, job.errorText.contains("destroyed validation VM " + domain));
            assertTrue(job.errorText, job.errorText.contains("deleted " + scratch.resolve(domain)));
            assertFalse("no validation VM", LabDomain.exists(domain));
            try (var left = Files.list(scratch)) {
                assertEquals("no overlay", java.util.List.of(), left.toList());
            }
            assertTrue("the VM itself is untouched", vm.on(d -> d.isActive() == 0));
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** Processes with {@code file} open, read from /proc as the agent's cleanup does. */
    private static java.util.List<Long> writersOf(Path file) throws Exception {
        java.util.List<Long> pids = new java.util.ArrayList<>();
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (var fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (Files.readSymbolicLink(fd).toString().startsWith(file.toString())) {
                            pids.add(Long.parseLong(proc.getFileName().toString()));
                        }
                    }
                } catch (java.io.IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    @Test
    public void aBackupRunningWhenTheAgentIsKilledIsRepairedAtNextStartAndTheVmKeepsRunning() throws Exception {
        String name = "kbt-agent-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        io.kboss.agent.vm.LibvirtConnection libvirt = new io.kboss.agent.vm.LibvirtConnection("qemu:///system");
        // Enough data that the push backup takes seconds.
        try (LabDomain vm = LabDomain.named(name).qcow2Disk("2G", "1536M").start()) {
            String vmUuid = vm.libvirtUuid;
            Path store = Files.createDirectories(vm.dir.resolve("store"));
            agent = AgentJvm.start(tmp.getRoot().toPath());
            Path state = agent.state;
            AgentClient client = pairedClient();

            String jobId = client.execute(backup(vmUuid, store, "b1")).job.jobId;
            Path part = store.resolve("backups/acc/vol/b1.qcow2.part");
            long end = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(part) && Files.size(part) > (1 << 20))) {
                assertTrue("the backup never started writing", System.nanoTime() < end);
                Thread.sleep(5);
            }
            agent.kill();
            assertTrue("killed while the backup was still writing", Files.exists(part));
            assertTrue(Files.readString(state.resolve("jobs/" + jobId + ".json")).contains("DISK_BACKUP"));

            agent.restart();
            GetJobCommand get = new GetJobCommand();
            get.jobId = jobId;
            JobInfo job = client.execute(get).job;

            assertEquals(JobState.FAILED, job.state);
            assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
            assertTrue(job.errorText, job.errorText.contains("repaired backup of VM " + name));
            assertTrue(job.errorText, job.disksConsistent);
            assertFalse(Files.exists(part));
            assertFalse(Files.exists(store.resolve("backups/acc/vol/b1.qcow2")));
            assertEquals(1, (int) libvirt.withConnection(c -> c.domainLookupByUUIDString(vmUuid).isActive()));
            assertEquals(0,
                    libvirt.withConnection(c -> c.domainLookupByUUIDString(vmUuid).checkpointListNames()).length);

            get.jobId = client.execute(backup(vmUuid, store, "b2")).job.jobId;
            JobInfo next = waitForEnd(client, get);
            assertEquals(next.errorText, JobState.SUCCEEDED, next.state);
        } finally {
            libvirt.close();
        }
    }

    private static io.kboss.agent.contract.TakeBackupCommand backup(String vmUuid, Path store, String uuid) {
        io.kboss.agent.contract.TakeBackupCommand c = new io.kboss.agent.contract.TakeBackupCommand();
        c.requestId = uuid;
        c.backupUuid = uuid;
        c.vmUuid = vmUuid;
        c.newCheckpoint = uuid;
        c.store = StoreRef.local("local-1", store.toString());
        io.kboss.agent.contract.BackupDiskTarget t = new io.kboss.agent.contract.BackupDiskTarget();
        t.targetDevice = "vda";
        t.path = "backups/acc/vol/" + uuid + ".qcow2";
        c.disks.add(t);
        return c;
    }

    /** Pairs with the running agent as a management server would and returns its client. */
    private AgentClient pairedClient() throws Exception {
        PairingResult paired = AgentClient.pair(agent.uri, agent.pairingCode(), "ms-crash", Duration.ofSeconds(10),
                Clock.systemUTC());
        return new AgentClient(agent.uri, paired.channelKey(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Clock.systemUTC());
    }

    private static JobInfo waitForEnd(AgentClient client, GetJobCommand get) throws Exception {
        long end = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < end) {
            JobInfo j = client.execute(get).job;
            if (j.state.isFinal()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job did not end");
    }
}
