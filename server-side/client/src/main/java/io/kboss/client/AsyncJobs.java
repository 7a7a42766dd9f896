package io.kboss.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.client.model.AsyncJobStatus;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * Async jobs: queryAsyncJobResult, and the wait for a job's end. The wait polls at 250 ms at first
 * and backs off to the client's maximum poll interval, so quick jobs answer quickly and hour-long
 * ones cost a call every few seconds; it is bounded by the caller's timeout, recomputed each round.
 *
 * <p>Jobs outlive a restart of kboss-server (an upgrade, a failover), so a wait rides out a server
 * that does not answer for up to the client's unreachable patience; longer than that, or once the
 * caller is interrupted, the wait ends with the last connection failure as its cause.
 */
public final class AsyncJobs {
    private static final Duration FIRST_POLL = Duration.ofMillis(250);

    private final KbossClient client;
    private final Duration maxPollInterval;
    private final Duration unreachablePatience;

    AsyncJobs(KbossClient client, Duration maxPollInterval, Duration unreachablePatience) {
        this.client = client;
        this.maxPollInterval = maxPollInterval;
        this.unreachablePatience = unreachablePatience;
    }

    /** The job as queryAsyncJobResult answers it now. */
    public AsyncJobStatus query(String jobId) {
        return KbossClient.read("queryAsyncJobResult", client.call("queryAsyncJobResult", ApiParams.of("jobid", jobId)),
                AsyncJobStatus.class);
    }

    /**
     * Waits for the job's end and answers its {@code jobresult} (an empty object when it has none).
     *
     * @param command the command that started the job, for error texts
     */
    JsonObject awaitResult(String command, String jobId, Duration timeout, IntConsumer progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = FIRST_POLL.toNanos();
        int shown = -1;
        long unreachableSince = 0;
        boolean unreachable = false;
        while (true) {
            AsyncJobStatus job;
            try {
                job = query(jobId);
                unreachable = false;
            } catch (KbossApiException answered) {
                throw answered;
            } catch (KbossClientException noAnswer) {
                if (Thread.currentThread().isInterrupted()) {
                    throw noAnswer;
                }
                long now = System.nanoTime();
                if (!unreachable) {
                    unreachable = true;
                    unreachableSince = now;
                }
                if (now - unreachableSince > unreachablePatience.toNanos() || now >= deadline) {
                    throw new KbossClientException("kboss-server stopped answering while " + command + " job " + jobId
                            + " ran (for " + Duration.ofNanos(now - unreachableSince).toSeconds() + " s); the job "
                            + "may go on there: queryAsyncJobResult jobid=" + jobId + " shows where it is", noAnswer);
                }
                sleep(Math.min(interval, deadline - now), command, jobId);
                interval = Math.min(interval * 3 / 2, maxPollInterval.toNanos());
                continue;
            }
            if (job.jobStatus() == AsyncJobStatus.SUCCEEDED) {
                return asObject(job.jobResult());
            }
            if (job.jobStatus() == AsyncJobStatus.FAILED) {
                throw KbossApiException.of(command, asObject(job.jobResult()), job.jobResultCode(), jobId);
            }
            if (job.jobProcStatus() != shown) {
                shown = job.jobProcStatus();
                progress.accept(shown);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new KbossJobTimeoutException(command, jobId, timeout, shown);
            }
            sleep(Math.min(interval, remaining), command, jobId);
            interval = Math.min(interval * 3 / 2, maxPollInterval.toNanos());
        }
    }

    private static void sleep(long nanos, String command, String jobId) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbossClientException("interrupted while waiting for " + command + " job " + jobId
                    + "; it goes on on the server", e);
        }
    }

    private static JsonObject asObject(JsonElement e) {
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }
}
