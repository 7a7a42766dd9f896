package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.junit.Test;

public class VmBackupStateTest {

    @Test
    public void aBackupThatMayHaveLeftDisksInconsistentPutsTheVmInBackupError() {
        assertEquals(VmBackupState.BACKUP_ERROR,
                VmBackupState.NORMAL.next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT));
    }

    @Test
    public void finishBackupChainNormalizesAVmInBackupError() {
        assertEquals(VmBackupState.NORMAL, VmBackupState.BACKUP_ERROR.next(VmBackupEvent.CHAIN_FINISHED));
    }

    @Test
    public void aFailedNormalizationLeavesTheVmInBackupErrorForAnotherTry() {
        assertEquals(VmBackupState.BACKUP_ERROR, VmBackupState.BACKUP_ERROR.next(VmBackupEvent.NORMALIZATION_FAILED));
    }

    @Test
    public void finishBackupChainOnAHealthyVmKeepsItNormal() {
        assertEquals(VmBackupState.NORMAL, VmBackupState.NORMAL.next(VmBackupEvent.CHAIN_FINISHED));
    }

    @Test
    public void aVmInBackupErrorTakesNoBackupOrRestoreAndSaysToRunFinishBackupChain() {
        assertFalse(VmBackupState.BACKUP_ERROR.allowsBackup());
        assertFalse(VmBackupState.BACKUP_ERROR.allowsRestore());
        assertTrue(VmBackupState.NORMAL.allowsBackup());
        assertTrue(VmBackupState.BACKUP_ERROR.refusalForBackupOrRestore("web-1").orElseThrow()
                .contains("run finishBackupChain"));
        assertEquals(Optional.empty(), VmBackupState.NORMAL.refusalForBackupOrRestore("web-1"));
    }

    @Test
    public void illegalVmEventsThrowNamingStateAndEvent() {
        IllegalTransitionException ex = assertThrows(IllegalTransitionException.class,
                () -> VmBackupState.BACKUP_ERROR.next(VmBackupEvent.BACKUP_LEFT_DISKS_MAYBE_INCONSISTENT));
        assertEquals("BackupError", ex.state());
        assertTrue(ex.getMessage(), ex.getMessage().contains("backup left disks maybe inconsistent"));
        assertThrows(IllegalTransitionException.class,
                () -> VmBackupState.NORMAL.next(VmBackupEvent.NORMALIZATION_FAILED));
    }
}
