package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class BackupTransitionsTest {

    @Test
    public void aSuccessfulBackupGoesFromAllocatedThroughQueuedAndBackingUpToBackedUp() {
        BackupStatus s = ALLOCATED;
        s = BackupTransitions.next(s, BackupEvent.QUEUED);
        assertEquals(QUEUED, s);
        s = BackupTransitions.next(s, BackupEvent.STARTED);
        assertEquals(BACKING_UP, s);
        s = BackupTransitions.next(s, BackupEvent.SUCCEEDED);
        assertEquals(BACKED_UP, s);
    }

    @Test
    public void aFailureWithConsistentDisksIsFailedAndOneThatMayHaveLeftThemInconsistentIsError() {
        assertEquals(FAILED, BackupTransitions.next(BACKING_UP, BackupEvent.FAILED_DISKS_CONSISTENT));
        assertEquals(ERROR, BackupTransitions.next(BACKING_UP, BackupEvent.FAILED_DISKS_MAYBE_INCONSISTENT));
    }

    @Test
    public void aRestoreLeavesTheBackupBackedUpWhenItEnds() {
        BackupStatus s = BackupTransitions.next(BACKED_UP, BackupEvent.RESTORE_STARTED);
        assertEquals(RESTORING, s);
        assertEquals(BACKED_UP, BackupTransitions.next(s, BackupEvent.RESTORE_ENDED));
    }

    @Test
    public void deletionPassesThroughRemovedBeforeExpunged() {
        for (BackupStatus from : EnumSet.of(BACKED_UP, ERROR, FAILED, ALLOCATED, QUEUED)) {
            assertEquals(REMOVED, BackupTransitions.next(from, BackupEvent.REMOVED));
        }
        assertEquals(EXPUNGED, BackupTransitions.next(REMOVED, BackupEvent.EXPUNGED));
        for (BackupStatus s : BackupStatus.values()) {
            if (s != REMOVED) {
                assertThrows(IllegalTransitionException.class, () -> BackupTransitions.next(s, BackupEvent.EXPUNGED));
            }
        }
    }

    @Test
    public void expungedIsTheOnlyTerminalStatus() {
        for (BackupStatus s : BackupStatus.values()) {
            assertEquals(s.name(), s == EXPUNGED, BackupTransitions.isTerminal(s));
        }
    }

    @Test
    public void everyEventOutsideTheTableThrowsNamingTheStateAndTheEvent() {
        Map<BackupStatus, Set<BackupEvent>> legal = Map.of(
                ALLOCATED, EnumSet.of(BackupEvent.QUEUED, BackupEvent.FAILED_DISKS_CONSISTENT, BackupEvent.REMOVED),
                QUEUED, EnumSet.of(BackupEvent.STARTED, BackupEvent.FAILED_DISKS_CONSISTENT, BackupEvent.REMOVED),
                BACKING_UP, EnumSet.of(BackupEvent.SUCCEEDED, BackupEvent.FAILED_DISKS_CONSISTENT,
                        BackupEvent.FAILED_DISKS_MAYBE_INCONSISTENT),
                BACKED_UP, EnumSet.of(BackupEvent.RESTORE_STARTED, BackupEvent.REMOVED),
                RESTORING, EnumSet.of(BackupEvent.RESTORE_ENDED),
                ERROR, EnumSet.of(BackupEvent.REMOVED),
                FAILED, EnumSet.of(BackupEvent.REMOVED),
                REMOVED, EnumSet.of(BackupEvent.EXPUNGED),
                EXPUNGED, EnumSet.noneOf(BackupEvent.class));
        int illegal = 0;
        for (BackupStatus s : BackupStatus.values()) {
            assertEquals(s.name(), legal.get(s), BackupTransitions.accepted(s));
            for (BackupEvent e : BackupEvent.values()) {
                if (legal.get(s).contains(e)) {
                    continue;
                }
                IllegalTransitionException ex = assertThrows(IllegalTransitionException.class,
                        () -> BackupTransitions.next(s, e));
                assertTrue(ex.getMessage(), ex.getMessage().contains("state " + s.apiName()));
                assertTrue(ex.getMessage(), ex.getMessage().contains("'" + e + "'"));
                illegal++;
            }
        }
        assertEquals(BackupStatus.values().length * BackupEvent.values().length - 15, illegal);
    }

    @Test
    public void aLateSuccessCannotReviveAFailedBackup() {
        IllegalTransitionException ex = assertThrows(IllegalTransitionException.class,
                () -> BackupTransitions.next(FAILED, BackupEvent.SUCCEEDED));
        assertEquals("Failed", ex.state());
        assertEquals("succeeded", ex.event());
    }

    @Test
    public void onlyBackedUpBackupsCanBeRestored() {
        for (BackupStatus s : BackupStatus.values()) {
            assertEquals(s.name(), s == BACKED_UP, s.allowsRestore());
        }
    }

    @Test
    public void deleteIsAllowedForFinishedBackupsAndForcedAlsoDropsRequestsThatNeverRan() {
        assertEquals(EnumSet.of(BACKED_UP, ERROR, FAILED), allowingDelete(false));
        assertEquals(EnumSet.of(BACKED_UP, ERROR, FAILED, ALLOCATED, QUEUED), allowingDelete(true));
        assertFalse(BACKING_UP.allowsDelete(true));
        assertFalse(RESTORING.allowsDelete(true));
    }

    @Test
    public void statusesParseFromTheirApiSpellingAndRefuseUnknownNamesListingTheValidOnes() {
        assertEquals(BACKING_UP, BackupStatus.fromApiName("backingup"));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> BackupStatus.fromApiName("Done"));
        assertTrue(ex.getMessage(), ex.getMessage().contains("BackedUp"));
    }

    private static Set<BackupStatus> allowingDelete(boolean forced) {
        Set<BackupStatus> out = EnumSet.noneOf(BackupStatus.class);
        for (BackupStatus s : BackupStatus.values()) {
            if (s.allowsDelete(forced)) {
                out.add(s);
            }
        }
        return out;
    }
}
