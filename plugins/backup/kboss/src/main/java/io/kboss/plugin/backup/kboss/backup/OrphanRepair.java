package io.kboss.plugin.backup.kboss.backup;

import java.util.concurrent.Executor;

/**
 * Work on a VM's backups that a stopped management server left half done (its API job was failed
 * by the shutdown or by the job lease sweep). {@link BackupRecovery} runs every implementation at
 * start-up and on each of its sweeps; restore and delete declare theirs as beans.
 */
public interface OrphanRepair {

    /**
     * One pass. Must be safe to run again and on several servers at once: the row changes it makes
     * are conditional. Long waits (following an agent job) go to {@code followers}.
     *
     * @return how many orphans it ended or began to follow
     */
    int repair(Executor followers);
}
