package io.kboss.cloudstack;

import static org.junit.Assert.assertEquals;

import io.kboss.client.KbossClient;
import java.time.Duration;

/** The tests' zone settings: one kboss-server behind the zone (or every zone), one job timeout. */
final class OneKbossServer implements KbossConnections {
    private final KbossClient kboss;
    private final Long onlyZone;
    private final Duration jobTimeout;

    /** @param onlyZone the one zone calls may name, or null for any */
    OneKbossServer(KbossClient kboss, Long onlyZone, Duration jobTimeout) {
        this.kboss = kboss;
        this.onlyZone = onlyZone;
        this.jobTimeout = jobTimeout;
    }

    @Override
    public KbossClient forZone(long zoneId) {
        if (onlyZone != null) {
            assertEquals("every call goes to the zone's kboss-server", onlyZone.longValue(), zoneId);
        }
        return kboss;
    }

    @Override
    public Duration jobTimeout(long zoneId) {
        return jobTimeout;
    }
}
