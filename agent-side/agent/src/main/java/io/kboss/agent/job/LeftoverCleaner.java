package io.kboss.agent.job;

/**
 * Undoes one leftover of a dead job. Implementations must be idempotent (the thing may already
 * be gone: the job may have died right after undoing it itself) and must not hang: each bounds
 * its own waits.
 */
public interface LeftoverCleaner {
    /**
     * @return what was done, for the job's error text ("deleted /x.qcow2.part")
     * @throws Exception when the leftover could not be undone; the job then reports it
     */
    String cleanUp(Leftover leftover) throws Exception;
}
