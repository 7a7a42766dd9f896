package io.kboss.agent.contract;

/** Machine-readable reason of a failed answer or job; the text says the rest. */
public enum ErrorCode {
    /** The command was malformed or named something that does not exist. */
    BAD_REQUEST,
    /** The VM, job or file named does not exist on this host. */
    NOT_FOUND,
    /** This agent build cannot do the operation yet; nothing was changed. */
    UNSUPPORTED,
    /** Too many jobs are running on this agent; ask again later. */
    BUSY,
    /** The secondary storage could not be reached within its timeout. */
    STORE_UNREACHABLE,
    /**
     * The store has less free space than the operation needs before it starts (a compression's
     * copy; since the backup space check also a backup, sized by its disks' data or dirty bytes);
     * nothing was written and, for a backup, no checkpoint made. The text and the job's
     * {@code spaceShortage} give the figures. Sent by agents since compression.
     */
    NOT_ENOUGH_SPACE,
    /** The work was cancelled on request. */
    CANCELLED,
    /** The agent stopped (crashed or was killed) while the job ran. */
    AGENT_RESTARTED,
    /**
     * The job ran past the timeout its command gave (e.g. a compression's timeoutSeconds); its work
     * was stopped and cleaned up like a cancelled job's. Sent by agents since compression.
     */
    TIMED_OUT,
    /** The operation itself failed; see the text. */
    FAILED,
    /** The peer speaks a protocol version this side cannot serve. */
    PROTOCOL_MISMATCH
}
