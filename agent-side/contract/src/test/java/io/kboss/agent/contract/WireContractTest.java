package io.kboss.agent.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class WireContractTest {

    @Test
    public void takeBackupCommandSurvivesARoundTripWithEveryField() {
        TakeBackupCommand c = new TakeBackupCommand();
        c.requestId = "req-1";
        c.backupUuid = "b-1";
        c.vmUuid = "vm-1";
        c.mode = BackupMode.INCREMENTAL;
        c.fromCheckpoint = "kboss-1";
        c.newCheckpoint = "kboss-2";
        c.quiesce = true;
        c.allowCrashConsistent = true;
        c.store = StoreRef.nfs("s1", "10.0.0.1", "/export");
        BackupDiskTarget d = new BackupDiskTarget();
        d.targetDevice = "vda";
        d.volumeId = "vol-9";
        d.path = "backups/acc/vol-9/b-1.qcow2";
        d.parentPath = "backups/acc/vol-9/b-0.qcow2";
        c.disks.add(d);

        TakeBackupCommand back = WireJson.fromJson(WireJson.toJson(c), TakeBackupCommand.class);

        assertEquals(Protocol.VERSION, back.protocolVersion);
        assertEquals("req-1", back.requestId);
        assertEquals(BackupMode.INCREMENTAL, back.mode);
        assertEquals("kboss-1", back.fromCheckpoint);
        assertTrue(back.quiesce && back.allowCrashConsistent);
        assertEquals(StoreKind.NFS, back.store.kind);
        assertEquals("/export", back.store.nfsExport);
        assertEquals("backups/acc/vol-9/b-0.qcow2", back.disks.get(0).parentPath);
        assertEquals("take-backup", back.commandName());
        assertEquals(JobAnswer.class, back.answerType());
    }

    @Test
    public void jobAnswerCarriesProgressFailureAndConsistency() {
        JobAnswer a = new JobAnswer();
        a.job = new JobInfo();
        a.job.jobId = "j1";
        a.job.type = JobType.BACKUP;
        a.job.state = JobState.FAILED;
        a.job.phase = "copying";
        a.job.bytesDone = 5;
        a.job.bytesTotal = 10;
        a.job.errorCode = ErrorCode.AGENT_RESTARTED;
        a.job.errorText = "agent restarted";
        a.job.disksConsistent = false;
        a.job.backupResult = new BackupResult();
        a.job.backupResult.frozenMillis = 210;

        JobAnswer back = WireJson.fromJson(WireJson.toJson(a), JobAnswer.class);

        assertTrue(back.success);
        assertEquals(JobState.FAILED, back.job.state);
        assertEquals(5, back.job.bytesDone);
        assertEquals(10, back.job.bytesTotal);
        assertEquals(ErrorCode.AGENT_RESTARTED, back.job.errorCode);
        assertFalse(back.job.disksConsistent);
        assertEquals(210, back.job.backupResult.frozenMillis);
        assertNull(back.job.restoreResult);
    }

    @Test
    public void unknownFieldsAndUnknownEnumConstantsFromANewerPeerAreIgnored() {
        String fromNewerAgent = "{\"protocolVersion\":1,\"success\":true,\"futureField\":{\"x\":1},"
                + "\"vms\":[{\"uuid\":\"u\",\"name\":\"n\",\"state\":\"HIBERNATING\",\"disks\":[{\"targetDevice\":\"vda\","
                + "\"storageKind\":\"FILE\",\"encryption\":\"luks\"}]}]}";

        ListVmsAnswer answer = WireJson.fromJson(fromNewerAgent, ListVmsAnswer.class);

        assertEquals("u", answer.vms.get(0).uuid);
        assertNull(answer.vms.get(0).state);
        assertEquals(DiskStorageKind.FILE, answer.vms.get(0).disks.get(0).storageKind);
    }

    @Test
    public void aFailureAnswerSaysWhatFailedAndDefaultsToConsistentDisks() {
        AgentAnswer a = AgentAnswer.failure(new AgentAnswer(), ErrorCode.UNSUPPORTED, "not in this build");

        AgentAnswer back = WireJson.fromJson(WireJson.toJson(a), AgentAnswer.class);

        assertFalse(back.success);
        assertEquals(ErrorCode.UNSUPPORTED, back.errorCode);
        assertEquals("not in this build", back.errorText);
        assertTrue(back.disksConsistent);
    }

    @Test
    public void deleteCommandListsTheMergesThatKeepChildrenRestorable() {
        DeleteBackupCommand c = new DeleteBackupCommand();
        c.paths = List.of("backups/a/v/b2.qcow2");
        ChildMerge m = new ChildMerge();
        m.deletedPath = "backups/a/v/b2.qcow2";
        m.childPath = "backups/a/v/b3.qcow2";
        m.newBackingPath = "backups/a/v/b1.qcow2";
        c.merges.add(m);

        DeleteBackupCommand back = WireJson.fromJson(WireJson.toJson(c), DeleteBackupCommand.class);

        assertEquals("backups/a/v/b3.qcow2", back.merges.get(0).childPath);
        assertEquals("backups/a/v/b1.qcow2", back.merges.get(0).newBackingPath);
    }

    @Test
    public void attachDiskAnswerCarriesTheNewDeviceAndWhetherItWentLive() {
        AttachDiskCommand c = new AttachDiskCommand();
        c.vmUuid = "0b9c6c2e-2b1a-4d1e-9a55-6c1f8f7b2a11";
        c.path = "/var/lib/libvirt/images/restored-1.qcow2";
        c.removeFileIfNotAttached = true;
        AttachDiskAnswer a = new AttachDiskAnswer();
        a.targetDevice = "vdb";
        a.bus = "virtio";
        a.live = true;

        AttachDiskCommand backCommand = WireJson.fromJson(WireJson.toJson(c), AttachDiskCommand.class);
        AttachDiskAnswer back = WireJson.fromJson(WireJson.toJson(a), AttachDiskAnswer.class);

        assertEquals("attach-disk", backCommand.commandName());
        assertEquals(c.path, backCommand.path);
        assertTrue(backCommand.removeFileIfNotAttached);
        assertEquals("vdb", back.targetDevice);
        assertTrue(back.live);
    }

    @Test
    public void compressCommandAndItsResultSurviveARoundTripAndAnOlderPeerReadsTheNewJobTypeAsNull() {
        CompressBackupCommand c = new CompressBackupCommand();
        c.requestId = "compress-1";
        c.backupUuid = "b-1";
        c.store = StoreRef.local("s1", "/srv/store");
        c.paths.add("backups/a/v/b-1.qcow2");
        c.library = CompressionLibrary.ZLIB;
        c.coroutines = 4;
        c.rateLimitMibPerSecond = 50;
        c.minimumFreeStorage = 1.5;
        c.timeoutSeconds = 28800;
        JobInfo job = new JobInfo();
        job.type = JobType.COMPRESS_BACKUP;
        job.errorCode = ErrorCode.NOT_ENOUGH_SPACE;
        job.compressionResult = new CompressionResult();
        job.compressionResult.sizeBeforeBytes = 2_424_832;
        job.compressionResult.sizeAfterBytes = 65_536;
        CompressionResult.CompressedFile f = new CompressionResult.CompressedFile();
        f.path = "backups/a/v/b-1.qcow2";
        f.replaced = true;
        job.compressionResult.files.add(f);

        CompressBackupCommand back = WireJson.fromJson(WireJson.toJson(c), CompressBackupCommand.class);
        JobInfo jobBack = WireJson.fromJson(WireJson.toJson(job), JobInfo.class);

        assertEquals("compress-backup", back.commandName());
        assertEquals(CompressionLibrary.ZLIB, back.library);
        assertEquals(4, back.coroutines);
        assertEquals(50, back.rateLimitMibPerSecond);
        assertEquals(1.5, back.minimumFreeStorage, 0);
        assertEquals(28800, back.timeoutSeconds);
        assertEquals(65_536, jobBack.compressionResult.sizeAfterBytes);
        assertTrue(jobBack.compressionResult.files.get(0).replaced);
        String fromNewerAgent = "{\"jobId\":\"j\",\"type\":\"SOMETHING_NEWER\",\"errorCode\":\"SOMETHING_ELSE\"}";
        JobInfo old = WireJson.fromJson(fromNewerAgent, JobInfo.class);
        assertNull(old.type);
        assertNull(old.errorCode);
    }

    @Test
    public void validateAndHashCommandsAndTheirResultsSurviveARoundTrip() {
        ValidateBackupCommand c = new ValidateBackupCommand();
        c.backupUuid = "b-1";
        c.vmUuid = "vm-1";
        ValidationDisk d = new ValidationDisk();
        d.targetDevice = "vda";
        d.chainPaths.add("backups/a/v/b-1.qcow2");
        c.disks.add(d);
        c.steps.addAll(List.of(ValidationStep.EXECUTE_COMMAND, ValidationStep.WAIT_FOR_BOOT));
        c.command = "/bin/sha256sum";
        c.commandArguments.add("/etc/hostname");
        c.expectedOutputBase64 = "aGVsbG8K";
        ValidationResult r = new ValidationResult();
        r.failedStep = ValidationStep.WAIT_FOR_BOOT;
        r.failedOutcome = ValidationResult.StepOutcome.UNABLE;
        ValidationResult.StepResult s = new ValidationResult.StepResult();
        s.step = ValidationStep.WAIT_FOR_BOOT;
        s.outcome = ValidationResult.StepOutcome.UNABLE;
        r.steps.add(s);
        HashResult h = new HashResult();
        h.hash = "ab";

        ValidateBackupCommand back = WireJson.fromJson(WireJson.toJson(c), ValidateBackupCommand.class);
        ValidationResult rBack = WireJson.fromJson(WireJson.toJson(r), ValidationResult.class);
        HashResult hBack = WireJson.fromJson(WireJson.toJson(h), HashResult.class);

        assertEquals("validate-backup", back.commandName());
        assertEquals(List.of(ValidationStep.EXECUTE_COMMAND, ValidationStep.WAIT_FOR_BOOT), back.steps);
        assertEquals(List.of("/etc/hostname"), back.commandArguments);
        assertEquals(240, back.bootTimeoutSeconds);
        assertEquals(ValidationResult.StepOutcome.UNABLE, rBack.steps.get(0).outcome);
        assertEquals("SHA-256", hBack.algorithm);
        assertEquals("hash-backup", new HashBackupCommand().commandName());
    }

    @Test
    public void fileRestoreJobsCarryTheirListingOrCopyOverTheWire() {
        ExtractBackupFilesCommand x = new ExtractBackupFilesCommand();
        x.diskPaths.add("backups/a/b.qcow2");
        x.filesystem = "/dev/sda1";
        x.path = "/etc";
        x.maxBytes = 5L << 30;
        ExtractBackupFilesCommand xBack = WireJson.fromJson(WireJson.toJson(x), ExtractBackupFilesCommand.class);
        assertEquals(List.of("backups/a/b.qcow2"), xBack.diskPaths);
        assertEquals(5L << 30, xBack.maxBytes);
        JobInfo j = new JobInfo();
        j.type = JobType.LIST_BACKUP_FILES;
        j.backupFilesResult = new BackupFilesResult();
        BackupFilesResult.Entry e = new BackupFilesResult.Entry();
        e.name = "a b.txt";
        e.type = "file";
        j.backupFilesResult.entries.add(e);
        JobInfo back = WireJson.fromJson(WireJson.toJson(j), JobInfo.class);
        assertEquals(JobType.LIST_BACKUP_FILES, back.type);
        assertEquals("a b.txt", back.backupFilesResult.entries.get(0).name);
        assertEquals("list-backup-files", new ListBackupFilesCommand().commandName());
        assertEquals("extract-backup-files", x.commandName());
    }
}
