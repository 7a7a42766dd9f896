package io.kboss.agent.job;

/** The body of an agent job. Throw {@link JobFailure} for understood failures. */
@FunctionalInterface
public interface JobWork {
    void run(JobContext context) throws Exception;
}
