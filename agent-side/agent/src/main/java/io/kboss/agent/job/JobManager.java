package io.kboss.agent.job;

import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.domain.JobLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs long agent work as jobs: at most {@code maxConcurrent} at once (the rest wait QUEUED), one
 * active job per VM, every change journaled so the server can ask after its own restart and the
 * agent can clean up after its own crash.
 *
 * <p>Failure policy: a job that fails or is cancelled has its journaled leftovers undone right
 * away, in reverse order of creation; what could not be undone is named in the job's error text
 * and makes {@code disksConsistent} false. Progress is journaled at most once a second: after a
 * crash the last progress may be a second old, which only matters for display.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final long PROGRESS_JOURNAL_INTERVAL_MILLIS = 1_000;

    private final JobJournal journal;
    private final LeftoverCleaner cleaner;
    private final Clock clock;
    private final int maxConcurrent;
    private final ExecutorService workers;
    private final Map<String, ActiveJob> active = new LinkedHashMap<>();
    private volatile boolean stopping;

    public JobManager(JobJournal journal, LeftoverCleaner cleaner, Clock clock, int maxConcurrent) {
        this.journal = journal;
        this.cleaner = cleaner;
        this.clock = clock;
        this.maxConcurrent = maxConcurrent;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kboss-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Starts (or queues) a job. With a request id already known, returns that job instead.
     *
     * @throws JobRejected BUSY when another job is active on the same VM
     */
    public synchronized JobInfo submit(JobType type, String requestId, String vmUuid, String backupUuid, JobWork work)
            throws JobRejected {
        if (requestId != null) {
            Optional<JobInfo> existing = findByRequestId(requestId);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        if (vmUuid != null) {
            for (ActiveJob other : active.values()) {
                if (vmUuid.equals(other.entry.job.vmUuid)) {
                    throw new JobRejected(ErrorCode.BUSY, "VM " + vmUuid + " already has " + other.entry.job.type
                            + " job " + other.entry.job.jobId + " (" + other.entry.job.state
                            + "): wait for it to end or cancel it");
                }
            }
        }
        JournalEntry entry = new JournalEntry();
        entry.job = new JobInfo();
        entry.job.jobId = UUID.randomUUID().toString();
        entry.job.requestId = requestId;
        entry.job.type = type;
        entry.job.state = JobState.QUEUED;
        entry.job.phase = "queued";
        entry.job.vmUuid = vmUuid;
        entry.job.backupUuid = backupUuid;
        entry.job.createdAtMillis = clock.millis();
        journal.write(entry);
        ActiveJob job = new ActiveJob(entry, work);
        active.put(entry.job.jobId, job);
        job.future = workers.submit(() -> execute(job));
        return entry.copy().job;
    }

    public synchronized Optional<JobInfo> get(String jobId) {
        ActiveJob job = active.get(jobId);
        if (job != null) {
            return Optional.of(job.snapshot());
        }
        return journal.read(jobId).map(e -> e.job);
    }

    public synchronized List<JobInfo> list(boolean activeOnly) {
        List<JobInfo> out = new ArrayList<>();
        for (JournalEntry e : journal.readAll()) {
            ActiveJob job = active.get(e.job.jobId);
            JobInfo info = job != null ? job.snapshot() : e.job;
            if (!activeOnly || !info.state.isFinal()) {
                out.add(info);
            }
        }
        return out;
    }

    /** Asks a job to stop; a queued job stops at once, a running one at its next safe point. */
    public synchronized Optional<JobInfo> cancel(String jobId) {
        ActiveJob job = active.get(jobId);
        if (job == null) {
            return journal.read(jobId).map(e -> e.job);
        }
        job.requestCancel();
        return Optional.of(job.snapshot());
    }

    /**
     * Start-up repair after a crash: every journaled job that was QUEUED or RUNNING is dead (its
     * thread died with the old process). Its leftovers are undone and it is FAILED with
     * AGENT_RESTARTED so the server learns what happened. Must run before the agent serves requests.
     *
     * @return the jobs it failed
     */
    public synchronized List<JobInfo> recoverAfterRestart() {
        List<JobInfo> failed = new ArrayList<>();
        for (JournalEntry entry : journal.readAll()) {
            if (active.containsKey(entry.job.jobId)) {
                continue;
            }
            if (entry.job.state.isFinal()) {
                retryCleanup(entry);
                continue;
            }
            JobState was = entry.job.state;
            CleanupReport report = undo(entry);
            entry.job.state = JobLifecycle.transition(entry.job.jobId, was, JobState.FAILED);
            entry.job.errorCode = ErrorCode.AGENT_RESTARTED;
            entry.job.errorText = "kboss-agent stopped while this job was " + was + " (phase " + entry.job.phase + ", "
                    + entry.job.bytesDone + " of " + entry.job.bytesTotal + " bytes); " + report.describe()
                    + ". Run the operation again.";
            entry.job.disksConsistent = report.complete();
            entry.job.finishedAtMillis = clock.millis();
            entry.job.phase = "failed";
            journal.write(entry);
            LOG.warn("Job {} ({}) failed at start-up: {}", entry.job.jobId, entry.job.type, entry.job.errorText);
            failed.add(entry.job);
        }
        return failed;
    }

    /**
     * A job that ended with leftovers it could not undo (libvirtd was down, say) gets another try at
     * every start; its outcome stays, only the text and the consistency verdict are updated.
     */
    private void retryCleanup(JournalEntry entry) {
        if (entry.leftovers.isEmpty()) {
            return;
        }
        CleanupReport report = undo(entry);
        if (!report.done.isEmpty()) {
            entry.job.errorText = entry.job.errorText + "; at agent start " + report.describe();
            entry.job.disksConsistent = report.complete() && entry.leftovers.isEmpty();
            journal.write(entry);
        }
    }

    /** Forgets finished jobs older than {@code age}; the server had that long to read them. */
    public synchronized int pruneFinishedOlderThan(Duration age) {
        long limit = clock.millis() - age.toMillis();
        int n = 0;
        for (JournalEntry e : journal.readAll()) {
            if (e.job.state.isFinal() && e.job.finishedAtMillis < limit && !active.containsKey(e.job.jobId)) {
                journal.delete(e.job.jobId);
                n++;
            }
        }
        return n;
    }

    private Optional<JobInfo> findByRequestId(String requestId) {
        for (ActiveJob job : active.values()) {
            if (requestId.equals(job.entry.job.requestId)) {
                return Optional.of(job.snapshot());
            }
        }
        return journal.readAll().stream().filter(e -> requestId.equals(e.job.requestId)).findFirst().map(e -> e.job);
    }

    private void execute(ActiveJob job) {
        if (!job.start()) {
            finished(job);
            return;
        }
        Throwable failure = null;
        try {
            job.work.run(job);
        } catch (Exception | Error e) {
            failure = e;
        }
        // A cancel interrupts this thread; clear it, or the journal's file channel refuses to write
        // and the cleanup below could not run.
        Thread.interrupted();
        try {
            if (failure == null) {
                job.end(JobState.SUCCEEDED, null, null, true);
            } else if (failure instanceof JobFailure f) {
                job.failWithCleanup(f.code(), f.getMessage(), f.disksConsistent());
            } else {
                LOG.warn("Job {} ({}) failed", job.entry.job.jobId, job.entry.job.type, failure);
                job.failWithCleanup(ErrorCode.FAILED, failure.toString(), true);
            }
        } catch (RuntimeException e) {
            // The journal could not be written: the next start-up finds the job unfinished and fails it.
            LOG.error("Job {} ended but its end could not be journaled", job.entry.job.jobId, e);
        } finally {
            finished(job);
        }
    }

    private synchronized void finished(ActiveJob job) {
        active.remove(job.entry.job.jobId);
    }

    private CleanupReport undo(JournalEntry entry) {
        CleanupReport report = new CleanupReport();
        List<Leftover> leftovers = new ArrayList<>(entry.leftovers);
        java.util.Collections.reverse(leftovers);
        for (Leftover l : leftovers) {
            try {
                report.done.add(cleaner.cleanUp(l));
                entry.leftovers.remove(l);
            } catch (Exception e) {
                LOG.warn("Cleanup of {} for job {} failed", l, entry.job.jobId, e);
                report.failed.add(l.kind() + " " + l.value() + " (" + e.getMessage() + ")");
            }
        }
        return report;
    }

    private static final class CleanupReport {
        final List<String> done = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        boolean complete() {
            return failed.isEmpty();
        }

        String describe() {
            String s = done.isEmpty() ? "nothing to clean up" : "cleaned up: " + String.join(", ", done);
            return failed.isEmpty()
                    ? s
                    : s + "; COULD NOT clean up: " + String.join(", ", failed)
                            + " — fix these by hand before using the VM's disks";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        synchronized (this) {
            active.values().forEach(ActiveJob::requestCancel);
        }
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** A job this process runs; every method that touches the entry holds the job's monitor. */
    private final class ActiveJob implements JobContext {
        final JournalEntry entry;
        final JobWork work;
        volatile boolean cancelRequested;
        volatile Future<?> future;
        private long lastJournaled;

        ActiveJob(JournalEntry entry, JobWork work) {
            this.entry = entry;
            this.work = work;
        }

        synchronized JobInfo snapshot() {
            return entry.copy().job;
        }

        synchronized boolean start() {
            if (entry.job.state != JobState.QUEUED) {
                return false;
            }
            entry.job.state = JobLifecycle.transition(entry.job.jobId, entry.job.state, JobState.RUNNING);
            entry.job.startedAtMillis = clock.millis();
            entry.job.phase = "starting";
            journal.write(entry);
            return true;
        }

        void requestCancel() {
            synchronized (this) {
                if (entry.job.state == JobState.QUEUED) {
                    end(JobState.CANCELLED, ErrorCode.CANCELLED, "Cancelled before it started", true);
                    return;
                }
                if (entry.job.state != JobState.RUNNING) {
                    return;
                }
                cancelRequested = true;
            }
            // Interrupting stops a waiting external program (the runner kills it) at once.
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        void failWithCleanup(ErrorCode code, String text, boolean consistent) {
            CleanupReport report;
            synchronized (this) {
                entry.job.phase = "cleaning up";
                journal.write(entry);
                report = undo(entry);
            }
            if (stopping) {
                end(JobState.FAILED, ErrorCode.AGENT_RESTARTED, "kboss-agent was stopped while this job ran (" + text
                        + "); " + report.describe() + ". Run the operation again.", consistent && report.complete());
                return;
            }
            boolean cancelled = cancelRequested;
            end(cancelled ? JobState.CANCELLED : JobState.FAILED, cancelled ? ErrorCode.CANCELLED : code,
                    (cancelled ? "Cancelled on request" : text) + "; " + report.describe(),
                    consistent && report.complete());
        }

        synchronized void end(JobState state, ErrorCode code, String text, boolean consistent) {
            entry.job.state = JobLifecycle.transition(entry.job.jobId, entry.job.state, state);
            entry.job.errorCode = code;
            entry.job.errorText = text;
            entry.job.disksConsistent = consistent;
            entry.job.finishedAtMillis = clock.millis();
            entry.job.phase = state.name().toLowerCase(java.util.Locale.ROOT);
            if (state == JobState.SUCCEEDED) {
                entry.leftovers.clear(); // what the job made is now its result
            }
            journal.write(entry);
        }

        @Override
        public String jobId() {
            return entry.job.jobId;
        }

        @Override
        public synchronized void phase(String phase) {
            entry.job.phase = phase;
            journal.write(entry);
            lastJournaled = clock.millis();
        }

        @Override
        public synchronized void progress(long bytesDone, long bytesTotal) {
            entry.job.bytesDone = bytesDone;
            entry.job.bytesTotal = bytesTotal;
            long now = clock.millis();
            if (now - lastJournaled >= PROGRESS_JOURNAL_INTERVAL_MILLIS) {
                journal.write(entry);
                lastJournaled = now;
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested;
        }

        @Override
        public void checkCancelled() throws JobFailure {
            if (cancelRequested) {
                throw new JobFailure(ErrorCode.CANCELLED, "Cancelled on request", true, null);
            }
        }

        @Override
        public synchronized void willCreate(Leftover leftover) {
            entry.leftovers.add(leftover);
            journal.write(entry);
        }

        @Override
        public synchronized void released(Leftover leftover) {
            if (entry.leftovers.remove(leftover)) {
                journal.write(entry);
            }
        }

        @Override
        public synchronized void backupResult(BackupResult result) {
            entry.job.backupResult = result;
        }

        @Override
        public synchronized void restoreResult(RestoreResult result) {
            entry.job.restoreResult = result;
        }

        @Override
        public synchronized void deleteResult(DeleteResult result) {
            entry.job.deleteResult = result;
        }
    }
}
