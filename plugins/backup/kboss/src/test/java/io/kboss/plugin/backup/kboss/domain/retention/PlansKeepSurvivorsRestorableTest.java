package io.kboss.plugin.backup.kboss.domain.retention;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.BACKED_UP;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.EXPUNGED;
import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.FAILED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDisk;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * Random chains of 1 to 10 backups, random deletions, retention and interrupted plans, applied to a
 * simulated qcow2 store: every surviving backup must still read exactly what it read before, through a
 * chain of files that all exist.
 */
public class PlansKeepSurvivorsRestorableTest {
    private static final int CLUSTERS = 16;
    private static final DiskSet DISKS = DiskSet.of(new ChainDisk("root", 1L << 30));

    private SimulatedBackupStore store = new SimulatedBackupStore(false);
    private final Map<Long, Map<Integer, Integer>> originalContent = new HashMap<>();
    private long nextId = 1;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    /** Takes a chain of {@code length} backups of a disk that changes between them; maybe a failed last attempt. */
    private BackupChain takeChain(Random random, ChainKey key, int length, boolean failedTip) {
        Map<Integer, Integer> disk = new HashMap<>();
        for (int c = 0; c < CLUSTERS; c++) {
            disk.put(c, random.nextInt(1000));
        }
        List<ChainLink> links = new ArrayList<>();
        Long parent = null;
        for (int i = 0; i < length; i++) {
            long id = nextId++;
            Map<Integer, Integer> written = new HashMap<>();
            if (parent == null) {
                written.putAll(disk);
            } else {
                for (int w = 1 + random.nextInt(4); w > 0; w--) {
                    int cluster = random.nextInt(CLUSTERS);
                    disk.put(cluster, (int) id * 100 + w);
                    written.put(cluster, (int) id * 100 + w);
                }
            }
            BackupStatus status = failedTip && i == length - 1 && i > 0 ? FAILED : BACKED_UP;
            store.write(id, parent, written, status);
            clock = clock.plusSeconds(3600);
            links.add(new ChainLink(id, status, "cp-" + id, clock));
            if (status == BACKED_UP) {
                originalContent.put(id, store.read(id));
            }
            parent = id;
        }
        return new BackupChain(key, links, DISKS, Optional.empty());
    }

    /** Applies a plan and checks every invariant against the chain it produced. */
    private Optional<BackupChain> applyAndCheck(PrunePlan plan, Set<Long> doomed) {
        store.apply(plan.steps());
        assertEquals(doomed, plan.outcomes().stream().map(DeletionOutcome::backupId).collect(Collectors.toSet()));
        for (long id : doomed) {
            assertEquals(EXPUNGED, store.statuses.get(id));
            assertFalse("files of deleted backup " + id + " are still there", store.files.containsKey(id));
        }
        plan.resultingChain().ifPresent(chain -> {
            Long previous = null;
            for (ChainLink link : chain.links()) {
                assertFalse(doomed.contains(link.backupId()));
                if (link.status() == BACKED_UP) {
                    assertEquals("backup " + link.backupId() + " must back onto the survivor before it", previous,
                            store.files.get(link.backupId()).backing());
                    assertEquals("backup " + link.backupId() + " must read what it read before",
                            originalContent.get(link.backupId()), store.read(link.backupId()));
                }
                previous = link.backupId();
            }
        });
        return plan.resultingChain();
    }

    private void assertAllRestorable(Set<Long> survivors) {
        for (long id : survivors) {
            if (store.statuses.get(id) == BACKED_UP) {
                assertEquals(originalContent.get(id), store.read(id));
            }
        }
    }

    @Test
    public void randomDeletesOfChainsOfOneToTenNeverBreakASurvivor() {
        randomDeletes(new Random(20261122));
    }

    @Test
    public void theSamePlansRunAsOneBackupAtATimeDeletesIntoTheChildLeaveTheSameSurvivors() {
        store = new SimulatedBackupStore(true);
        randomDeletes(new Random(77));
    }

    private void randomDeletes(Random random) {
        int deletes = 0;
        for (int trial = 0; trial < 400; trial++) {
            int length = 1 + trial % 10;
            Optional<BackupChain> chain = Optional
                    .of(takeChain(random, ChainKey.manual(), length, random.nextInt(5) == 0));
            while (chain.isPresent() && random.nextInt(4) != 0) {
                List<ChainLink> links = chain.get().links();
                ChainLink victim = links.get(random.nextInt(links.size()));
                boolean forced = random.nextInt(4) == 0;
                DeletePlan plan = DeletePlanner.plan(chain.get(), victim.backupId(), forced);
                Set<Long> doomed = new HashSet<>(Set.of(victim.backupId()));
                if (forced) {
                    links.stream().filter(l -> l.takenAt().isAfter(victim.takenAt()))
                            .forEach(l -> doomed.add(l.backupId()));
                }
                chain = applyAndCheck(plan.prune(), doomed);
                deletes++;
            }
        }
        assertTrue("the trials deleted too little to mean anything: " + deletes, deletes > 500);
    }

