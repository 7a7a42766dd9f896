package io.kboss.server.operation;

import java.time.Instant;

/**
 * Work a plugin has the queue do now and then on every server: quick database work such as queuing
 * operations for leftovers (the kboss provider's sweep of Removed backups). The dispatcher runs every
 * housekeeping bean in its housekeeping step (at most once a second, beside expiry and adoption; in the
 * orchestration tests, on the passes the test runs), so a plugin needs no thread of its own. Each task
 * decides how often it really works (its own interval, from its settings); a failure is logged and
 * does not stop the pass. Long work belongs in an operation, which the task queues.
 */
public interface Housekeeping {

    /** @param now the queue's clock */
    void housekeep(Instant now);
}
