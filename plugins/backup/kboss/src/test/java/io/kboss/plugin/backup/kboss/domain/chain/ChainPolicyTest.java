package io.kboss.plugin.backup.kboss.domain.chain;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKED_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKING_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.ERROR;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.FAILED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.Test;

public class ChainPolicyTest {
    private static final DiskSet DISKS = DiskSet.of(new ChainDisk("root", 10L << 30), new ChainDisk("data", 5L << 30));
    private static final ChainSize EIGHT = new ChainSize(8);
    private static final ChainKey MANUAL = ChainKey.manual();

    private static ChainLink link(long id, BackupStatus status) {
        return new ChainLink(id, status, "cp-" + id, Instant.ofEpochSecond(id));
    }

    private static BackupChain chainOf(ChainKey key, BackupStatus... statuses) {
        BackupChain chain = BackupChain.startedBy(key, link(1, statuses[0]), DISKS);
        for (int i = 1; i < statuses.length; i++) {
            chain = chain.append(link(i + 1, statuses[i]));
        }
        return chain;
    }

    private static ChainDecision decide(VmChains chains, ChainKey key) {
        return ChainPolicy.decide(chains, key, false, DISKS, EIGHT);
    }

    @Test
    public void theFirstBackupOfAVmIsFullBecauseThereIsNoChain() {
        assertEquals(new ChainDecision.Full(FullReason.NO_OPEN_CHAIN, true), decide(VmChains.none(), MANUAL));
    }

