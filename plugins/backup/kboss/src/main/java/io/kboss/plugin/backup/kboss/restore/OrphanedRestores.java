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
 * What both kinds of restore do when their API job died with its management server: find the
 * orphans among the queued restores, drop the Queued ones, and follow a Running one's agent job
 * (found in the agent's journal by the restore's request id) to its end. The subclasses say which
 * restores are theirs and how one of them ends.
 *
 * @param <R> the restore as its restorer knows it
 */
abstract class OrphanedRestores<R> implements OrphanRepair {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedRestores.class);

    private final JdbcTemplate jdbc;
    private final RestoreQueue queue;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final AgentJobCalls calls;
    private final Settings settings;
    private final Clock clock;
    private final Set<Long> following = ConcurrentHashMap.newKeySet();

    OrphanedRestores(JdbcTemplate jdbc, RestoreQueue queue, AgentChannels agents, AgentJobRunner runner,
            Settings settings, Clock clock, Sleeper sleeper) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.agents = agents;
        this.runner = runner;
        this.calls = new AgentJobCalls(sleeper);
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the queued restore is of this kind. */
    abstract boolean handles(RestoreQueue.Entry e);

    /** The API command whose job carries this kind of restore. */
    abstract String command();

    abstract R restoreOf(RestoreQueue.Entry e);

    abstract void dropQueued(R r, String why);

    /** The restore in a log line, e.g. "Restore of backup X into VM Y". */
    abstract String describe(R r);

    abstract long zoneId(R r);

    /**
     * Whether the restore's target is known intact when the agent was never reached or cannot be
     * asked: a volume restore writes a new file, a full restore the VM's own disks.
     */
    abstract boolean targetIntactWhenUnknown();

    /**
     * Ends the restore with the agent job's outcome, exactly as its own job would have.
     *
     * @param agent the host's agent, or null when it could not be asked
     */
    abstract void end(R r, AgentClient agent, AgentJobRunner.Outcome outcome);

    @Override
    public int repair(Executor followers) {
        int handled = 0;
        for (RestoreQueue.Entry e : queue.all()) {
            if (!handles(e) || !orphaned(e) || !following.add(e.id())) {
                continue;
            }
            handled++;
            R r;
            try {
                r = restoreOf(e);
            } catch (RuntimeException x) {
                following.remove(e.id());
                LOG.error("Orphaned restore {} cannot be rebuilt; the next sweep tries again", e.id(), x);
                continue;
            }
            if (!e.running()) {
                try {
                    dropQueued(r, "the management server that accepted it stopped before it was admitted");
                } finally {
                    following.remove(e.id());
                }
                continue;
            }
            LOG.warn("{} was left running by a management server that stopped; following its agent job",
                    describe(r));
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

    /** Whether the restore's own API job (the first on the backup since the row) has ended while it has not. */
    private boolean orphaned(RestoreQueue.Entry e) {
        List<Integer> job = jdbc.queryForList("SELECT j.status FROM async_job j JOIN backup b ON b.uuid ="
                + " j.instance_uuid WHERE b.id = ? AND j.instance_type = 'Backup' AND j.command = ?"
                + " AND j.created >= ? ORDER BY j.created, j.id LIMIT 1", Integer.class, e.backupId(), command(),
                Timestamp.from(e.created()));
        return !job.isEmpty() && job.get(0) != 0;
    }

    private void follow(RestoreQueue.Entry e, R r) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(zoneId(r))));
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
                        + ")", targetIntactWhenUnknown()));
            } else {
                LOG.warn("Orphaned restore {}: the agent of host {} cannot be asked now ({}); trying again on the "
                        + "next sweep", e.id(), e.hostId(), x.getMessage());
            }
            return;
        }
        if (job.isEmpty()) {
            end(r, agent, new AgentJobRunner.Outcome(null, "its management server stopped before the agent received "
                    + "the restore", true));
            return;
        }
        end(r, agent, runner.follow(agent, job.get(), deadline, timeout, j -> {
        }));
    }
}
