package io.kboss.agent.job;

import io.kboss.agent.contract.ErrorCode;

/**
 * Thrown by job work that failed in a way it understands. {@code disksConsistent} is the work's
 * own statement about the VM's disks; any other exception is taken as "may be inconsistent".
 */
public class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final boolean disksConsistent;

    public JobFailure(ErrorCode code, String message, boolean disksConsistent, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.disksConsistent = disksConsistent;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean disksConsistent() {
        return disksConsistent;
    }
}
