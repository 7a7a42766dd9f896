package io.kboss.server.mshost;

import java.time.Instant;

/**
 * Something that renews a lease of this management server on every heartbeat (job leases, the
 * heartbeats of running operations). Declare it as a bean; {@link ManagementServer} calls every one
 * on its heartbeat thread. A beat that throws is logged and the next one runs as usual.
 */
@FunctionalInterface
public interface Heartbeat {

    void beat(long serverId, Instant now);
}
