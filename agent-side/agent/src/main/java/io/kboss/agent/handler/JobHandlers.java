package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.job.JobManager;
import io.kboss.agent.job.JobRejected;
import io.kboss.agent.job.JobSpec;
import io.kboss.agent.job.JobWork;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** get-job, cancel-job, list-jobs, and the common way job-starting commands answer. */
public final class JobHandlers {
    /** At most this many get-job requests wait at once: a quarter of the agent's HTTP threads. */
    static final int MAX_WAITERS = 8;

    private final JobManager jobs;
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);

    public JobHandlers(JobManager jobs) {
        this.jobs = jobs;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(GetJobCommand.NAME, GetJobCommand.class, this::get),
                Handlers.of(CancelJobCommand.NAME, CancelJobCommand.class, c -> answer(c.jobId, jobs.cancel(c.jobId))),
                Handlers.of(ListJobsCommand.NAME, ListJobsCommand.class, c -> {
                    ListJobsAnswer a = new ListJobsAnswer();
                    a.jobs = jobs.list(c.activeOnly);
                    return a;
                }));
    }

    /**
     * Answers now, or when the job ends within the asked wait. Waiting requests hold one of the HTTP
     * server's threads each, so only {@link #MAX_WAITERS} wait at once; the others are answered at
     * once and their servers ask again after their poll interval.
     */
    private JobAnswer get(GetJobCommand c) throws InterruptedException {
        int millis = Math.min(c.waitMillis, GetJobCommand.MAX_WAIT_MILLIS);
        if (millis <= 0 || !waiters.tryAcquire()) {
            return answer(c.jobId, jobs.get(c.jobId));
        }
        try {
            return answer(c.jobId, jobs.awaitEnd(c.jobId, Duration.ofMillis(millis)));
        } finally {
            waiters.release();
        }
    }

    /** Starts a job for a command; BUSY and similar refusals become failed answers. */
    public JobAnswer start(JobSpec spec, JobWork work) {
        JobAnswer a = new JobAnswer();
        try {
            a.job = jobs.submit(spec, work);
            return a;
        } catch (JobRejected e) {
            return AgentAnswer.failure(a, e.code(), e.getMessage());
        }
    }

    private static JobAnswer answer(String jobId, Optional<JobInfo> job) {
        JobAnswer a = new JobAnswer();
        if (job.isEmpty()) {
            return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "This agent has no job " + jobId
                    + " (finished jobs are kept for 14 days)");
        }
        a.job = job.get();
        return a;
    }
}
