package io.kboss.agent.job;

import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.SpaceShortage;

/**
 * Thrown by job work that failed in a way it understands. {@code disksConsistent} is the work's
 * own statement about the VM's disks; any other exception is taken as "may be inconsistent".
 */
public class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final boolean disksConsistent;
    private final SpaceShortage spaceShortage;

    public JobFailure(ErrorCode code, String message, boolean disksConsistent, Throwable cause) {
        this(code, message, disksConsistent, cause, null);
    }

    /** A NOT_ENOUGH_SPACE refusal with its figures, which the job shows as they are. */
    public JobFailure(ErrorCode code, String message, boolean disksConsistent, Throwable cause,
            SpaceShortage spaceShortage) {
        super(message, cause);
        this.code = code;
        this.disksConsistent = disksConsistent;
        this.spaceShortage = spaceShortage;
    }

    /** The figures of a NOT_ENOUGH_SPACE refusal, or null. */
    public SpaceShortage spaceShortage() {
        return spaceShortage;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean disksConsistent() {
        return disksConsistent;
    }
}
