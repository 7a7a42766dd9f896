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
    /** The work was cancelled on request. */
    CANCELLED,
    /** The agent stopped (crashed or was killed) while the job ran. */
    AGENT_RESTARTED,
    /** The operation itself failed; see the text. */
    FAILED,
    /** The peer speaks a protocol version this side cannot serve. */
    PROTOCOL_MISMATCH
}
