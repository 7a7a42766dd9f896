package io.kboss.server.operation.engine;

import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.HostStatusListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to the work of a host that stops answering. Nothing is failed at once: the agent
 * journals its jobs, so a running operation whose host comes back within {@code kboss.timeout} is still
 * followed to its end; past the timeout its handler gives it up (a backup ends Error, the VM goes to
 * BackupError). Queued operations of a Down host are not claimed: they wait without holding a slot
 * until the host is Up again, and one that waited longer than {@code kboss.timeout} fails saying the host
 * is Down. This listener makes the moment visible in the log with the operations concerned, so the loss
 * is never silent.
 */
final class DownHostOperations implements HostStatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(DownHostOperations.class);

    @Override
    public void hostDown(Host host, List<String> unfinishedOperations) {
        if (unfinishedOperations.isEmpty()) {
            return;
        }
        LOG.warn("Host {} is Down with unfinished operations {}: running ones are followed until kboss.timeout and "
                + "end failed if the host does not come back, queued ones wait and fail after kboss.timeout; start "
                + "kboss-agent on {} to let them finish", host.name(), unfinishedOperations, host.address());
    }

    @Override
    public void hostUp(Host host) {
        LOG.info("Host {} answers again; its operations go on", host.name());
    }
}
