package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.AgentJobCalls;
import io.kboss.plugin.backup.kboss.backup.OrphanRepair;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ends restores whose restoreBackup job died with its management server, so the backup does not
 * stay Restoring and the VM taken forever. A restore is orphaned when its own API job (the first
 * restoreBackup job on the backup created at or after the restore row) is no longer pending:
 * failed at the server's orderly shutdown, or by the job lease sweep when the server died.
 * <ul>
 * <li>Still Queued: nothing touched the disks; the row goes and the VM is released.</li>
 * <li>Running: the agent's journal is asked for the job with the restore's request id. Not there:
 *     the start never reached the agent, the disks are as they were. There: it is followed to its
 *     end (until the restore's start plus {@code kboss.timeout}) and the restore ends as the job
 *     did, exactly as the original job would have ended it.</li>
 * <li>The agent cannot be asked: tried again on the next sweep; past {@code kboss.timeout} the
 *     restore ends failed with the disks maybe partly written (the VM goes to BackupError).</li>
 * </ul>
 * Two servers may follow one restore; deleting its row decides which one ends it.
 */
public class RestoreRecovery implements OrphanRepair {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRecovery.class);

    private final JdbcTemplate jdbc;
    private final RestoreQueue queue;
    private final BackupRestorer restorer;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final AgentJobCalls calls;
    private final Settings settings;
    private final Clock clock;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();

    public RestoreRecovery(JdbcTemplate jdbc, RestoreQueue queue, BackupRestorer restorer, AgentChannels agents,
            AgentJobRunner runner, Settings settings, Clock clock, Sleeper sleeper) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.restorer = restorer;
        this.agents = agents;
        this.runner = runner;
        this.calls = new AgentJobCalls(sleeper);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public int repair(Executor followers) {
        int handled = 0;
        for (RestoreQueue.Entry e : queue.all()) {
            // Volume restores (restoreVolumeFromBackupAndAttachToVM) are VolumeRestoreRecovery's.
            if (e.volume() != null || !orphaned(e) || !following.add(e.id())) {
                continue;
            }
            handled++;
            BackupRestorer.Restore r = restorer.restoreOf(e);
            if (!e.running()) {
                try {
                    restorer.dropQueued(r, "the management server that accepted it stopped before it was admitted");
                } finally {
                    following.remove(e.id());
                }
                continue;
            }
            LOG.warn("Restore of backup {} into VM {} was left running by a management server that stopped; following "
                    + "its agent job", r.backup().uuid(), r.vm().name());
            followers.execute(() -> {
                try {
                    follow(e, r);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException x) {
                    LOG.error("Following orphaned restore {} failed; the next sweep tries again", e.id(), x);
                } finally {
                    following.remove(e.id());
                }
            });
        }
        return handled;
    }

    /** Whether the restore's own API job has ended while the restore has not. */
    private boolean orphaned(RestoreQueue.Entry e) {
        List<Integer> job = jdbc.queryForList("SELECT j.status FROM async_job j JOIN backup b ON b.uuid ="
                + " j.instance_uuid WHERE b.id = ? AND j.instance_type = 'Backup' AND j.command = 'restoreBackup'"
                + " AND j.created >= ? ORDER BY j.created, j.id LIMIT 1", Integer.class, e.backupId(),
                java.sql.Timestamp.from(e.created()));
        return !job.isEmpty() && job.get(0) != 0;
    }

    private void follow(RestoreQueue.Entry e, BackupRestorer.Restore r) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT,
                ScopeChain.zone(r.backup().zoneId())));
        Instant deadline = (e.started() == null ? e.created() : e.started()).plus(timeout);
        AgentClient agent;
        Optional<JobInfo> job;
        try {
            agent = agents.forHost(e.hostId());
            job = calls.journal(agent, false).stream().filter(j -> e.requestId().equals(j.requestId)).findFirst();
        } catch (AgentCallException | RuntimeException x) {
            if (clock.instant().isAfter(deadline)) {
                restorer.end(r, "its management server stopped and the agent of host " + e.hostId() + " could not be "
                        + "asked about the job within kboss.timeout (" + x.getMessage() + ")", false);
            } else {
                LOG.warn("Orphaned restore {}: the agent of host {} cannot be asked now ({}); trying again on the next "
                        + "sweep", e.id(), e.hostId(), x.getMessage());
            }
            return;
        }
        if (job.isEmpty()) {
            restorer.end(r, "its management server stopped before the agent received the restore", true);
            return;
        }
        AgentJobRunner.Outcome o = runner.follow(agent, job.get(), deadline, timeout, j -> { });
        String end = restorer.end(r, o.failure(), o.disksConsistent());
        LOG.info("Orphaned restore of backup {} ended {}", r.backup().uuid(), end == null ? "well" : end);
    }
}
