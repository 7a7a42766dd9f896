package io.kboss.plugin.backup.kboss.domain.chain;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKED_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKING_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.ERROR;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Sequences of backups on one VM, decided and recorded the way the server will. */
public class ChainHistoryTest {
    private static final DiskSet DISKS = DiskSet.of(new ChainDisk("root", 1L << 30));

    private VmChains chains = VmChains.none();
    private long nextId = 1;

    /** Decides, records, and finishes one backup; returns "F" or "I" for the kind it was. */
    private String backup(ChainKey key, boolean isolated, ChainSize size, BackupStatus outcome) {
        ChainDecision decision = ChainPolicy.decide(chains, key, isolated, DISKS, size);
        long id = nextId++;
        ChainLink link = new ChainLink(id, BACKING_UP, isolated ? null : "cp-" + id, Instant.ofEpochSecond(id));
        chains = chains.record(key, decision, link, DISKS).withStatus(id, outcome);
        return decision instanceof ChainDecision.Full ? "F" : "I";
    }

    private String tenBackups(ChainKey key, ChainSize size) {
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            kinds.append(backup(key, false, size, BACKED_UP));
        }
        return kinds.toString();
    }

    @Test
    public void tenBackupsWithChainSizeFourRollOverIntoANewChainEveryFourth() {
        assertEquals("FIIIFIIIFI", tenBackups(ChainKey.manual(), new ChainSize(4)));
        assertEquals(List.of(9L, 10L), ids(chains.latest(ChainKey.manual()).orElseThrow()));
    }

    @Test
    public void tenBackupsWithChainSizeOneAreAllFull() {
        assertEquals("FFFFFFFFFF", tenBackups(ChainKey.manual(), new ChainSize(1)));
    }

    @Test
    public void tenBackupsWithAnUnlimitedChainAreOneFullAndNineIncrements() {
        assertEquals("FIIIIIIIII", tenBackups(ChainKey.manual(), new ChainSize(0)));
        assertEquals(10, chains.latest(ChainKey.manual()).orElseThrow().length());
    }

    @Test
    public void isolatedBackupsInBetweenNeitherCountNorBreakTheChain() {
        ChainSize three = new ChainSize(3);
        List<String> kinds = new ArrayList<>();
        kinds.add(backup(ChainKey.manual(), false, three, BACKED_UP));
        kinds.add(backup(ChainKey.manual(), true, three, BACKED_UP));
        kinds.add(backup(ChainKey.manual(), false, three, BACKED_UP));
        kinds.add(backup(ChainKey.manual(), true, three, BACKED_UP));
        kinds.add(backup(ChainKey.manual(), false, three, BACKED_UP));
        assertEquals(List.of(1L, 3L, 5L), ids(chains.latest(ChainKey.manual()).orElseThrow()));
        kinds.add(backup(ChainKey.manual(), false, three, BACKED_UP));
        assertEquals(List.of("F", "F", "I", "F", "I", "F"), kinds);
    }

    @Test
    public void aRestoreInTheMiddleMakesTheNextBackupFullAndStartsAFreshChain() {
        ChainSize eight = new ChainSize(8);
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            kinds.append(backup(ChainKey.manual(), false, eight, BACKED_UP));
        }
        chains = chains.endAll(ChainEnd.RESTORE);
        for (int i = 0; i < 3; i++) {
            kinds.append(backup(ChainKey.manual(), false, eight, BACKED_UP));
        }
        assertEquals("FIIFII", kinds.toString());
    }

    @Test
    public void aBackupThatEndedInErrorMakesTheNextOneFull() {
        ChainSize eight = new ChainSize(8);
        String kinds = backup(ChainKey.manual(), false, eight, BACKED_UP)
                + backup(ChainKey.manual(), false, eight, ERROR)
                + backup(ChainKey.manual(), false, eight, BACKED_UP)
                + backup(ChainKey.manual(), false, eight, BACKED_UP);
        assertEquals("FIFI", kinds);
    }

    @Test
    public void twoSchedulesAndManualBackupsInterleavedKeepThreeSeparateChains() {
        ChainKey daily = ChainKey.schedule(1);
        ChainKey weekly = ChainKey.schedule(2);
        ChainSize four = new ChainSize(4);
        StringBuilder kinds = new StringBuilder();
        for (int round = 0; round < 5; round++) {
            kinds.append(backup(daily, false, four, BACKED_UP));
            kinds.append(backup(weekly, false, four, BACKED_UP));
            kinds.append(backup(ChainKey.manual(), false, four, BACKED_UP));
        }
        assertEquals("FFF" + "III" + "III" + "III" + "FFF", kinds.toString());
        assertEquals(List.of(13L), ids(chains.latest(daily).orElseThrow()));
        assertEquals(List.of(14L), ids(chains.latest(weekly).orElseThrow()));
    }

    @Test
    public void recordingAnIncrementOnAChainThatMovedIsRefused() {
        ChainSize eight = new ChainSize(8);
        backup(ChainKey.manual(), false, eight, BACKED_UP);
        ChainDecision stale = ChainPolicy.decide(chains, ChainKey.manual(), false, DISKS, eight);
        VmChains restored = chains.endAll(ChainEnd.RESTORE);
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> restored.record(ChainKey.manual(), stale,
                        new ChainLink(99, BACKING_UP, "cp-99", Instant.EPOCH), DISKS));
        assertTrue(ex.getMessage(), ex.getMessage().contains("ended by RESTORE; decide again"));
    }

    private static List<Long> ids(BackupChain chain) {
        return chain.links().stream().map(ChainLink::backupId).toList();
    }
}
