package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.JobProgress;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The background part of createBackup: waits in the queue until admission lets the backup start,
 * takes it, and returns its final status. A backup that waited longer than {@code kboss.timeout}
 * without a slot (limits reached, or its host Down) is Failed with the last reason it waited for
 * (nothing touched the VM), so a stuck queue is visible, not silent.
 */
public class BackupJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);

    private final BackupRepository backups;
    private final VmRepository vms;
    private final BackupAdmitter admitter;
    private final BackupExecutor executor;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration queuePoll;

    public BackupJob(BackupRepository backups, VmRepository vms, BackupAdmitter admitter, BackupExecutor executor,
            Settings settings, TransactionOperations tx, Clock clock, Sleeper sleeper, Duration queuePoll) {
        this.backups = backups;
        this.vms = vms;
        this.admitter = admitter;
        this.executor = executor;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.sleeper = sleeper;
        this.queuePoll = queuePoll;
    }

    public BackupStatus run(long backupId, JobProgress progress) throws InterruptedException {
        BackupRecord b = backups.byId(backupId);
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        Instant giveUp = clock.instant().plus(timeout);
        BackupAdmitter.Attempt attempt;
        while (!(attempt = admitter.tryAdmit(backupId)).admitted()) {
            BackupStatus now = backups.byId(backupId).status();
            if (now != BackupStatus.QUEUED) {
                return now; // failed at admission, or removed while queued
            }
            if (clock.instant().isAfter(giveUp)) {
                return giveUp(b, timeout, attempt.waitReason());
            }
            sleeper.sleep(queuePoll);
        }
        try {
            return executor.execute(backupId, progress);
        } finally {
            progress.report(100);
        }
    }

    private BackupStatus giveUp(BackupRecord b, Duration timeout, String lastWait) {
        String why = "The backup waited in the queue longer than kboss.timeout (" + timeout.toSeconds() + " s) and "
                + "did not start (last: " + lastWait + "); nothing was done to the VM. Start the host's agent, raise "
                + "backup.max.concurrent.operations / .per.host, or retry later";
        LOG.warn("Backup {}: {}", b.uuid(), why);
        return tx.execute(s -> {
            BackupStatus to = backups.transition(b.id(), BackupStatus.QUEUED, BackupEvent.FAILED_DISKS_CONSISTENT, why,
                    clock.instant());
            vms.releaseBusy(b.vmId(), BackupRequestService.BUSY_BACKUP);
            return to;
        });
    }
}
