package io.kboss.agent.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.process.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JobManagerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private Path state;
    private JobManager jobs;
    private final CountDownLatch release = new CountDownLatch(1);

    @Before
    public void open() {
        state = tmp.getRoot().toPath().resolve("state");
        jobs = manager(2);
    }

    @After
    public void close() throws Exception {
        release.countDown();
        jobs.close();
    }

    private JobManager manager(int max) {
        return new JobManager(new JobJournal(state), new AgentLeftoverCleaner(l -> {
            throw new IllegalStateException("no VM cleanup in this test");
        }), Clock.systemUTC(), max);
    }

    @Test
    public void progressAndPhaseAreVisibleWhileAJobRunsAndItsResultAfterwards() throws Exception {
        JobInfo started = jobs.submit(JobType.DELETE_BACKUP, "r1", null, "b1", job -> {
            job.phase("merging");
            job.progress(5, 10);
            release.await();
            DeleteResult r = new DeleteResult();
            r.bytesFreed = 42;
            job.deleteResult(r);
        });
        JobInfo running = waitFor(started.jobId, j -> j.bytesDone == 5);
        assertEquals(JobState.RUNNING, running.state);
        assertEquals("merging", running.phase);
        assertEquals(10, running.bytesTotal);

        release.countDown();
        JobInfo done = waitFor(started.jobId, j -> j.state.isFinal());

        assertEquals(JobState.SUCCEEDED, done.state);
        assertEquals(42, done.deleteResult.bytesFreed);
        assertTrue(done.finishedAtMillis >= done.startedAtMillis);
    }

    @Test
    public void awaitingAJobAnswersItsEndAsSoonAsItEndsAndItsStateWhenTheWaitRunsOut() throws Exception {
        JobInfo started = jobs.submit(JobType.DELETE_BACKUP, "r1", null, "b1", job -> {
            job.phase("merging");
            release.await();
        });
        waitFor(started.jobId, j -> "merging".equals(j.phase));

        assertEquals("a wait that runs out answers the job as it is", JobState.RUNNING,
                jobs.awaitEnd(started.jobId, Duration.ofMillis(50)).orElseThrow().state);

        Thread ender = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        ender.start();
        // Ten minutes: the wait can only end this soon because the job's end wakes it.
        JobInfo ended = jobs.awaitEnd(started.jobId, Duration.ofMinutes(10)).orElseThrow();
        ender.join();
        assertEquals(JobState.SUCCEEDED, ended.state);
        assertEquals("a final job is answered at once", JobState.SUCCEEDED,
                jobs.awaitEnd(started.jobId, Duration.ofMinutes(10)).orElseThrow().state);
        assertFalse("an unknown job", jobs.awaitEnd("no-such-job", Duration.ofMillis(10)).isPresent());
    }

    @Test
    public void aVmHeldForAStartTakesNoJobAndAVmWithAJobCannotBeHeld() throws Exception {
        try (JobManager.VmClaim claim = jobs.claimVm("vm-7", "starting it")) {
            try {
                jobs.submit(JobType.RESTORE, null, "vm-7", "b1", job -> {
                });
                fail("a job started on a VM held for its start");
            } catch (JobRejected e) {
                assertEquals(ErrorCode.BUSY, e.code());
                assertTrue(e.getMessage(), e.getMessage().contains("starting it"));
            }
            assertTrue("another VM is not held", jobs.submit(JobType.RESTORE, null, "vm-8", "b2", job -> {
            }).jobId != null);
        }
        JobInfo restore = jobs.submit(JobType.RESTORE, null, "vm-7", "b1", job -> release.await());
        try {
            jobs.claimVm("vm-7", "stopping it").close();
            fail("a VM was held while a job worked on it");
        } catch (JobRejected e) {
            assertEquals(ErrorCode.BUSY, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(restore.jobId));
        }
        release.countDown();
        waitFor(restore.jobId, j -> j.state.isFinal());
        jobs.claimVm("vm-7", "stopping it").close();
    }

    @Test
    public void cancellingARunningJobKillsItsProgramAndDeletesItsPartialFile() throws Exception {
        Path partial = tmp.getRoot().toPath().resolve("b2.qcow2.part");
        JobInfo started = jobs.submit(JobType.BACKUP, null, "vm-1", "b2", job -> {
            job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, "vm-1", partial.toString()));
            Files.writeString(partial, "half a backup");
            job.phase("copying");
            new ProcessRunner().run(ProgramRun.of(List.of("sleep", "60"), Duration.ofSeconds(120))
                    .cancelledBy(job.cancelToken()));
        });
        waitFor(started.jobId, j -> "copying".equals(j.phase));
        long before = System.nanoTime();

        jobs.cancel(started.jobId);
        JobInfo done = waitFor(started.jobId, j -> j.state.isFinal());

        assertTrue("cancel took " + (System.nanoTime() - before) / 1_000_000 + " ms",
                System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10));
        assertEquals(JobState.CANCELLED, done.state);
        assertEquals(ErrorCode.CANCELLED, done.errorCode);
        assertFalse(Files.exists(partial));
        assertTrue(done.errorText, done.errorText.contains("deleted " + partial));
        assertTrue(done.disksConsistent);
    }

    @Test
    public void aFinishedJobAndItsResultAreStillThereAfterAnAgentRestart() throws Exception {
        JobInfo started = jobs.submit(JobType.DELETE_BACKUP, "r3", null, "b3", job -> {
            DeleteResult r = new DeleteResult();
            r.deletedPaths.add("backups/a/v/b3.qcow2");
            job.deleteResult(r);
        });
        waitFor(started.jobId, j -> j.state.isFinal());
        jobs.close();

        jobs = manager(2);
        jobs.recoverAfterRestart();

        JobInfo again = jobs.get(started.jobId).orElseThrow();
        assertEquals(JobState.SUCCEEDED, again.state);
        assertEquals(List.of("backups/a/v/b3.qcow2"), again.deleteResult.deletedPaths);
        assertEquals(started.jobId, jobs.list(false).get(0).jobId);
        assertTrue(jobs.list(true).isEmpty());
        // The same request after the restart is recognised, not run twice.
        assertEquals(started.jobId, jobs.submit(JobType.DELETE_BACKUP, "r3", null, "b3", job -> fail()).jobId);
    }

    @Test
    public void aJobLeftRunningByADeadAgentIsFailedAtStartAndItsPartialFileDeleted() throws Exception {
        Path partial = tmp.getRoot().toPath().resolve("b4.qcow2.part");
        Files.writeString(partial, "x");
        JournalEntry dead = runningEntry("dead-1", new Leftover(LeftoverKind.PARTIAL_FILE, "vm-4", partial.toString()));
        new JobJournal(state).write(dead);

        List<JobInfo> failed = jobs.recoverAfterRestart();

        assertEquals(1, failed.size());
        JobInfo job = jobs.get("dead-1").orElseThrow();
        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
        assertTrue(job.errorText, job.errorText.contains("phase copying, 3 of 9 bytes"));
        assertTrue(job.errorText, job.errorText.contains("deleted " + partial));
        assertTrue(job.disksConsistent);
        assertFalse(Files.exists(partial));
        assertTrue(new JobJournal(state).read("dead-1").orElseThrow().leftovers.isEmpty());
    }

    @Test
    public void aLeftoverThatCannotBeUndoneIsNamedAndMarksTheDisksInconsistent() throws Exception {
        new JobJournal(state).write(runningEntry("dead-2", new Leftover(LeftoverKind.FROZEN_GUEST, "vm-5", "")));

        jobs.recoverAfterRestart();

        JobInfo job = jobs.get("dead-2").orElseThrow();
        assertEquals(JobState.FAILED, job.state);
        assertFalse(job.disksConsistent);
        assertTrue(job.errorText, job.errorText.contains("COULD NOT clean up: FROZEN_GUEST"));
    }

    @Test
    public void atMostMaxConcurrentJobsRunAndAQueuedJobCanBeCancelledAtOnce() throws Exception {
        jobs.close();
        jobs = manager(1);
        JobInfo first = jobs.submit(JobType.BACKUP, null, "vm-a", null, job -> release.await());
        JobInfo second = jobs.submit(JobType.BACKUP, null, "vm-b", null, job -> fail("must not run"));
        waitFor(first.jobId, j -> j.state == JobState.RUNNING);

        assertEquals(JobState.QUEUED, jobs.get(second.jobId).orElseThrow().state);
        JobInfo cancelled = jobs.cancel(second.jobId).orElseThrow();

        assertEquals(JobState.CANCELLED, cancelled.state);
        release.countDown();
        assertEquals(JobState.SUCCEEDED, waitFor(first.jobId, j -> j.state.isFinal()).state);
        assertEquals(JobState.CANCELLED, jobs.get(second.jobId).orElseThrow().state);
    }

    @Test
    public void aSecondJobOnABusyVmIsRefusedWithTheBlockingJobNamed() throws Exception {
        JobInfo first = jobs.submit(JobType.BACKUP, "a", "vm-c", null, job -> release.await());
        try {
            jobs.submit(JobType.RESTORE, "b", "vm-c", null, job -> fail());
            fail("expected BUSY");
        } catch (JobRejected e) {
            assertEquals(ErrorCode.BUSY, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(first.jobId));
        }
        assertEquals(first.jobId, jobs.submit(JobType.BACKUP, "a", "vm-c", null, job -> fail()).jobId);
    }

    @Test
    public void anUnderstoodFailureKeepsItsCodeAndTextAndSaysWhatWasCleaned() throws Exception {
        JobInfo started = jobs.submit(JobType.RESTORE, null, "vm-d", null, job -> {
            throw new JobFailure(ErrorCode.STORE_UNREACHABLE, "store s1 did not answer", true, null);
        });
        JobInfo done = waitFor(started.jobId, j -> j.state.isFinal());
        assertEquals(JobState.FAILED, done.state);
        assertEquals(ErrorCode.STORE_UNREACHABLE, done.errorCode);
        assertTrue(done.errorText.startsWith("store s1 did not answer; nothing to clean up"));
    }

    @Test
    public void stoppingTheAgentFailsItsRunningJobsWithThatReasonAfterCleaningThem() throws Exception {
        Path partial = tmp.getRoot().toPath().resolve("b6.qcow2.part");
        JobInfo started = jobs.submit(JobType.BACKUP, null, "vm-6", "b6", job -> {
            job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, "vm-6", partial.toString()));
            Files.writeString(partial, "x");
            job.phase("copying");
            new ProcessRunner().run(ProgramRun.of(List.of("sleep", "60"), Duration.ofSeconds(120))
                    .cancelledBy(job.cancelToken()));
        });
        waitFor(started.jobId, j -> "copying".equals(j.phase));

        jobs.close();

        JobInfo job = new JobJournal(state).read(started.jobId).orElseThrow().job;
        assertEquals(JobState.FAILED, job.state);
        assertEquals(ErrorCode.AGENT_RESTARTED, job.errorCode);
        assertTrue(job.errorText, job.errorText.startsWith("kboss-agent was stopped while this job ran"));
        assertFalse(Files.exists(partial));
    }

    /**
     * The race that left a stopped job RUNNING in the journal: the stop reached a job while it was
     * cleaning up after its own failure, and the agent's shutdown returned before (or, by
     * interrupting the job's thread, prevented) the job journaling its end. Here the cleanup is
     * held until the stop is surely under way, so the old race happens every time.
     */
    @Test
    public void stoppingTheAgentWhileAJobCleansUpWaitsUntilItsEndIsJournaled() throws Exception {
        jobs.close();
        CountDownLatch cleaning = new CountDownLatch(1);
        CountDownLatch mayFinishCleaning = new CountDownLatch(1);
        Path partial = tmp.getRoot().toPath().resolve("b9.qcow2.part");
        jobs = new JobManager(new JobJournal(state), leftover -> {
            cleaning.countDown();
            awaitIgnoringInterrupts(mayFinishCleaning);
            return FileLeftovers.delete(leftover);
        }, Clock.systemUTC(), 2);
        JobInfo started = jobs.submit(JobType.BACKUP, null, "vm-9", "b9", job -> {
            job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, "vm-9", partial.toString()));
            Files.writeString(partial, "x");
            throw new JobFailure(ErrorCode.FAILED, "the store filled up", true, null);
        });
        assertTrue("the job never started its cleanup", cleaning.await(20, TimeUnit.SECONDS));

        Thread stopper = new Thread(() -> {
            try {
                jobs.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-agent-stop");
        stopper.start();
        try {
            waitUntilWaiting(stopper);
        } finally {
            mayFinishCleaning.countDown();
        }
        stopper.join(20_000);

        assertFalse("the stop returned", stopper.isAlive());
        JobInfo job = new JobJournal(state).read(started.jobId).orElseThrow().job;
        assertEquals(JobState.FAILED, job.state);
        assertEquals("the job failed on its own before the stop: its own reason stays", ErrorCode.FAILED,
                job.errorCode);
        assertTrue(job.errorText, job.errorText.startsWith("the store filled up; cleaned up: deleted " + partial));
        assertFalse(Files.exists(partial));
    }

    @Test
    public void aJobThatOutlivesItsTimeoutIsStoppedAndFailedWithTimedOutAfterItsCleanup() throws Exception {
        Path partial = tmp.getRoot().toPath().resolve("b10.qcow2.compressing");
        JobInfo started = jobs.submit(new JobSpec(JobType.BACKUP, null, null, "b10", java.util.Set.of(),
                Duration.ofSeconds(1)), job -> {
                    job.willCreate(new Leftover(LeftoverKind.PARTIAL_FILE, null, partial.toString()));
                    Files.writeString(partial, "half a copy");
                    job.phase("compressing");
                    new ProcessRunner().run(ProgramRun.of(List.of("sleep", "60"), Duration.ofSeconds(120))
                            .cancelledBy(job.cancelToken()));
                });

        JobInfo done = waitFor(started.jobId, j -> j.state.isFinal());

        assertEquals(JobState.FAILED, done.state);
        assertEquals(ErrorCode.TIMED_OUT, done.errorCode);
        assertTrue(done.errorText, done.errorText.startsWith("Timed out after 1 s and stopped"));
        assertTrue(done.errorText, done.errorText.contains("deleted " + partial));
        assertFalse(Files.exists(partial));
        assertTrue("the program was killed, not waited for: " + (done.finishedAtMillis - done.startedAtMillis),
                done.finishedAtMillis - done.startedAtMillis < 30_000);
    }

    @Test
    public void twoJobsNeverChangeTheSameBackupFileAtOnce() throws Exception {
        JobInfo first = jobs.submit(JobSpec.of(JobType.DELETE_BACKUP, "d1", null, "b11")
                .withFiles(java.util.Set.of("s1:backups/a/v/b11.qcow2", "s1:backups/a/v/b12.qcow2")),
                job -> release.await());
        try {
            jobs.submit(JobSpec.of(JobType.DELETE_BACKUP, "d2", null, "b12")
                    .withFiles(java.util.Set.of("s1:backups/a/v/b12.qcow2")), job -> fail("must not run"));
            fail("expected BUSY");
        } catch (JobRejected e) {
            assertEquals(ErrorCode.BUSY, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("s1:backups/a/v/b12.qcow2")
                    && e.getMessage().contains(first.jobId));
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until {@code t} blocks: the stop has cancelled its jobs and waits for them. */
    private static void waitUntilWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue("the stop never waited", System.nanoTime() < end && t.isAlive());
            Thread.sleep(5);
        }
    }

    @Test
    public void aLeftoverThatCouldNotBeUndoneIsTriedAgainAtTheNextStart() throws Exception {
        Path partial = tmp.getRoot().toPath().resolve("b7.qcow2.part");
        JournalEntry entry = runningEntry("done-7",
                new Leftover(LeftoverKind.PARTIAL_FILE, "vm-7", partial.toString()));
        entry.job.state = JobState.FAILED;
        entry.job.errorText = "backup failed; COULD NOT clean up: PARTIAL_FILE";
        entry.job.disksConsistent = false;
        new JobJournal(state).write(entry);
        Files.writeString(partial, "x");

        jobs.recoverAfterRestart();

        JobInfo job = jobs.get("done-7").orElseThrow();
        assertEquals(JobState.FAILED, job.state);
        assertTrue(job.disksConsistent);
        assertTrue(job.errorText, job.errorText.contains("at agent start cleaned up: deleted " + partial));
        assertFalse(Files.exists(partial));
    }

    @Test
    public void finishedJobsOlderThanTheKeepPeriodAreForgottenAndActiveOnesNever() throws Exception {
        JournalEntry old = runningEntry("old-1", new Leftover(LeftoverKind.PARTIAL_FILE, null, "/nonexistent"));
        old.job.state = JobState.SUCCEEDED;
        old.leftovers.clear();
        old.job.finishedAtMillis = System.currentTimeMillis() - Duration.ofDays(15).toMillis();
        new JobJournal(state).write(old);
        JournalEntry recent = runningEntry("recent-1", new Leftover(LeftoverKind.PARTIAL_FILE, null, "/nonexistent"));
        recent.job.state = JobState.FAILED;
        recent.leftovers.clear();
        recent.job.finishedAtMillis = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        new JobJournal(state).write(recent);
        JobInfo running = jobs.submit(JobType.BACKUP, null, "vm-8", null, job -> release.await());

        assertEquals(1, jobs.pruneFinishedOlderThan(Duration.ofDays(14)));

        assertTrue(jobs.get("old-1").isEmpty());
        assertTrue(jobs.get("recent-1").isPresent());
        assertTrue(jobs.get(running.jobId).isPresent());
    }

    private static JournalEntry runningEntry(String id, Leftover leftover) {
        JournalEntry e = new JournalEntry();
        e.job = new JobInfo();
        e.job.jobId = id;
        e.job.type = JobType.BACKUP;
        e.job.state = JobState.RUNNING;
        e.job.phase = "copying";
        e.job.bytesDone = 3;
        e.job.bytesTotal = 9;
        e.job.vmUuid = leftover.vmUuid();
        e.leftovers.add(leftover);
        return e;
    }

    private JobInfo waitFor(String jobId, java.util.function.Predicate<JobInfo> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JobInfo j = null;
        while (System.nanoTime() < end) {
            j = jobs.get(jobId).orElseThrow();
            if (condition.test(j)) {
                return j;
            }
            Thread.sleep(10);
        }
        assertNotNull(j);
        fail("job " + jobId + " never reached the expected state; last: " + j.state + " " + j.phase);
        return j;
    }
}
