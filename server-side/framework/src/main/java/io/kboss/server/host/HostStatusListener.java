package io.kboss.server.host;

import io.kboss.server.host.HostRepository.Host;
import java.util.List;

/**
 * Told when the monitor changes a host's reachability. Declare an implementation as a Spring bean
 * (backup orchestration does, to decide what happens to a Down host's backups). Called on the
 * monitor's thread after the status is committed; keep it short, and exceptions are logged only.
 */
public interface HostStatusListener {

    /**
     * The host missed {@code host.ping.timeout} pings in a row.
     *
     * @param unfinishedOperations the operations queued or running on this host when it went Down
     *     ("{@code <kind> <uuid> (<state>)}"): the agent may still finish them, or they may be lost
     */
    void hostDown(Host host, List<String> unfinishedOperations);

    /** The host answers again after having been Disconnected or Down. */
    default void hostUp(Host host) {
    }
}
