package io.kboss.plugin.backup.kboss.orchestration;

import io.kboss.agent.contract.StoreKind;
import io.kboss.agent.contract.ScreenshotAnswer;
import io.kboss.agent.contract.ReadScreenshotCommand;
import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.ExtractBackupFilesCommand;
import io.kboss.agent.contract.ListBackupFilesCommand;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.AttachDiskAnswer;
import io.kboss.agent.contract.AttachDiskCommand;
import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.BackupFileInfo;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.agent.contract.CreateVmFromBackupCommand;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.FinishChainAnswer;
import io.kboss.agent.contract.FinishChainCommand;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.GetStoreCapacityCommand;
import io.kboss.agent.contract.StoreCapacityAnswer;
import io.kboss.agent.contract.HashBackupCommand;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.QuickRestoreCommand;
import io.kboss.agent.contract.QuickRestoreVolumeCommand;
import io.kboss.agent.contract.RestoreBackupCommand;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.test.support.SettableClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The agents of the orchestration tier: the one fake of the tier, at the server's channel boundary
 * ({@link AgentChannels}). It answers every command the handlers send as a real agent does (a job per
 * request id, a repeated start answered with the job it already has, results shaped like the agent's)
 * and keeps the jobs in memory, shared by every "server" of a test.
 *
 * <p>By default a job ends SUCCEEDED the moment it starts. {@link #hold()} keeps new jobs RUNNING until
 * the test ends them ({@link #finish}, {@link #fail}); a handler following one waits in {@link #sleeper}
 * for the next change, each wait moving the clock by the poll interval: no real sleeping anywhere.
 */
public final class FakeAgents implements AgentChannels {
    /** What a backup's file holds, as the fake agent reports it. */
    static final long FILE_BYTES = 1 << 20;
    /** What a backup's file holds once the fake agent compressed it. */
    static final long COMPRESSED_BYTES = 1 << 18;

    private final SettableClock clock;
    private final Map<String, Job> byRequest = new LinkedHashMap<>();
    private final Map<String, Job> byJobId = new LinkedHashMap<>();
    private final Set<Long> down = new HashSet<>();
    private final Set<String> cancelsTooLate = new HashSet<>();
    /** What validate-backup finds, by backup uuid; valid with every step passed when not set. */
    private final Map<String, ValidationResult> validations = new LinkedHashMap<>();
    /** The files' hash hash-backup reports, by backup uuid; one derived from the uuid when not set. */
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final Map<String, byte[]> screenshots = new LinkedHashMap<>();
    private final List<String> starts = new ArrayList<>();
    /** What get-store-capacity finds, by store uuid: {capacity, free}; unknown stores are unreachable. */
    private final Map<String, long[]> capacities = new LinkedHashMap<>();
    /** The path of every attach-disk received, in order. */
    private final List<String> attaches = new ArrayList<>();
    private boolean holding;
    private long changes;
    /** Handlers now waiting in {@link #sleeper()} for the agents to change. */
    private int sleeping;
    private Consumer<String> startListener = requestId -> {
    };

    public FakeAgents(SettableClock clock) {
        this.clock = clock;
    }

    /** One agent job and the command that started it. */
    private static final class Job {
        final long hostId;
        final JobCommand command;
        final JobInfo info = new JobInfo();

        Job(long hostId, JobCommand command) {
            this.hostId = hostId;
            this.command = command;
        }
    }

    @Override
    public AgentChannel forHost(long hostId) {
        return new AgentChannel() {
            @Override
            public <A extends AgentAnswer> A execute(AgentCommand<A> command) throws AgentCallException {
                return command.answerType().cast(handle(hostId, command));
            }
        };
    }

    /** Hears the request id of every start a handler sends (the queue benchmark records them). */
    public synchronized void onStart(Consumer<String> listener) {
        this.startListener = listener;
    }

    /** New jobs stay RUNNING until the test ends them. */
    public synchronized void hold() {
        holding = true;
    }

    /** New jobs end at once again (held ones stay as they are). */
    public synchronized void finishAtOnce() {
        holding = false;
    }

    /** The host's agent stops answering (or answers again). */
    public synchronized void down(long hostId, boolean isDown) {
        if (isDown) {
            down.add(hostId);
        } else {
            down.remove(hostId);
        }
        changed();
    }

    /** Ends the job of {@code requestId} well, with the result its command asks for. */
    public synchronized void finish(String requestId) {
        Job j = require(requestId);
        complete(j);
        changed();
    }

    /** Ends every running job well. */
    public synchronized void finishAll() {
        byRequest.values().stream().filter(j -> !j.info.state.isFinal()).forEach(this::complete);
        changed();
    }

    /** get-store-capacity of the store will find this capacity and free space. */
    public synchronized void storeCapacity(String storeUuid, long capacityBytes, long freeBytes) {
        capacities.put(storeUuid, new long[]{capacityBytes, freeBytes});
    }

    /** validate-backup of the backup will find {@code result}. */
    public synchronized void validationFinds(String backupUuid, ValidationResult result) {
        validations.put(backupUuid, result);
    }

    /** hash-backup of the backup will report {@code hash} (its files changed, say). */
    /** What read-screenshot answers for a path on an NFS store (a host mounts it, the server does not). */
    public synchronized void screenshotOnStore(String path, byte[] png) {
        screenshots.put(path, png);
    }

    public synchronized void hashOf(String backupUuid, String hash) {
        hashes.put(backupUuid, hash);
    }

    /** The files the agents were asked to attach (attach-disk), in order. */
    public synchronized List<String> attachedPaths() {
        return List.copyOf(attaches);
    }

    /** The commands of the jobs started, in order, of one type. */
    public synchronized <C extends JobCommand> List<C> commands(Class<C> type) {
        return byRequest.values().stream().map(j -> j.command).filter(type::isInstance).map(type::cast).toList();
    }

    /** Ends the job of {@code requestId} as failed. */
    /**
     * A cancel of {@code requestId}'s job reaches the agent too late to stop it (the job is answered as it
     * stands), so a test decides alone how that job ends, whenever the server happens to ask.
     */
    public synchronized void cancelsArriveTooLate(String requestId) {
        cancelsTooLate.add(requestId);
    }

    public synchronized void fail(String requestId, boolean disksConsistent, String why) {
        fail(requestId, ErrorCode.FAILED, disksConsistent, why);
    }

    /** Ends the job of {@code requestId} as failed with {@code code}. */
    public synchronized void fail(String requestId, ErrorCode code, boolean disksConsistent, String why) {
        Job j = require(requestId);
        j.info.state = JobState.FAILED;
        j.info.errorCode = code;
        j.info.errorText = why;
        j.info.disksConsistent = disksConsistent;
        changed();
    }

    /**
     * The agent restarted while the job of {@code requestId} had its VM using the restore already (a quick
     * volume restore's disk attached): FAILED with AGENT_RESTARTED, its last journaled result saying so.
     */
    public synchronized void restartedAfterAttach(String requestId) {
        Job j = require(requestId);
        j.info.restoreResult = new RestoreResult();
        j.info.restoreResult.vmStartedAtMillis = clock.millis();
        fail(requestId, ErrorCode.AGENT_RESTARTED, true, "kboss-agent was stopped while this job ran");
    }

    /** A running job reports progress in {@code phase} (as the agent's "replacing FILE" of a compression). */
    public synchronized void progress(String requestId, String phase, long done, long total) {
        Job j = require(requestId);
        j.info.phase = phase;
        j.info.bytesDone = done;
        j.info.bytesTotal = total;
        changed();
    }

    /** The host whose agent was asked to start the job of {@code requestId}. */
    public synchronized long hostOf(String requestId) {
        return require(requestId).hostId;
    }

    /** The command that started the job of {@code requestId}. */
    public synchronized JobCommand command(String requestId) {
        return require(requestId).command;
    }

    /** The request ids of the jobs started whose command is a {@code type}, in start order. */
    public synchronized List<String> requestsOf(Class<? extends JobCommand> type) {
        return byRequest.values().stream().filter(j -> type.isInstance(j.command)).map(j -> j.info.requestId).toList();
    }

    /** Wakes handlers waiting in the sleeper without changing a job (after the test moved the clock). */
    public synchronized void poke() {
        changed();
    }

    /** Waits until the agents have started {@code n} distinct jobs (a handler reached its agent). */
    public synchronized void awaitJobs(int n) throws InterruptedException {
        while (byRequest.size() < n) {
            wait();
        }
    }

    /** Waits until the agents have received {@code n} starts of the job of {@code requestId}, repeats included. */
    public synchronized void awaitStarts(String requestId, int n) throws InterruptedException {
        while (starts.stream().filter(requestId::equals).count() < n) {
            wait();
        }
    }

    /**
     * Waits until {@code n} handlers sleep between two polls of their held jobs: what a test writes on the
     * operation rows from now on (a cancel request) reaches them only at the next {@link #poke()}, not at a
     * first poll that may or may not have happened yet.
     */
    public synchronized void awaitSleeping(int n) throws InterruptedException {
        while (sleeping < n) {
            wait();
        }
    }

    /** How many times the job of {@code requestId} was started, repeats included. */
    public synchronized long startsOf(String requestId) {
        return starts.stream().filter(requestId::equals).count();
    }

    public synchronized boolean running(String requestId) {
        Job j = byRequest.get(requestId);
        return j != null && !j.info.state.isFinal();
    }

    public synchronized List<String> runningRequests() {
        return byRequest.values().stream().filter(j -> !j.info.state.isFinal()).map(j -> j.info.requestId).toList();
    }

    /** The request id of every job start the agents received, repeats included. */
    public synchronized List<String> starts() {
        return List.copyOf(starts);
    }

    /** The number of distinct jobs started, by request id. */
    public synchronized int jobs() {
        return byRequest.size();
    }

    public synchronized JobState state(String requestId) {
        return require(requestId).info.state;
    }

    /**
     * The handlers' sleeper: moves the clock by the wait, then, while some job is held, waits until the
     * agents change; returns at once when nothing is held (a retry of a failed call).
     */
    public Sleeper sleeper() {
        return d -> {
            clock.advance(d);
            synchronized (this) {
                long seen = changes;
                sleeping++;
                notifyAll(); // for awaitSleeping
                try {
                    while (changes == seen && byRequest.values().stream().anyMatch(j -> !j.info.state.isFinal())) {
                        wait();
                    }
                } finally {
                    sleeping--;
                }
            }
        };
    }

    private void changed() {
        changes++;
        notifyAll();
    }

    private Job require(String requestId) {
        Job j = byRequest.get(requestId);
        if (j == null) {
            throw new IllegalArgumentException("no agent job for request " + requestId + "; started: " + starts);
        }
        return j;
    }

    private synchronized AgentAnswer handle(long hostId, AgentCommand<?> command) throws AgentCallException {
        if (down.contains(hostId)) {
            throw new AgentCallException("the agent of host " + hostId + " does not answer (fake agent down)", false,
                    null);
        }
        if (command instanceof JobCommand start) {
            return start(hostId, start);
        }
        if (command instanceof GetJobCommand get) {
            return jobAnswer(byJobId.get(get.jobId), "no job " + get.jobId);
        }
        if (command instanceof CancelJobCommand cancel) {
            Job j = byJobId.get(cancel.jobId);
            if (j != null && !j.info.state.isFinal() && !cancelsTooLate.contains(j.info.requestId)) {
                j.info.state = JobState.CANCELLED;
                j.info.errorText = "cancelled";
                j.info.disksConsistent = true;
                changed();
            }
            return jobAnswer(j, "no job " + cancel.jobId);
        }
        if (command instanceof ListJobsCommand list) {
            ListJobsAnswer a = new ListJobsAnswer();
            byRequest.values().stream().filter(j -> j.hostId == hostId)
                    .filter(j -> !list.activeOnly || !j.info.state.isFinal()).forEach(j -> a.jobs.add(copy(j.info)));
            return a;
        }
        if (command instanceof ReadScreenshotCommand read) {
            ScreenshotAnswer a = new ScreenshotAnswer();
            byte[] png = screenshots.get(read.path);
            if (png == null || read.store == null || read.store.kind != StoreKind.NFS) {
                return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "no screenshot " + read.path + " on " + read.store);
            }
            a.pngBase64 = java.util.Base64.getEncoder().encodeToString(png);
            return a;
        }
        if (command instanceof AttachDiskCommand attach) {
            attaches.add(attach.path);
            AttachDiskAnswer a = new AttachDiskAnswer();
            a.targetDevice = "vdb";
            a.bus = "virtio";
            a.live = false;
            return a;
        }
        if (command instanceof FinishChainCommand) {
            return new FinishChainAnswer();
        }
        if (command instanceof GetStoreCapacityCommand get) {
            StoreCapacityAnswer a = new StoreCapacityAnswer();
            long[] c = capacities.get(get.store.storeId);
            if (c == null) {
                return AgentAnswer.failure(a, ErrorCode.STORE_UNREACHABLE, "store " + get.store.storeId
                        + " is not mounted (fake agent)");
            }
            a.capacityBytes = c[0];
            a.freeBytes = c[1];
            a.usedBytes = c[0] - c[1];
            return a;
        }
        throw new IllegalArgumentException("the fake agent does not know " + command.commandName());
    }

    private JobAnswer start(long hostId, JobCommand command) {
        starts.add(command.requestId);
        startListener.accept(command.requestId);
        changed();
        Job j = byRequest.get(command.requestId);
        if (j == null) {
            j = new Job(hostId, command);
            j.info.jobId = UUID.randomUUID().toString();
            j.info.requestId = command.requestId;
            j.info.type = type(command);
            j.info.state = JobState.RUNNING;
            j.info.createdAtMillis = clock.millis();
            j.info.startedAtMillis = clock.millis();
            j.info.backupUuid = publicField(command, "backupUuid");
            j.info.vmUuid = publicField(command, "vmUuid");
            byRequest.put(command.requestId, j);
            byJobId.put(j.info.jobId, j);
            if (!holding) {
                complete(j);
            }
            changed();
        }
        return jobAnswer(j, null);
    }

    /** The job type the agent reports for each job command; a delete is anything else. */
    private static final Map<Class<? extends JobCommand>, JobType> TYPES = Map.ofEntries(
            Map.entry(TakeBackupCommand.class, JobType.BACKUP),
            Map.entry(QuickRestoreCommand.class, JobType.QUICK_RESTORE),
            Map.entry(QuickRestoreVolumeCommand.class, JobType.QUICK_RESTORE),
            Map.entry(RestoreBackupCommand.class, JobType.RESTORE),
            Map.entry(ValidateBackupCommand.class, JobType.VALIDATE_BACKUP),
            Map.entry(HashBackupCommand.class, JobType.HASH_BACKUP),
            Map.entry(CompressBackupCommand.class, JobType.COMPRESS_BACKUP),
            Map.entry(CreateVmFromBackupCommand.class, JobType.CREATE_VM_FROM_BACKUP),
            Map.entry(ListBackupFilesCommand.class, JobType.LIST_BACKUP_FILES),
            Map.entry(ExtractBackupFilesCommand.class, JobType.EXTRACT_BACKUP_FILES));

    private static JobType type(JobCommand c) {
        return TYPES.getOrDefault(c.getClass(), JobType.DELETE_BACKUP);
    }

    private void complete(Job j) {
        j.info.state = JobState.SUCCEEDED;
        j.info.finishedAtMillis = clock.millis();
        if (j.command instanceof TakeBackupCommand t) {
            BackupResult r = new BackupResult();
            r.checkpoint = t.newCheckpoint;
            r.checkpointXml = "<domaincheckpoint><name>" + t.newCheckpoint + "</name></domaincheckpoint>";
            r.mode = t.mode;
            r.quiesced = t.quiesce;
            r.frozenMillis = t.quiesce ? 3 : 0;
            r.domainXml = "<domain type='qemu'><name>" + t.vmUuid + "</name></domain>";
            for (BackupDiskTarget d : t.disks) {
                BackupFileInfo f = new BackupFileInfo();
                f.targetDevice = d.targetDevice;
                f.path = d.path;
                f.backingPath = d.parentPath;
                f.physicalSizeBytes = FILE_BYTES;
                f.virtualSizeBytes = 16L << 20;
                r.files.add(f);
            }
            j.info.backupResult = r;
        } else if (j.command instanceof DeleteBackupCommand d) {
            DeleteResult r = new DeleteResult();
            r.deletedPaths.addAll(d.paths);
            for (ChildMerge m : d.merges) {
                r.mergedChildren.add(m.childPath);
                r.mergedChildSizes.put(m.childPath, 2 * FILE_BYTES);
            }
            // What the deleted files held, less what their children grew by absorbing them.
            r.bytesFreed = d.paths.size() * FILE_BYTES - d.merges.size() * FILE_BYTES;
            j.info.deleteResult = r;
        } else if (j.command instanceof ValidateBackupCommand v) {
            ValidationResult r = validations.get(v.backupUuid);
            if (r == null) {
                r = new ValidationResult();
                r.valid = true;
                r.screenshotPath = v.screenshotPath;
                r.screenshotBytes = 1234;
            }
            j.info.validationResult = r;
        } else if (j.command instanceof HashBackupCommand h) {
            HashResult r = new HashResult();
            r.hash = hashes.getOrDefault(h.backupUuid, UUID.nameUUIDFromBytes(h.backupUuid.getBytes())
                    .toString().replace("-", "").repeat(2));
            j.info.hashResult = r;
        } else if (j.command instanceof CompressBackupCommand c) {
            CompressionResult r = new CompressionResult();
            r.library = c.library;
            for (String path : c.paths) {
                CompressionResult.CompressedFile f = new CompressionResult.CompressedFile();
                f.path = path;
                f.sizeBeforeBytes = FILE_BYTES;
                f.sizeAfterBytes = COMPRESSED_BYTES;
                f.replaced = true;
                r.files.add(f);
                r.sizeBeforeBytes += FILE_BYTES;
                r.sizeAfterBytes += COMPRESSED_BYTES;
            }
            j.info.compressionResult = r;
        } else if (j.command instanceof CreateVmFromBackupCommand n) {
            RestoreResult r = new RestoreResult();
            r.newVmUuid = n.vmUuid;
            r.newVmName = n.vmName;
            n.disks.forEach(d -> r.restoredPaths.add(n.destinationFolder + "/" + n.vmName + "-" + d.targetDevice
                    + ".qcow2"));
            r.vmStartedAtMillis = n.startVm || n.quickRestore ? clock.millis() : 0;
            r.consolidated = n.quickRestore;
            j.info.restoreResult = r;
        } else if (j.command instanceof ListBackupFilesCommand l) {
            j.info.backupFilesResult = listing(l);
        } else if (j.command instanceof ExtractBackupFilesCommand x) {
            j.info.backupFilesResult = extraction(x);
        } else if (j.command instanceof QuickRestoreVolumeCommand q) {
            // As the real agent answers: the overlay attached as the next free disk and consolidated.
            RestoreResult r = new RestoreResult();
            r.restoredPaths.add(q.disk.destinationPath);
            r.attachedDevice = "vdb";
            r.vmStartedAtMillis = clock.millis();
            r.consolidated = true;
            j.info.restoreResult = r;
        } else {
            j.info.restoreResult = new RestoreResult();
        }
    }

    /** What the fake finds in every backup: one ext4 filesystem, /dev/sda1, whose root holds {@link #FILE_TEXT}. */
    public static final String FILE_TEXT = "hello from the backup\n";

    private static BackupFilesResult listing(ListBackupFilesCommand l) {
        BackupFilesResult r = new BackupFilesResult();
        if (l.filesystem == null) {
            BackupFilesResult.Filesystem f = new BackupFilesResult.Filesystem();
            f.name = "/dev/sda1";
            f.type = "ext4";
            f.label = "root";
            f.sizeBytes = 16L << 20;
            r.filesystems.add(f);
        } else {
            BackupFilesResult.Entry e = new BackupFilesResult.Entry();
            e.name = "hello.txt";
            e.type = "file";
            e.sizeBytes = FILE_TEXT.length();
            e.modifiedAtMillis = 1_700_000_000_000L;
            r.entries.add(e);
        }
        return r;
    }

    /** Writes the file (its text) or a folder (the text as a stand-in archive) where the real agent would. */
    private static BackupFilesResult extraction(ExtractBackupFilesCommand x) {
        BackupFilesResult r = new BackupFilesResult();
        boolean folder = !x.path.endsWith(".txt");
        r.outputPath = folder ? x.outputPath + ".tar" : x.outputPath;
        r.outputKind = folder ? "TAR" : "FILE";
        try {
            java.nio.file.Path out = java.nio.file.Path.of(x.store.localPath).resolve(r.outputPath);
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, FILE_TEXT);
            r.outputBytes = java.nio.file.Files.size(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r;
    }

    private JobAnswer jobAnswer(Job j, String missing) {
        JobAnswer a = new JobAnswer();
        if (j == null) {
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, missing);
        }
        a.job = copy(j.info);
        return a;
    }

    /** A snapshot, as the wire would carry it: the caller never shares the agent's own object. */
    private static JobInfo copy(JobInfo i) {
        JobInfo c = new JobInfo();
        c.jobId = i.jobId;
        c.requestId = i.requestId;
        c.type = i.type;
        c.state = i.state;
        c.phase = i.phase;
        c.bytesDone = i.bytesDone;
        c.bytesTotal = i.bytesTotal;
        c.vmUuid = i.vmUuid;
        c.backupUuid = i.backupUuid;
        c.createdAtMillis = i.createdAtMillis;
        c.startedAtMillis = i.startedAtMillis;
        c.finishedAtMillis = i.finishedAtMillis;
        c.errorCode = i.errorCode;
        c.errorText = i.errorText;
        c.disksConsistent = i.disksConsistent;
        c.backupResult = i.backupResult;
        c.restoreResult = i.restoreResult;
        c.deleteResult = i.deleteResult;
        c.validationResult = i.validationResult;
        c.hashResult = i.hashResult;
        c.backupFilesResult = i.backupFilesResult;
        c.compressionResult = i.compressionResult;
        return c;
    }

    /**
     * A job command's public String field {@code name}, or null when its class has none. The wire classes are
     * plain fields (no shared getter): every command of a backup names it in {@code backupUuid}, and those that
     * act on a VM name the VM in {@code vmUuid}; a fake job carries both, read this way for every command class.
     */
    private static String publicField(JobCommand command, String name) {
        try {
            return (String) command.getClass().getField(name).get(command);
        } catch (NoSuchFieldException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(name + " of " + command.getClass().getSimpleName(), e);
        }
    }
}
