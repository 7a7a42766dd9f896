package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.server.api.ApiException;
import io.kboss.server.settings.Settings;
import java.time.Clock;
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
public class VolumeRestoreRecovery extends OrphanedRestores<VolumeRestorer.VolumeRestore> {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRestoreRecovery.class);

    private final VolumeRestorer restorer;

    public VolumeRestoreRecovery(JdbcTemplate jdbc, RestoreQueue queue, VolumeRestorer restorer, AgentChannels agents,
            AgentJobRunner runner, Settings settings, Clock clock, Sleeper sleeper) {
        super(jdbc, queue, agents, runner, settings, clock, sleeper);
        this.restorer = restorer;
    }

    @Override
    boolean handles(RestoreQueue.Entry e) {
        return e.volume() != null;
    }

    @Override
    String command() {
        return "restoreVolumeFromBackupAndAttachToVM";
    }

    @Override
    VolumeRestorer.VolumeRestore restoreOf(RestoreQueue.Entry e) {
        return restorer.restoreOf(e);
    }

    @Override
    void dropQueued(VolumeRestorer.VolumeRestore r, String why) {
        restorer.dropQueued(r, why);
    }

    @Override
    String describe(VolumeRestorer.VolumeRestore r) {
        return "Restore of volume " + r.source().uuid() + " from backup " + r.backup().uuid() + " into VM "
                + r.vm().name();
    }

    @Override
    long zoneId(VolumeRestorer.VolumeRestore r) {
        return r.backup().zoneId();
    }

    @Override
    boolean targetIntactWhenUnknown() {
        return true; // a volume restore writes a new file, never the VM's disks
    }

    @Override
    void end(VolumeRestorer.VolumeRestore r, AgentClient agent, AgentJobRunner.Outcome outcome) {
        AgentJobRunner.Outcome o = agent == null
                ? new AgentJobRunner.Outcome(null, outcome.failure() + "; check the host for " + r.path(), true)
                : outcome;
        try {
            VolumeRestorer.RestoredVolume v = restorer.finish(r, agent, o, percent -> {
            });
            LOG.info("Orphaned restore of volume {} from backup {} ended well: volume {} attached to VM {} as {}",
                    r.source().uuid(), r.backup().uuid(), v.uuid(), r.vm().name(), v.device());
        } catch (ApiException x) {
            LOG.warn("Orphaned restore of volume {} from backup {} ended: {}", r.source().uuid(), r.backup().uuid(),
                    x.getMessage());
        }
    }
}
