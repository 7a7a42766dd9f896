package io.kboss.plugin.backup.kboss.domain.retention;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKED_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKING_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.EXPUNGED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.FAILED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.QUEUED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.REMOVED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.RESTORING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDisk;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.Test;

public class DeletePlannerTest {

    /** Backups 1..n with the given statuses, 1 the full. */
    static BackupChain chain(BackupStatus... statuses) {
        List<ChainLink> links = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            links.add(new ChainLink(i + 1, statuses[i], "cp-" + (i + 1), Instant.ofEpochSecond(1000L * (i + 1))));
        }
        return new BackupChain(ChainKey.manual(), links, DiskSet.of(new ChainDisk("root", 1 << 20)), Optional.empty());
    }

    private static List<Long> ids(BackupChain c) {
        return c.links().stream().map(ChainLink::backupId).toList();
    }

    @Test
    public void deletingAMiddleBackupMergesItIntoItsChildWhichThenBacksOntoTheGrandparent() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, BACKED_UP, BACKED_UP, BACKED_UP), 2, false);
        assertEquals(List.of(
                new PlanStep.MarkStatus(2, BackupEvent.REMOVED, REMOVED),
                new PlanStep.Rebase(3, OptionalLong.of(1), List.of(2L)),
                new PlanStep.RemoveFiles(2),
                new PlanStep.MarkStatus(2, BackupEvent.EXPUNGED, EXPUNGED)), plan.steps());
        assertEquals(List.of(DeletionOutcome.mergedInto(2, 3)), plan.outcomes());
        assertEquals(List.of(1L, 3L, 4L), ids(plan.prune().resultingChain().orElseThrow()));
    }

    @Test
    public void deletingTheFullMakesItsChildAStandaloneFull() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, BACKED_UP, BACKED_UP), 1, false);
        assertTrue(plan.steps().contains(new PlanStep.Rebase(2, OptionalLong.empty(), List.of(1L))));
        assertEquals(2, plan.prune().resultingChain().orElseThrow().full().backupId());
    }

    @Test
    public void deletingTheTipRemovesItsFilesBecauseNothingDependsOnIt() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, BACKED_UP), 2, false);
        assertEquals(List.of(DeletionOutcome.nothingDepended(2)), plan.outcomes());
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof PlanStep.Rebase));
        assertEquals(List.of(1L), ids(plan.prune().resultingChain().orElseThrow()));
    }

    @Test
    public void aFailedAttemptOnTopIsNotADependantAndNeedsNoMerge() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, BACKED_UP, FAILED), 2, false);
        assertEquals(List.of(DeletionOutcome.nothingDepended(2)), plan.outcomes());
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof PlanStep.Rebase));
    }

    @Test
    public void forcedDeleteTakesEveryBackupOnTopAlongInsteadOfMerging() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, BACKED_UP, BACKED_UP, BACKED_UP), 2, true);
        assertEquals(List.of(DeletionOutcome.nothingDepended(2), DeletionOutcome.withForcedAncestor(3),
                DeletionOutcome.withForcedAncestor(4)), plan.outcomes());
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof PlanStep.Rebase));
        assertEquals(List.of(1L), ids(plan.prune().resultingChain().orElseThrow()));
    }

    @Test
    public void forcedDeleteOfTheFullLeavesNoChain() {
        assertEquals(Optional.empty(),
                DeletePlanner.plan(chain(BACKED_UP, BACKED_UP), 1, true).prune().resultingChain());
    }

    @Test
    public void aChainWithABackupBeingWrittenOrReadIsNotPrunedAndTheErrorSaysWhichAndWhatToDo() {
        for (BackupStatus busy : new BackupStatus[]{BACKING_UP, RESTORING}) {
            ChainBusyException ex = assertThrows(ChainBusyException.class,
                    () -> DeletePlanner.plan(chain(BACKED_UP, BACKED_UP, busy), 1, false));
            assertTrue(ex.getMessage(), ex.getMessage().contains("backup 3 is " + busy.apiName()));
            assertTrue(ex.getMessage(), ex.getMessage().contains("retry"));
        }
    }

    @Test
    public void aBackupInProgressCannotBeDeletedEvenForced() {
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> DeletePlanner.plan(chain(BACKED_UP, RESTORING), 2, true));
        assertTrue(ex.getMessage(), ex.getMessage().contains("in state Restoring"));
        assertTrue(ex.getMessage(), ex.getMessage().contains("wait"));
    }

    @Test
    public void aQueuedRequestIsDroppedOnlyWhenForced() {
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> DeletePlanner.planStandalone(9, QUEUED, false));
        assertTrue(ex.getMessage(), ex.getMessage().contains("forced=true"));
        DeletePlan plan = DeletePlanner.planStandalone(9, QUEUED, true);
        assertEquals(List.of(new PlanStep.MarkStatus(9, BackupEvent.REMOVED, REMOVED), new PlanStep.RemoveFiles(9),
                new PlanStep.MarkStatus(9, BackupEvent.EXPUNGED, EXPUNGED)), plan.steps());
    }

    @Test
    public void anIsolatedBackupIsDeletedOnItsOwn() {
        DeletePlan plan = DeletePlanner.planStandalone(5, BACKED_UP, false);
        assertEquals(List.of(DeletionOutcome.nothingDepended(5)), plan.outcomes());
    }

    @Test
    public void backupsLeftRemovedByAnInterruptedPlanArePrunedAgainWithTheNextDelete() {
        DeletePlan plan = DeletePlanner.plan(chain(BACKED_UP, REMOVED, BACKED_UP, BACKED_UP), 4, false);
        assertTrue(plan.steps().contains(new PlanStep.Rebase(3, OptionalLong.of(1), List.of(2L))));
        assertEquals(List.of(1L, 3L), ids(plan.prune().resultingChain().orElseThrow()));
    }

    @Test
    public void deletingABackupOfAnotherChainIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeletePlanner.plan(chain(BACKED_UP), 42, false));
    }

    @Test
    public void stepsReadAsSentencesForTheJobLog() {
        assertEquals("merge backups [1, 2] into backup 3, which then stands alone as a full backup",
                new PlanStep.Rebase(3, OptionalLong.empty(), List.of(1L, 2L)).toString());
        assertEquals("backup 2 merged into backup 3", DeletionOutcome.mergedInto(2, 3).toString());
    }
}
