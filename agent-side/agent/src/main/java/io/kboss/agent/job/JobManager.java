package io.kboss.agent.job;

import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.domain.JobLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs long agent work as jobs: at most {@code maxConcurrent} at once (the rest wait QUEUED), one
 * active job per VM and per backup file, every change journaled so the server can ask after its
 * own restart and the agent can clean up after its own crash.
 *
 * <p>Stopping work: every job has one {@link CancelToken}, handed to the work, which passes it on
 * to the disk engine and to every program it runs. A cancel request, the job's timeout and the
 * agent's stop all cancel that token, and only that; no job thread is ever interrupted. (An
 * interrupt used to be the way a cancel reached a running qemu-img, and an interrupt that arrived
 * while the job journaled its end made the journal's file channel refuse the write, leaving a
 * stopped job RUNNING on disk.)
 *
 * <p>Failure policy: a job that fails or is cancelled has its journaled leftovers undone right
 * away, in reverse order of creation; what could not be undone is named in the job's error text
 * and makes {@code disksConsistent} false. Progress is journaled at most once a second: after a
 * crash the last progress may be a second old, which only matters for display. {@link #close()}
 * returns only once every job it stopped has journaled its end (or the stop grace ran out: such
 * a job is failed with AGENT_RESTARTED at the next start).
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final long PROGRESS_JOURNAL_INTERVAL_MILLIS = 1_000;
    /** How long {@link #close()} waits for running jobs to clean up and journal their end. */
    static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(60);

    /** Why a running job's token was cancelled; decides the state and code it ends with. */
    private enum StopCause {
        REQUESTED("cancelled on request"), TIMED_OUT("timed out"), AGENT_STOPPING("kboss-agent is stopping");

        final String text;

        StopCause(String text) {
            this.text = text;
        }
    }

    private final JobJournal journal;
    private final LeftoverCleaner cleaner;
    private final Clock clock;
    private final int maxConcurrent;
    private final Duration stopGrace;
    private final ExecutorService workers;
    private final ScheduledExecutorService timeouts;
    private final Map<String, ActiveJob> active = new LinkedHashMap<>();
    /** VMs held by quick work done outside a job (start-vm, stop-vm), with what holds them. */
    private final Map<String, String> claimedVms = new java.util.HashMap<>();
    private boolean stopping;

    public JobManager(JobJournal journal, LeftoverCleaner cleaner, Clock clock, int maxConcurrent) {
        this(journal, cleaner, clock, maxConcurrent, DEFAULT_STOP_GRACE);
    }

    public JobManager(JobJournal journal, LeftoverCleaner cleaner, Clock clock, int maxConcurrent,
            Duration stopGrace) {
        this.journal = journal;
        this.cleaner = cleaner;
        this.clock = clock;
        this.maxConcurrent = maxConcurrent;
        this.stopGrace = stopGrace;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kboss-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kboss-job-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** As {@link #submit(JobSpec, JobWork)} for a job with no files of its own and no timeout. */
    public JobInfo submit(JobType type, String requestId, String vmUuid, String backupUuid, JobWork work)
            throws JobRejected {
        return submit(JobSpec.of(type, requestId, vmUuid, backupUuid), work);
    }

    /**
     * Starts (or queues) a job. With a request id already known, returns that job instead.
     *
     * @throws JobRejected BUSY when another job is active on the same VM or one of the same files,
     *     or the agent is stopping
     */
    public synchronized JobInfo submit(JobSpec spec, JobWork work) throws JobRejected {
        if (spec.requestId() != null) {
            Optional<JobInfo> existing = findByRequestId(spec.requestId());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        if (stopping) {
            throw new JobRejected(ErrorCode.BUSY, "kboss-agent is stopping and takes no new job: ask again once it"
                    + " runs again");
        }
        if (spec.vmUuid() != null && claimedVms.containsKey(spec.vmUuid())) {
            throw new JobRejected(ErrorCode.BUSY, "VM " + spec.vmUuid() + " is being changed by "
                    + claimedVms.get(spec.vmUuid()) + ": ask again in a moment");
        }
        for (ActiveJob other : active.values()) {
            if (other.ended()) {
                continue;
            }
            JobInfo o = other.entry.job;
            if (spec.vmUuid() != null && spec.vmUuid().equals(o.vmUuid)) {
                throw new JobRejected(ErrorCode.BUSY, "VM " + spec.vmUuid() + " already has " + o.type + " job "
                        + o.jobId + " (" + o.state + "): wait for it to end or cancel it");
            }
            List<String> shared = new ArrayList<>(spec.files());
            shared.retainAll(other.spec.files());
            if (!shared.isEmpty()) {
                throw new JobRejected(ErrorCode.BUSY, "backup file " + shared.get(0) + " is being changed by " + o.type
                        + " job " + o.jobId + " (" + o.state + "): wait for it to end or cancel it");
            }
        }
        JournalEntry entry = new JournalEntry();
        entry.job = new JobInfo();
        entry.job.jobId = UUID.randomUUID().toString();
        entry.job.requestId = spec.requestId();
        entry.job.type = spec.type();
        entry.job.state = JobState.QUEUED;
        entry.job.phase = "queued";
        entry.job.vmUuid = spec.vmUuid();
        entry.job.backupUuid = spec.backupUuid();
        entry.job.createdAtMillis = clock.millis();
        journal.write(entry);
        ActiveJob job = new ActiveJob(entry, spec, work);
        active.put(entry.job.jobId, job);
        workers.execute(() -> execute(job));
        return entry.copy().job;
    }

    /** What {@link #claimVm} returns; closing it lets jobs start on the VM again. */
    @FunctionalInterface
    public interface VmClaim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds a VM for quick work the agent does outside a job (starting or stopping it): no job
     * starts on the VM until the claim is closed, and no claim is given while a job works on it (a
     * restore must not find its VM started under it).
     *
     * @throws JobRejected BUSY, naming the job or the work that holds the VM
     */
    public synchronized VmClaim claimVm(String vmUuid, String what) throws JobRejected {
        for (ActiveJob job : active.values()) {
            if (job.ended()) {
                continue;
            }
            JobInfo o = job.entry.job;
            if (vmUuid.equals(o.vmUuid)) {
                throw new JobRejected(ErrorCode.BUSY, "VM " + vmUuid + " has " + o.type + " job " + o.jobId + " ("
                        + o.state + "): wait for it to end or cancel it before " + what);
            }
        }
        if (claimedVms.containsKey(vmUuid)) {
            throw new JobRejected(ErrorCode.BUSY, "VM " + vmUuid + " is being changed by " + claimedVms.get(vmUuid)
                    + ": ask again in a moment");
        }
        claimedVms.put(vmUuid, what);
        return () -> {
            synchronized (JobManager.this) {
                claimedVms.remove(vmUuid);
            }
        };
    }

    public synchronized Optional<JobInfo> get(String jobId) {
        ActiveJob job = active.get(jobId);
        if (job != null) {
            return Optional.of(job.snapshot());
        }
        return journal.read(jobId).map(e -> e.job);
    }

    /**
     * The job once it is final, or as it is when {@code wait} has passed, whichever comes first. The
     * end is announced by {@link #finished}'s notifyAll after the journal holds the final state.
     */
    public synchronized Optional<JobInfo> awaitEnd(String jobId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            ActiveJob job = active.get(jobId);
            if (job == null) {
                return journal.read(jobId).map(e -> e.job);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.of(job.snapshot());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
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
    public Optional<JobInfo> cancel(String jobId) {
        ActiveJob job;
        synchronized (this) {
            job = active.get(jobId);
            if (job == null) {
                return journal.read(jobId).map(e -> e.job);
            }
        }
        job.stop(StopCause.REQUESTED);
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
        try {
            if (!job.start()) {
                return; // cancelled, or failed by the agent's stop, while it was queued
            }
            Throwable failure = null;
            try {
                job.work.run(job);
            } catch (Exception | Error e) {
                failure = e;
            }
            StopCause cause = job.workEnded();
            if (failure == null) {
                job.end(JobState.SUCCEEDED, null, null, true);
            } else {
                job.failWithCleanup(failure, cause);
            }
        } catch (RuntimeException e) {
            // The journal could not be written: the next start-up finds the job unfinished and fails it.
            LOG.error("Job {} ended but its end could not be journaled", job.entry.job.jobId, e);
        } finally {
            finished(job);
        }
    }

    private synchronized void finished(ActiveJob job) {
        job.cancelTimeout();
        active.remove(job.entry.job.jobId);
        notifyAll();
    }

    private CleanupReport undo(JournalEntry entry) {
        return undo(entry, entry);
    }

    /**
     * Undoes the entry's leftovers, newest first. Cleaners may take long (a libvirt call), so they
     * run without a lock; only the entry's list is changed under {@code lock}.
     */
    private CleanupReport undo(JournalEntry entry, Object lock) {
        CleanupReport report = new CleanupReport();
        List<Leftover> leftovers;
        synchronized (lock) {
            leftovers = new ArrayList<>(entry.leftovers);
        }
        Collections.reverse(leftovers);
        for (Leftover l : leftovers) {
            try {
                report.done.add(cleaner.cleanUp(l));
                synchronized (lock) {
                    entry.leftovers.remove(l);
                }
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

    /**
     * Stops the agent's jobs: queued ones are failed at once, running ones have their token
     * cancelled; then waits (at most the stop grace) until every one has cleaned up and journaled
     * its end. Takes no new job from the first moment.
     */
    @Override
    public void close() throws InterruptedException {
        List<ActiveJob> toStop;
        synchronized (this) {
            stopping = true;
            toStop = new ArrayList<>(active.values());
        }
        toStop.forEach(job -> job.stop(StopCause.AGENT_STOPPING));
        long end = System.nanoTime() + stopGrace.toNanos();
        synchronized (this) {
            while (!active.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Jobs {} did not end within {} s of the agent's stop; the next start fails them and"
                            + " undoes their leftovers", active.keySet(), stopGrace.toSeconds());
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        timeouts.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.SECONDS);
    }

    /** A job this process runs; every method that touches the entry holds the job's monitor. */
    private final class ActiveJob implements JobContext {
        final JournalEntry entry;
        final JobSpec spec;
        final JobWork work;
        final CancelToken cancel = new CancelToken();
        private StopCause stopCause;
        private boolean workEnded;
        private ScheduledFuture<?> timeout;
        private long lastJournaled;

        ActiveJob(JournalEntry entry, JobSpec spec, JobWork work) {
            this.entry = entry;
            this.spec = spec;
            this.work = work;
        }

        synchronized JobInfo snapshot() {
            return entry.copy().job;
        }

        /**
         * Whether its end is journaled. Its work and cleanup are over then, so it holds neither its
         * VM nor its files, although it stays in {@code active} until its thread calls finished():
         * a caller that saw it SUCCEEDED must not be told it is still busy.
         */
        synchronized boolean ended() {
            return entry.job.state.isFinal();
        }

        synchronized boolean start() {
            if (entry.job.state != JobState.QUEUED) {
                return false;
            }
            entry.job.state = JobLifecycle.transition(entry.job.jobId, entry.job.state, JobState.RUNNING);
            entry.job.startedAtMillis = clock.millis();
            entry.job.phase = "starting";
            journal.write(entry);
            if (spec.timeout() != null) {
                timeout = timeouts.schedule(() -> stop(StopCause.TIMED_OUT), spec.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return true;
        }

        synchronized void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        /**
         * Stops the job for {@code cause}. A queued job ends at once; a running one has its token
         * cancelled (outside this monitor: the token's actions kill programs) and ends when its work
         * returns. Once the work has ended (it is cleaning up) the job ends as its work decided.
         */
        void stop(StopCause cause) {
            boolean endedQueued;
            synchronized (this) {
                endedQueued = entry.job.state == JobState.QUEUED;
                if (endedQueued) {
                    if (cause == StopCause.AGENT_STOPPING) {
                        end(JobState.FAILED, ErrorCode.AGENT_RESTARTED, "kboss-agent was stopped before this job"
                                + " started; nothing was done. Run the operation again.", true);
                    } else {
                        end(JobState.CANCELLED, ErrorCode.CANCELLED, "Cancelled before it started", true);
                    }
                } else if (entry.job.state != JobState.RUNNING || workEnded || stopCause != null) {
                    return;
                } else {
                    stopCause = cause;
                }
            }
            // Outside this job's monitor: the manager's monitor is always taken first, and the
            // token's actions (killing a program) must not run under a lock.
            if (endedQueued) {
                finished(this);
                return;
            }
            cancel.cancel(cause == StopCause.TIMED_OUT
                    ? "timed out after " + spec.timeout().toSeconds() + " s"
                    : cause.text);
        }

        /** The work returned; from now on a stop no longer changes how the job ends. */
        synchronized StopCause workEnded() {
            workEnded = true;
            return stopCause;
        }

        void failWithCleanup(Throwable failure, StopCause cause) {
            synchronized (this) {
                entry.job.phase = "cleaning up";
                journal.write(entry);
            }
            CleanupReport report = undo(entry, this);
            String text;
            boolean consistent;
            if (failure instanceof JobFailure f) {
                text = f.getMessage();
                consistent = f.disksConsistent();
            } else {
                LOG.warn("Job {} ({}) failed", entry.job.jobId, entry.job.type, failure);
                text = failure.toString();
                consistent = true;
            }
            consistent = consistent && report.complete();
            String cleanup = "; " + report.describe();
            if (cause == StopCause.AGENT_STOPPING) {
                end(JobState.FAILED, ErrorCode.AGENT_RESTARTED, "kboss-agent was stopped while this job ran (" + text
                        + ")" + cleanup + ". Run the operation again.", consistent);
            } else if (cause == StopCause.TIMED_OUT) {
                end(JobState.FAILED, ErrorCode.TIMED_OUT, "Timed out after " + spec.timeout().toSeconds()
                        + " s and stopped (" + text + ")" + cleanup, consistent);
            } else if (cause == StopCause.REQUESTED) {
                end(JobState.CANCELLED, ErrorCode.CANCELLED, "Cancelled on request" + cleanup, consistent);
            } else {
                ErrorCode code = failure instanceof JobFailure f ? f.code() : ErrorCode.FAILED;
                if (failure instanceof JobFailure f && f.spaceShortage() != null) {
                    synchronized (this) {
                        entry.job.spaceShortage = f.spaceShortage();
                    }
                }
                end(JobState.FAILED, code, text + cleanup, consistent);
            }
        }

        synchronized void end(JobState state, ErrorCode code, String text, boolean consistent) {
            entry.job.state = JobLifecycle.transition(entry.job.jobId, entry.job.state, state);
            entry.job.errorCode = code;
            entry.job.errorText = text;
            entry.job.disksConsistent = consistent;
            entry.job.finishedAtMillis = clock.millis();
            entry.job.phase = state.name().toLowerCase(Locale.ROOT);
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
        public CancelToken cancelToken() {
            return cancel;
        }

        @Override
        public void checkCancelled() throws JobFailure {
            if (cancel.isCancelled()) {
                throw new JobFailure(ErrorCode.CANCELLED, "Stopped: " + cancel.reason(), true, null);
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

        @Override
        public synchronized void compressionResult(CompressionResult result) {
            entry.job.compressionResult = result;
        }

        @Override
        public synchronized void validationResult(ValidationResult result) {
            entry.job.validationResult = result;
        }

        @Override
        public synchronized void hashResult(HashResult result) {
            entry.job.hashResult = result;
        }

        @Override
        public synchronized void backupFilesResult(BackupFilesResult result) {
            entry.job.backupFilesResult = result;
        }
    }
}
