package io.kboss.agent.http;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests so an operator sees probing, but at most one line a minute with a count:
 * a stranger hammering the port must not be able to fill the disk with our log.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final long INTERVAL_MILLIS = 60_000;
    private final Clock clock;
    private long windowStart = Long.MIN_VALUE;
    private int suppressed;

    RefusalLog(Clock clock) {
        this.clock = clock;
    }

    /** @return true when this refusal was written to the log */
    synchronized boolean refused(String method, String uri, String remote) {
        long now = clock.millis();
        if (windowStart != Long.MIN_VALUE && now - windowStart < INTERVAL_MILLIS) {
            suppressed++;
            return false;
        }
        LOG.warn("Refused an unauthenticated {} {} from {}{}", method, uri, remote,
                suppressed == 0 ? "" : " (and " + suppressed + " more refusals in the last minute)");
        windowStart = now;
        suppressed = 0;
        return true;
    }
}
