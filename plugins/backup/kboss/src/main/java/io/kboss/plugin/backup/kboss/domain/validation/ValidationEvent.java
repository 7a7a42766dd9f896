package io.kboss.plugin.backup.kboss.domain.validation;

/** What happens to a backup's validation; {@link ValidationTransitions} says where each leads. */
public enum ValidationEvent {
    /** A validation job started booting the backup. */
    STARTED,
    /** Every step passed (or was skipped for want of configuration). */
    PASSED,
    /** A step failed: the backup is bad. */
    FAILED,
    /** A step could not check anything, or the job gave up without a verdict. */
    UNABLE,
    /** An attempt ended without a verdict and another is queued. */
    RETRYING,
    /** The periodic check found the files' hash changed since the first Valid. */
    HASH_DIFFERED,
    /**
     * A root admin queued the validation again (validateBackup) after a cancel or after its last attempt ended
     * without a verdict: NotValidated, with a new job.
     */
    REQUEUED
}
