package io.kboss.agent.job;

import io.kboss.agent.contract.ErrorCode;

/** A job could not be started; nothing was done. */
public class JobRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public JobRejected(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
