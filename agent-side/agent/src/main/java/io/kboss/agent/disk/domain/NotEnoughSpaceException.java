package io.kboss.agent.disk.domain;

/**
 * An operation refused to start because the store has less free space than it needs; nothing was
 * written. The figures go to the caller as they are, so the server can show them without reading
 * the message.
 */
public final class NotEnoughSpaceException extends DiskOperationException {
    private static final long serialVersionUID = 1L;
    private final long requiredBytes;
    private final long freeBytes;

    public NotEnoughSpaceException(String message, long requiredBytes, long freeBytes) {
        super(message, null, true, Reason.NOT_ENOUGH_SPACE);
        this.requiredBytes = requiredBytes;
        this.freeBytes = freeBytes;
    }

    public long requiredBytes() {
        return requiredBytes;
    }

    public long freeBytes() {
        return freeBytes;
    }
}
