package io.kboss.agent.disk.domain;

/**
 * A disk operation failed. {@link #vmDisksConsistent()} tells the caller whether the VM's disks
 * and checkpoints were left as they were before (so the backup simply Failed) or not (the VM needs
 * its chain finished before the next backup: the backup is in Error); {@link #reason()} what kind
 * of failure it was, so the caller can answer with the right code.
 */
public class DiskOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure: most are plain FAILED; the others let the caller say more. */
    public enum Reason {
        /** The operation itself failed; the message says why. */
        FAILED,
        /** The caller's cancel token stopped it. */
        CANCELLED,
        /** The request does not match what is on the store (a child backed by another file). */
        CHAIN_MISMATCH,
        /** A file the operation needs does not exist. */
        MISSING_FILE,
        /** The store has too little free space to start; nothing was written. */
        NOT_ENOUGH_SPACE
    }

    private final boolean vmDisksConsistent;
    private final Reason reason;

    public DiskOperationException(String message, Throwable cause, boolean vmDisksConsistent, Reason reason) {
        super(message, cause);
        this.vmDisksConsistent = vmDisksConsistent;
        this.reason = reason;
    }

    public DiskOperationException(String message, Throwable cause, boolean vmDisksConsistent, boolean cancelled) {
        this(message, cause, vmDisksConsistent, cancelled ? Reason.CANCELLED : Reason.FAILED);
    }

    public DiskOperationException(String message, Throwable cause, boolean vmDisksConsistent) {
        this(message, cause, vmDisksConsistent, Reason.FAILED);
    }

    public boolean vmDisksConsistent() {
        return vmDisksConsistent;
    }

    public Reason reason() {
        return reason;
    }

    public boolean cancelled() {
        return reason == Reason.CANCELLED;
    }
}
