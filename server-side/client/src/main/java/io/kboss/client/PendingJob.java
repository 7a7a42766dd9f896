package io.kboss.client;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * An async command the server accepted: its job id, the id of the resource it works on (a new
 * backup's id, for createBackup) when the server gave one, and the wait for its end.
 */
public final class PendingJob<T> {
    private final AsyncJobs jobs;
    private final String command;
    private final String jobId;
    private final String resourceId;
    private final Function<JsonObject, T> result;

    PendingJob(AsyncJobs jobs, String command, String jobId, String resourceId, Function<JsonObject, T> result) {
        this.jobs = jobs;
        this.command = command;
        this.jobId = jobId;
        this.resourceId = resourceId;
        this.result = result;
    }

    public String jobId() {
        return jobId;
    }

    /** The resource the job works on, or null when the command does not name one. */
    public String resourceId() {
        return resourceId;
    }

    /** Waits at most {@code timeout} for the job's end; see {@link #await(Duration, IntConsumer)}. */
    public T await(Duration timeout) {
        return await(timeout, percent -> {
        });
    }

    /**
     * Waits at most {@code timeout} for the job's end and answers its result.
     *
     * @param progress told each new progress in percent while the job runs
     * @throws KbossApiException the job failed: its errorcode and errortext
     * @throws KbossJobTimeoutException it did not end in time; it goes on on the server
     * @throws KbossClientException the server could not be asked, or the wait was interrupted
     */
    public T await(Duration timeout, IntConsumer progress) {
        return result.apply(jobs.awaitResult(command, jobId, timeout, progress));
    }
}
