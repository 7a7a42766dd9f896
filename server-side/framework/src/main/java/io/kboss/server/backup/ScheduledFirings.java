package io.kboss.server.backup;

import java.time.Clock;

/**
 * Schedules a provider keeps itself (a backup job's), fired in each round of the framework's backup
 * scheduler: by the scheduler's clock, on every management server, so a provider needs no loop of its
 * own. An implementation claims each due firing so that exactly one server runs it (a firing row with a
 * unique key, inserted in the claim's transaction, as the framework's VM schedules do).
 */
public interface ScheduledFirings {
    /**
     * Fires what is due by {@code clock}'s now; a failure of one firing is the implementation's to log.
     *
     * @param managementServerId this server's id, recorded on the firings it claims
     * @return how many firings this server started work for in this round
     */
    int fireDue(Clock clock, long managementServerId);
}
