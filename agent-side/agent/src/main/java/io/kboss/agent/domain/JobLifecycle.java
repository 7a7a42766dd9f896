package io.kboss.agent.domain;

import io.kboss.agent.contract.JobState;

/** The one place that says which job state may follow which; anything else is a bug. */
public final class JobLifecycle {
    private JobLifecycle() {
    }

    public static boolean allowed(JobState from, JobState to) {
        return switch (from) {
            case QUEUED -> to == JobState.RUNNING || to == JobState.CANCELLED || to == JobState.FAILED;
            case RUNNING -> to.isFinal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    public static JobState transition(String jobId, JobState from, JobState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("Job " + jobId + " cannot go from " + from + " to " + to);
        }
        return to;
    }
}
