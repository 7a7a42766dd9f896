package io.kboss.plugin.backup.kboss.domain.chain;

/** Why a chain was closed before it reached its size; the next backup on its key is full. */
public enum ChainEnd {
    /** Any restore rewrites the VM's disks, so no checkpoint still describes them. */
    RESTORE,
    /** finishBackupChain. */
    FINISHED,
    /** Validation found a backup of the chain not valid (backup.validation.end.chain.on.fail). */
    VALIDATION_FAILED,
    /** The VM was removed from its backup offering. */
    OFFERING_REMOVED
}