    @Test
    public void aBackedUpTipInAnOpenChainWithRoomGivesAnIncrementFromItsCheckpoint() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP, BACKED_UP));
        assertEquals(new ChainDecision.Incremental(2, "cp-2", 3), decide(chains, MANUAL));
    }

    @Test
    public void aChainThatReachedItsSizeStartsANewChainWithAFullBackup() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP, BACKED_UP, BACKED_UP));
        assertEquals(new ChainDecision.Full(FullReason.CHAIN_FULL, true),
                ChainPolicy.decide(chains, MANUAL, false, DISKS, new ChainSize(3)));
        assertEquals(new ChainDecision.Incremental(3, "cp-3", 4),
                ChainPolicy.decide(chains, MANUAL, false, DISKS, new ChainSize(4)));
    }

    @Test
    public void chainSizeOneMakesEveryBackupFull() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP));
        assertEquals(new ChainDecision.Full(FullReason.CHAIN_FULL, true),
                ChainPolicy.decide(chains, MANUAL, false, DISKS, ChainSize.resolve(1, 8)));
    }

    @Test
    public void anUnlimitedChainKeepsGrowing() {
        BackupStatus[] hundred = new BackupStatus[100];
        java.util.Arrays.fill(hundred, BACKED_UP);
        VmChains chains = VmChains.none().with(chainOf(MANUAL, hundred));
        assertEquals(new ChainDecision.Incremental(100, "cp-100", 101),
                ChainPolicy.decide(chains, MANUAL, false, DISKS, ChainSize.resolve(0, -1)));
    }

    @Test
    public void aParentThatIsNotBackedUpForcesAFullBackup() {
        for (BackupStatus tip : new BackupStatus[]{FAILED, ERROR, BACKING_UP, BackupStatus.REMOVED}) {
            VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP, tip));
            assertEquals(tip.name(), new ChainDecision.Full(FullReason.PARENT_NOT_BACKED_UP, true),
                    decide(chains, MANUAL));
        }
    }

    @Test
    public void aChangedDiskSetForcesAFullBackup() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP));
        DiskSet attached = DiskSet.of(new ChainDisk("root", 10L << 30), new ChainDisk("data", 5L << 30),
                new ChainDisk("logs", 1L << 30));
        DiskSet resized = DiskSet.of(new ChainDisk("root", 20L << 30), new ChainDisk("data", 5L << 30));
        DiskSet detached = DiskSet.of(new ChainDisk("root", 10L << 30));
        for (DiskSet now : new DiskSet[]{attached, resized, detached}) {
            assertEquals(new ChainDecision.Full(FullReason.DISK_SET_CHANGED, true),
                    ChainPolicy.decide(chains, MANUAL, false, now, EIGHT));
        }
    }

    @Test
    public void anIsolatedBackupIsFullJoinsNoChainAndLeavesTheOpenChainGrowing() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP, BACKED_UP));
        assertEquals(new ChainDecision.Full(FullReason.ISOLATED, false),
                ChainPolicy.decide(chains, MANUAL, true, DISKS, EIGHT));
        // Nothing was added to the chain, so the next regular backup still builds on backup 2.
        assertEquals(new ChainDecision.Incremental(2, "cp-2", 3), decide(chains, MANUAL));
    }

    @Test
    public void aVmWithTwoSchedulesAndManualBackupsHasThreeIndependentChains() {
        ChainKey daily = ChainKey.schedule(10);
        ChainKey hourly = ChainKey.schedule(11);
        VmChains chains = VmChains.none()
                .with(new BackupChain(daily, java.util.List.of(link(1, BACKED_UP), link(2, BACKED_UP)), DISKS,
                        Optional.empty()))
                .with(new BackupChain(hourly, java.util.List.of(link(5, BACKED_UP), link(6, FAILED)), DISKS,
                        Optional.empty()));
        assertEquals(new ChainDecision.Incremental(2, "cp-2", 3), decide(chains, daily));
        assertEquals(new ChainDecision.Full(FullReason.PARENT_NOT_BACKED_UP, true), decide(chains, hourly));
        assertEquals(new ChainDecision.Full(FullReason.NO_OPEN_CHAIN, true), decide(chains, MANUAL));
    }

    @Test
    public void aRestoreEndsEveryChainOfTheVmSoEachNextBackupIsFull() {
        ChainKey daily = ChainKey.schedule(10);
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP)).with(chainOf(daily, BACKED_UP, BACKED_UP))
                .endAll(ChainEnd.RESTORE);
        assertEquals(new ChainDecision.Full(FullReason.CHAIN_ENDED_BY_RESTORE, true), decide(chains, MANUAL));
        assertEquals(new ChainDecision.Full(FullReason.CHAIN_ENDED_BY_RESTORE, true), decide(chains, daily));
    }

    @Test
    public void finishBackupChainEndsTheChainEarly() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP, BACKED_UP)).endAll(ChainEnd.FINISHED);
        assertEquals(new ChainDecision.Full(FullReason.CHAIN_FINISHED, true), decide(chains, MANUAL));
    }

    @Test
    public void validationFailureAndOfferingRemovalEndTheChainToo() {
        VmChains chains = VmChains.none().with(chainOf(MANUAL, BACKED_UP));
        assertEquals(FullReason.CHAIN_ENDED_BY_VALIDATION_FAILURE,
                ((ChainDecision.Full) decide(chains.endAll(ChainEnd.VALIDATION_FAILED), MANUAL)).reason());
        assertEquals(FullReason.CHAIN_ENDED_BY_OFFERING_REMOVAL,
                ((ChainDecision.Full) decide(chains.endAll(ChainEnd.OFFERING_REMOVED), MANUAL)).reason());
    }

    @Test
    public void theFirstReasonAChainWasEndedIsKept() {
        BackupChain ended = chainOf(MANUAL, BACKED_UP).endedBy(ChainEnd.FINISHED).endedBy(ChainEnd.RESTORE);
        assertEquals(Optional.of(ChainEnd.FINISHED), ended.end());
    }

    @Test
    public void anEndedChainRefusesToGrowSayingWhy() {
        BackupChain ended = chainOf(MANUAL, BACKED_UP).endedBy(ChainEnd.RESTORE);
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ended.append(link(9, BACKED_UP)));
        assertTrue(ex.getMessage(), ex.getMessage().contains("RESTORE"));
    }

    @Test
    public void aTipWithoutCheckpointCannotBeAParent() {
        BackupChain chain = BackupChain.startedBy(MANUAL, new ChainLink(1, BACKED_UP, null, Instant.EPOCH), DISKS);
        assertEquals(new ChainDecision.Full(FullReason.PARENT_HAS_NO_CHECKPOINT, true),
                decide(VmChains.none().with(chain), MANUAL));
    }

    @Test
    public void everyFullReasonExplainsItselfInWords() {
        for (FullReason r : FullReason.values()) {
            assertTrue(r.name(), r.explanation().length() > 20);
        }
    }
}
