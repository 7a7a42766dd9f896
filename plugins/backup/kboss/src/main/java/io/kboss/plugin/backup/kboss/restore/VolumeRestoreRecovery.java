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
import io.kboss.server.api.ApiException;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.sql.Timestamp;
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
 * Finishes volume restores (restoreVolumeFromBackupAndAttachToVM) whose job died with its management
 * server, so the backup does not stay Restoring, the target VM taken, or a restored file unregistered.
 * A volume restore is orphaned when its own API job (the first such job on the backup created at or
 * after the restore row) is no longer pending.
 * <ul>
 * <li>Still Queued: nothing was written; the row goes and the VM is released.</li>
 * <li>Running: the agent's journal is asked for the job with the restore's request id. Not there: the
 *     start never reached the agent, nothing was written; the restore ends failed (backup BackedUp, VM
 *     released, no volume). There: it is followed to its end (until the restore's start plus
 *     {@code kboss.timeout}); a finished file is attached and registered exactly as the original job
 *     would have done, a failed one registers nothing.</li>
 * <li>The agent cannot be asked: tried again on the next sweep; past {@code kboss.timeout} the restore
 *     ends failed, registering nothing (the error names the file to check on the host).</li>
 * </ul>
 * Two servers may follow one restore; deleting its row decides which one ends it. What this accepts:
 * if the dead server had already attached the file but not registered it, the attach here is refused
 * (the VM already names the file, so the agent keeps it) and nothing is registered by this restore; the
 * host's next discovery lists the attached disk as a volume of the VM.
 */
public class VolumeRestoreRecovery implements OrphanRepair {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRestoreRecovery.class);

    private final JdbcTemplate jdbc;
    private final RestoreQueue queue;
    private final VolumeRestorer restorer;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final AgentJobCalls calls;
    private final Settings settings;
    private final Clock clock;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();

    public VolumeRestoreRecovery(JdbcTemplate jdbc, RestoreQueue queue, VolumeRestorer restorer, AgentChannels agents,
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
            if (e.volume() == null || !orphaned(e) || !following.add(e.id())) {
                continue;
            }
            handled++;
            VolumeRestorer.VolumeRestore r;
            try {
                r = restorer.restoreOf(e);
            } catch (RuntimeException x) {
                following.remove(e.id());
                LOG.error("Orphaned volume restore {} cannot be rebuilt; the next sweep tries again", e.id(), x);
                continue;
            }
            if (!e.running()) {
                try {
                    restorer.dropQueued(r, "the management server that accepted it stopped before it was admitted");
                } finally {
                    following.remove(e.id());
                }
                continue;
            }
            LOG.warn("Restore of volume {} from backup {} into VM {} was left running by a management server that "
                    + "stopped; following its agent job", r.source().uuid(), r.backup().uuid(), r.vm().name());
            followers.execute(() -> {
                try {
                    follow(e, r);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException x) {
                    LOG.error("Following orphaned volume restore {} failed; the next sweep tries again", e.id(), x);
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
                + " j.instance_uuid WHERE b.id = ? AND j.instance_type = 'Backup'"
                + " AND j.command = 'restoreVolumeFromBackupAndAttachToVM' AND j.created >= ?"
                + " ORDER BY j.created, j.id LIMIT 1", Integer.class, e.backupId(), Timestamp.from(e.created()));
        return !job.isEmpty() && job.get(0) != 0;
    }

    private void follow(RestoreQueue.Entry e, VolumeRestorer.VolumeRestore r) throws InterruptedException {
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
                end(r, null, new AgentJobRunner.Outcome(null, "its management server stopped and the agent of host "
                        + e.hostId() + " could not be asked about the job within kboss.timeout (" + x.getMessage()
                        + "); check the host for " + r.path(), true));
            } else {
                LOG.warn("Orphaned volume restore {}: the agent of host {} cannot be asked now ({}); trying again on "
                        + "the next sweep", e.id(), e.hostId(), x.getMessage());
            }
            return;
        }
        if (job.isEmpty()) {
            end(r, agent, new AgentJobRunner.Outcome(null, "its management server stopped before the agent received "
                    + "the restore", true));
            return;
        }
        end(r, agent, runner.follow(agent, job.get(), deadline, timeout, j -> { }));
    }

    private void end(VolumeRestorer.VolumeRestore r, AgentClient agent, AgentJobRunner.Outcome outcome) {
        try {
            VolumeRestorer.RestoredVolume v = restorer.finish(r, agent, outcome, percent -> { });
            LOG.info("Orphaned restore of volume {} from backup {} ended well: volume {} attached to VM {} as {}",
                    r.source().uuid(), r.backup().uuid(), v.uuid(), r.vm().name(), v.device());
        } catch (ApiException x) {
            LOG.warn("Orphaned restore of volume {} from backup {} ended: {}", r.source().uuid(), r.backup().uuid(),
                    x.getMessage());
        }
    }
}
