package io.kboss.agent.contract;

/**
 * The answer to every command that starts, queries or cancels a job. {@code success} is about the
 * command (the job exists); the job's own outcome is in {@code job.state}.
 */
public class JobAnswer extends AgentAnswer {
    public JobInfo job;
}
