package io.kboss.plugin.backup.kboss.domain.retention;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKED_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.ERROR;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.REMOVED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.RESTORING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDisk;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.Test;

public class RetentionPolicyTest {
    private static final ChainKey DAILY = ChainKey.schedule(3);

    /** A chain of the daily schedule with backups {@code firstId}.. taken an hour apart from {@code firstId} hours. */
    private static BackupChain chain(long firstId, BackupStatus... statuses) {
        List<ChainLink> links = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            long id = firstId + i;
            links.add(new ChainLink(id, statuses[i], "cp-" + id, Instant.ofEpochSecond(3600 * id)));
        }
        return new BackupChain(DAILY, links, DiskSet.of(new ChainDisk("root", 1 << 20)), Optional.empty());
    }

    @Test
    public void anExpiredFullWhoseIncrementsSurviveIsMergedIntoTheFirstSurvivor() {
        RetentionPlan plan = RetentionPolicy.plan(List.of(chain(1, BACKED_UP, BACKED_UP, BACKED_UP, BACKED_UP)), 2);
        assertEquals(List.of(1L, 2L), plan.expired());
        PrunePlan prune = plan.plans().get(0);
        assertTrue(prune.steps().contains(new PlanStep.Rebase(3, OptionalLong.empty(), List.of(1L, 2L))));
        assertEquals(List.of(DeletionOutcome.mergedInto(1, 3), DeletionOutcome.mergedInto(2, 3)), prune.outcomes());
    }

    @Test
    public void retentionCountsAcrossTheSchedulesChainsAndDeletesOlderChainsWhole() {
        BackupChain old = chain(1, BACKED_UP, BACKED_UP, BACKED_UP);
        BackupChain current = chain(4, BACKED_UP, BACKED_UP);
        RetentionPlan plan = RetentionPolicy.plan(List.of(old, current), 3);
        assertEquals(List.of(1L, 2L), plan.expired());
        assertEquals(1, plan.plans().size());
        assertTrue(plan.plans().get(0).steps().contains(new PlanStep.Rebase(3, OptionalLong.empty(), List.of(1L, 2L))));
    }

    @Test
    public void failedAndErrorAttemptsNeitherCountNorExpire() {
        RetentionPlan plan = RetentionPolicy.plan(List.of(chain(1, BACKED_UP, BACKED_UP), chain(3, ERROR)), 2);
        assertTrue(plan.isEmpty());
        assertEquals(List.of(), plan.expired());
    }

    @Test
    public void maxBackupsBelowOneKeepsEverything() {
        assertTrue(RetentionPolicy.plan(List.of(chain(1, BACKED_UP, BACKED_UP, BACKED_UP)), 0).isEmpty());
    }

    @Test
    public void aChainWithARestoreRunningIsDeferredToTheNextRun() {
        BackupChain busy = chain(1, BACKED_UP, RESTORING, BACKED_UP);
        BackupChain current = chain(4, BACKED_UP, BACKED_UP);
        RetentionPlan plan = RetentionPolicy.plan(List.of(busy, current), 2);
        assertEquals(List.of(busy), plan.deferred());
        assertEquals(List.of(), plan.plans());
        assertEquals(List.of(), plan.expired());
    }

    @Test
    public void isolatedBackupsOfTheScheduleAreChainsOfOneAndExpireLikeTheRest() {
        BackupChain isolated = new BackupChain(DAILY,
                List.of(new ChainLink(1, BACKED_UP, null, Instant.ofEpochSecond(3600))),
                DiskSet.of(), Optional.empty());
        RetentionPlan plan = RetentionPolicy.plan(List.of(isolated, chain(2, BACKED_UP, BACKED_UP)), 2);
        assertEquals(List.of(1L), plan.expired());
        assertEquals(List.of(DeletionOutcome.nothingDepended(1)), plan.plans().get(0).outcomes());
    }

    @Test
    public void backupsLeftRemovedByAnInterruptedDeletionAreFinishedEvenWhenNothingNewExpired() {
        BackupChain interrupted = chain(1, REMOVED, BACKED_UP);
        BackupChain current = chain(3, BACKED_UP);
        RetentionPlan plan = RetentionPolicy.plan(List.of(interrupted, current), 5);
        assertEquals("nothing newly expired", List.of(), plan.expired());
        assertEquals(1, plan.plans().size());
        assertEquals(List.of(DeletionOutcome.mergedInto(1, 2)), plan.plans().get(0).outcomes());
        assertEquals("even a schedule that now keeps everything finishes them", 1,
                RetentionPolicy.plan(List.of(interrupted, current), 0).plans().size());
    }
}
