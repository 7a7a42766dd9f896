package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.HostStatusListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to the backups of a host that stops answering. Nothing is failed at once: the agent
 * journals its jobs, so a backup whose host comes back within {@code kboss.timeout} is still
 * followed to its end by its createBackup job, which keeps asking; past the timeout that job ends
 * the backup as Error (the disks may hold leftovers) and the VM goes to BackupError. Queued work
 * (backups, restores) of a Down host is not started against it: admission holds it back
 * ({@code HOST_DOWN}) until the host is Up again, and a request that waited longer than
 * {@code kboss.timeout} is Failed saying the host is Down. This listener makes the moment visible
 * in the log with the backups concerned, so the loss is never silent.
 */
public class DownHostBackups implements HostStatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(DownHostBackups.class);

    private final BackupRepository backups;

    public DownHostBackups(BackupRepository backups) {
        this.backups = backups;
    }

    @Override
    public void hostDown(Host host, List<Long> unfinishedBackups) {
        if (unfinishedBackups.isEmpty()) {
            return;
        }
        StringBuilder which = new StringBuilder();
        for (long id : unfinishedBackups) {
            BackupRecord b = backups.byId(id);
            which.append(which.length() == 0 ? "" : ", ").append(b.uuid()).append(" (").append(b.status()).append(')');
        }
        LOG.warn("Host {} is Down with unfinished backups {}: running ones are followed until kboss.timeout and end "
                + "Error if the host does not come back, queued ones wait and fail after kboss.timeout; start "
                + "kboss-agent on {} to let them finish", host.name(), which, host.address());
    }

    @Override
    public void hostUp(Host host) {
        LOG.info("Host {} answers again; its running backups are followed to their end", host.name());
    }
}
