package io.kboss.agent.disk.domain;

/**
 * A disk operation failed. {@link #vmDisksConsistent()} tells the caller whether the VM's disks
 * and checkpoints were left as they were before (so the backup simply Failed) or not (the VM needs
 * its chain finished before the next backup: the backup is in Error).
 */
public class DiskOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean vmDisksConsistent;
    private final boolean cancelled;

    public DiskOperationException(String message, Throwable cause, boolean vmDisksConsistent, boolean cancelled) {
        super(message, cause);
        this.vmDisksConsistent = vmDisksConsistent;
        this.cancelled = cancelled;
    }

    public DiskOperationException(String message, Throwable cause, boolean vmDisksConsistent) {
        this(message, cause, vmDisksConsistent, false);
    }

    public boolean vmDisksConsistent() {
        return vmDisksConsistent;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
