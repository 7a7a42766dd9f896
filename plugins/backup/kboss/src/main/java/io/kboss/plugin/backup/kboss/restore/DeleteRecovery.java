package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.AgentJobCalls;
import io.kboss.plugin.backup.kboss.backup.OrphanRepair;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Releases a VM whose deleteBackup job died with its management server. The deleted backups were
 * marked Removed when the delete was accepted; whatever the dead job did not finish stays Removed
 * (hidden, nothing builds on it) until {@link RemovedBackupSweep} (or the next deleteBackup in the
 * chain) finishes it, applying the results of agent steps that ran after the server died
 * ({@link DeleteSteps}). What this repairs is the VM held for DELETE forever.
 *
 * <p>A VM is released only once the agent has no delete job running on its backups: releasing
 * it earlier would let a new delete or backup meet files a merge still writes. While the agent
 * cannot be asked the VM stays held, until {@code kboss.timeout} after the delete began.
 *
 * <p>Releasing only once the agent is idle is also what lets the sweep find the dead deletion's
 * steps finished in the agent's journal, rather than running them a second time.
 */
public class DeleteRecovery implements OrphanRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteRecovery.class);

    private final JdbcTemplate jdbc;
    private final VmRepository vms;
    private final AgentChannels agents;
    private final AgentJobCalls calls;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final Duration serverLease;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();

    /**
     * @param serverLease how long a management server without a heartbeat still owns its deletions:
     *     retention's and the sweep's deletions have no API job, their {@code backup_delete} row names the
     *     server running them
     */
    public DeleteRecovery(JdbcTemplate jdbc, VmRepository vms, AgentChannels agents, Settings settings, Clock clock,
            Sleeper sleeper, Duration pollInterval, Duration serverLease) {
        this.jdbc = jdbc;
        this.vms = vms;
        this.agents = agents;
        this.calls = new AgentJobCalls(sleeper);
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.serverLease = serverLease;
    }

    /** A VM held for DELETE, the host its backups' files are reached through, and since when. */
    private record HeldVm(long id, String name, Long hostId, long zoneId, Instant since) {
    }

    @Override
    public int repair(Executor followers) {
        // Orphaned: a deleteBackup job on one of the VM's backups began after the VM was taken and
        // has ended, and none is pending (a delete whose job is not inserted yet is not matched); or
        // the deletion's row names a server that is Down or silent past a job lease (retention and the
        // sweep run without an API job).
        List<HeldVm> held = jdbc.query("SELECT v.id, v.name, v.host_id, v.zone_id, v.busy_since FROM vm_instance v"
                + " WHERE v.busy_operation = ? AND v.busy_since IS NOT NULL AND ((EXISTS (SELECT 1 FROM async_job j"
                + "   JOIN backup b ON b.uuid = j.instance_uuid WHERE b.vm_id = v.id"
                + "   AND j.instance_type = 'Backup' AND j.command = 'deleteBackup' AND j.created >= v.busy_since"
                + "   AND j.status <> 0)"
                + " AND NOT EXISTS (SELECT 1 FROM async_job j JOIN backup b ON b.uuid = j.instance_uuid"
                + "   WHERE b.vm_id = v.id AND j.instance_type = 'Backup' AND j.command = 'deleteBackup'"
                + "   AND j.status = 0))"
                + " OR EXISTS (SELECT 1 FROM backup_delete d JOIN mshost m ON m.id = d.msid WHERE d.vm_id = v.id"
                + "   AND (m.state = 'Down' OR m.last_heartbeat < ?)))", (rs, i) -> {
                    long host = rs.getLong(3);
                    return new HeldVm(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : host, rs.getLong(4),
                            rs.getTimestamp(5).toInstant());
                }, BackupDeleter.BUSY_DELETE, Timestamp.from(clock.instant().minus(serverLease)));
        int handled = 0;
        for (HeldVm vm : held) {
            if (!following.add(vm.id())) {
                continue;
            }
            handled++;
            LOG.warn("VM {} was left held for a delete by a management server that stopped; releasing it once the "
                    + "agent's delete jobs on its backups have ended", vm.name());
            followers.execute(() -> {
                try {
                    releaseWhenAgentIdle(vm);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException x) {
                    LOG.error("Releasing VM {} after an orphaned delete failed; the next sweep tries again", vm.name(),
                            x);
                } finally {
                    following.remove(vm.id());
                }
            });
        }
        return handled;
    }

    private void releaseWhenAgentIdle(HeldVm vm) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(vm.zoneId())));
        Instant deadline = vm.since().plus(timeout);
        Set<String> backupsOfVm = new HashSet<>(jdbc.queryForList("SELECT uuid FROM backup WHERE vm_id = ?",
                String.class, vm.id()));
        while (true) {
            String blocker;
            try {
                AgentClient agent = agents.forHost(vm.hostId() == null ? -1 : vm.hostId());
                blocker = calls.journal(agent, true).stream()
                        .filter(j -> j.type == JobType.DELETE_BACKUP && backupsOfVm.contains(j.backupUuid))
                        .map(j -> j.jobId).findFirst().orElse(null);
            } catch (AgentCallException | RuntimeException x) {
                blocker = "unknown (the agent cannot be asked: " + x.getMessage() + ")";
            }
            if (blocker == null) {
                release(vm, "the agent runs no delete job on its backups");
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                release(vm, "kboss.timeout (" + timeout.toSeconds() + " s) passed while waiting for agent job "
                        + blocker + "; files of the Removed backups may be left on the store until the next sweep "
                        + "of Removed backups");
                return;
            }
            sleeper.sleep(pollInterval);
        }
    }

    private void release(HeldVm vm, String why) {
        // The row first: a deleting server still alive after all (a long pause) then finds its row gone
        // and leaves the VM alone at its end.
        jdbc.update("DELETE FROM backup_delete WHERE vm_id = ?", vm.id());
        vms.releaseBusy(vm.id(), BackupDeleter.BUSY_DELETE);
        List<String> removed = jdbc.queryForList("SELECT uuid FROM backup WHERE vm_id = ? AND status = 'Removed'",
                String.class, vm.id());
        LOG.warn("VM {} released after an orphaned delete ({}); backups still Removed, finished by the next sweep of "
                + "Removed backups (backup.removed.sweep.interval) or delete in their chain: {}", vm.name(), why,
                removed);
    }
}
