package io.kboss.client.model;

import com.google.gson.JsonElement;
import java.time.Instant;

/**
 * An async job as queryAsyncJobResult answers it: {@code jobStatus} 0 pending, 1 succeeded, 2
 * failed; {@code jobProcStatus} its progress in percent; {@code jobResult} the resource it made or
 * touched on success, the error (errorcode, errortext) on failure.
 */
public record AsyncJobStatus(String jobId, String cmd, int jobStatus, int jobProcStatus, int jobResultCode,
        String jobResultType, JsonElement jobResult, String jobInstanceType, String jobInstanceId, Instant created,
        Instant completed) {
    public static final int PENDING = 0;
    public static final int SUCCEEDED = 1;
    public static final int FAILED = 2;

    public boolean pending() {
        return jobStatus == PENDING;
    }
}
