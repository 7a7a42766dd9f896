package io.kboss.client;

import java.time.Duration;

/**
 * An async job did not end within the wait the caller gave. The job itself goes on on the server;
 * {@code queryAsyncJobResult jobid=...} shows where it is.
 */
public class KbossJobTimeoutException extends KbossClientException {
    private static final long serialVersionUID = 1L;

    private final String jobId;

    public KbossJobTimeoutException(String command, String jobId, Duration waited, int lastProgress) {
        super(command + " job " + jobId + " did not end within " + waited.toSeconds() + " s (last progress "
                + lastProgress + " %); it goes on on the server: queryAsyncJobResult jobid=" + jobId
                + " shows where it is", null);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
