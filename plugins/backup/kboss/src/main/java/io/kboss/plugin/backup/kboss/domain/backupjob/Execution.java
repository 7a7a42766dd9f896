package io.kboss.plugin.backup.kboss.domain.backupjob;

/** How a run backs up its VMs. */
public enum Execution {
    /** One VM at a time, in the job's order: the next is queued when the previous one's backup ends. */
    SEQUENTIAL,
    /** Every VM queued at once; the queue's limits decide how many run together. */
    PARALLEL
}
