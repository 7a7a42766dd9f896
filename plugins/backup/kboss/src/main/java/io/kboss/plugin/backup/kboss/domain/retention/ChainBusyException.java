package io.kboss.plugin.backup.kboss.domain.retention;

/** A chain cannot be pruned now because one of its backups is being written or read. */
public class ChainBusyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChainBusyException(String message) {
        super(message);
    }
}