    @Test
    public void randomRetentionOverSeveralChainsOfASchedulekeepsExactlyTheNewestAndLeavesThemRestorable() {
        Random random = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            ChainKey key = ChainKey.schedule(7);
            List<BackupChain> chains = new ArrayList<>();
            for (int c = 1 + random.nextInt(3); c > 0; c--) {
                chains.add(takeChain(random, key, 1 + random.nextInt(10), random.nextInt(6) == 0));
            }
            int maxBackups = 1 + random.nextInt(12);
            List<ChainLink> restorable = chains.stream().flatMap(ch -> ch.links().stream())
                    .filter(l -> l.status() == BACKED_UP)
                    .sorted(Comparator.comparing(ChainLink::takenAt).reversed()).toList();
            Set<Long> expectedKept = restorable.stream().limit(maxBackups).map(ChainLink::backupId)
                    .collect(Collectors.toSet());
            Set<Long> expectedExpired = restorable.stream().skip(maxBackups).map(ChainLink::backupId)
                    .collect(Collectors.toSet());

            RetentionPlan plan = RetentionPolicy.plan(chains, maxBackups);

            assertEquals(expectedExpired, new HashSet<>(plan.expired()));
            assertTrue(plan.deferred().isEmpty());
            for (PrunePlan p : plan.plans()) {
                Set<Long> doomed = p.outcomes().stream().map(DeletionOutcome::backupId).collect(Collectors.toSet());
                assertTrue(expectedExpired.containsAll(doomed));
                applyAndCheck(p, doomed);
            }
            assertAllRestorable(expectedKept);
            for (long kept : expectedKept) {
                assertEquals(BACKED_UP, store.statuses.get(kept));
            }
        }
    }

    @Test
    public void aPlanInterruptedAtAnyStepIsFinishedByPlanningAgainFromTheRecordedStatuses() {
        Random random = new Random(99);
        for (int trial = 0; trial < 300; trial++) {
            BackupChain chain = takeChain(random, ChainKey.manual(), 2 + random.nextInt(9), false);
            Set<Long> doomed = new HashSet<>();
            for (ChainLink l : chain.links()) {
                if (random.nextInt(3) == 0) {
                    doomed.add(l.backupId());
                }
            }
            PrunePlan first = ChainPruner.prune(chain, doomed);
            int cut = random.nextInt(first.steps().size() + 1);
            store.apply(first.steps().subList(0, cut));
            BackupChain recorded = store.current(chain);
            // Expunged backups are gone from the recorded chain, as the server would load it.
            List<ChainLink> remaining = recorded.links().stream().filter(l -> l.status() != EXPUNGED).toList();
            if (remaining.isEmpty()) {
                continue;
            }
            BackupChain reloaded = new BackupChain(chain.key(), remaining, DISKS, Optional.empty());
            Set<Long> stillDoomed = doomed.stream().filter(id -> store.statuses.get(id) != EXPUNGED)
                    .collect(Collectors.toSet());
            boolean marked = stillDoomed.stream().allMatch(id -> store.statuses.get(id) == BackupStatus.REMOVED);
            // Once the Removed marks are recorded the re-plan needs no list; before that the caller repeats it.
            PrunePlan again = ChainPruner.prune(reloaded, marked ? Set.of() : stillDoomed);
            applyAndCheck(again, stillDoomed);
            assertAllRestorable(chain.links().stream().map(ChainLink::backupId).filter(id -> !doomed.contains(id))
                    .collect(Collectors.toSet()));
        }
    }

    @Test
    public void deletingAFullMakesItsChildTheNewFullOfTheChain() {
        BackupChain chain = takeChain(new Random(1), ChainKey.manual(), 3, false);
        long full = chain.full().backupId();
        long child = chain.links().get(1).backupId();
        Optional<BackupChain> after = applyAndCheck(DeletePlanner.plan(chain, full, false).prune(), Set.of(full));
        assertEquals(child, after.orElseThrow().full().backupId());
        assertNull(store.files.get(child).backing());
    }
}
