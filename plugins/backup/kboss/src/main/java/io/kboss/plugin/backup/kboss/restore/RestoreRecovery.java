package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.RestoreQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.server.settings.Settings;
import java.time.Clock;
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
public class RestoreRecovery extends OrphanedRestores<BackupRestorer.Restore> {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRecovery.class);

    private final BackupRestorer restorer;

    public RestoreRecovery(JdbcTemplate jdbc, RestoreQueue queue, BackupRestorer restorer, AgentChannels agents,
            AgentJobRunner runner, Settings settings, Clock clock, Sleeper sleeper) {
        super(jdbc, queue, agents, runner, settings, clock, sleeper);
        this.restorer = restorer;
    }

    @Override
    boolean handles(RestoreQueue.Entry e) {
        return e.volume() == null; // volume restores are VolumeRestoreRecovery's
    }

    @Override
    String command() {
        return "restoreBackup";
    }

    @Override
    BackupRestorer.Restore restoreOf(RestoreQueue.Entry e) {
        return restorer.restoreOf(e);
    }

    @Override
    void dropQueued(BackupRestorer.Restore r, String why) {
        restorer.dropQueued(r, why);
    }

    @Override
    String describe(BackupRestorer.Restore r) {
        return "Restore of backup " + r.backup().uuid() + " into VM " + r.vm().name();
    }

    @Override
    long zoneId(BackupRestorer.Restore r) {
        return r.backup().zoneId();
    }

    @Override
    boolean targetIntactWhenUnknown() {
        return false; // the VM's own disks may be partly written
    }

    @Override
    void end(BackupRestorer.Restore r, AgentClient agent, AgentJobRunner.Outcome outcome) {
        String end = restorer.end(r, outcome.failure(), outcome.disksConsistent());
        LOG.info("Orphaned restore of backup {} ended {}", r.backup().uuid(), end == null ? "well" : end);
    }
}
