package io.kboss.plugin.backup.kboss.domain.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class OfferingSupportTest {

    @Test
    public void aVmWhoseDisksAreAllQcow2FilesCanBeAssigned() {
        assertEquals(Optional.empty(),
                OfferingSupport.refusal("web", List.of(new ProtectableDisk("vda", "FILE", "qcow2"),
                        new ProtectableDisk("vdb", "file", "QCOW2"))));
    }

    @Test
    public void theRefusalNamesEveryUnsupportedDiskAndWhatToDo() {
        String why = OfferingSupport.refusal("db", List.of(new ProtectableDisk("vda", "FILE", "qcow2"),
                new ProtectableDisk("vdb", "FILE", "raw"), new ProtectableDisk("vdc", "BLOCK", null))).orElseThrow();
        assertTrue(why, why.contains("vdb (FILE, raw), vdc (BLOCK, unknown format) are not"));
        assertTrue(why, why.contains("convert the disks to qcow2 files first"));
    }

    @Test
    public void aVmWithoutKnownDisksIsRefusedUntilDiscoveryReportsThem() {
        assertTrue(OfferingSupport.refusal("empty", List.of()).orElseThrow().contains("discovery"));
    }

    @Test
    public void backupFilesAreLaidOutByAccountVolumeAndBackup() {
        assertEquals("backups/7/42/0b9e.qcow2", BackupPaths.volumeFile(7, 42, "0b9e"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aBackupUuidCannotEscapeItsFolder() {
        BackupPaths.volumeFile(7, 42, "../x");
    }
}
