package io.kboss.plugin.backup.kboss.domain.chain;

/** Why the chain policy chose a full backup; shown to users, so each says it plainly. */
public enum FullReason {
    ISOLATED("the backup was requested isolated: full, and never a parent"), NO_OPEN_CHAIN(
            "there is no open chain yet (manual backups and each schedule of a VM keep chains of their own)"), CHAIN_ENDED_BY_RESTORE(
                    "the VM was restored, which ends its chains"), CHAIN_FINISHED(
                            "finishBackupChain ended the chain"), CHAIN_ENDED_BY_VALIDATION_FAILURE(
                                    "a backup of the chain failed validation, which ends the chain"), CHAIN_ENDED_BY_OFFERING_REMOVAL(
                                            "the VM was removed from its backup offering, which ends the chain"), DISK_SET_CHANGED(
                                                    "the VM's disks changed (attached, detached or resized) since the chain began"), PARENT_NOT_BACKED_UP(
                                                            "the last backup of the chain is not BackedUp"), PARENT_HAS_NO_CHECKPOINT(
                                                                    "the last backup of the chain has no checkpoint to take an increment from"), CHAIN_FULL(
                                                                            "the chain reached its size");

    private final String explanation;

    FullReason(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    static FullReason endedBy(ChainEnd end) {
        return switch (end) {
            case RESTORE -> CHAIN_ENDED_BY_RESTORE;
            case FINISHED -> CHAIN_FINISHED;
            case VALIDATION_FAILED -> CHAIN_ENDED_BY_VALIDATION_FAILURE;
            case OFFERING_REMOVED -> CHAIN_ENDED_BY_OFFERING_REMOVAL;
        };
    }
}
