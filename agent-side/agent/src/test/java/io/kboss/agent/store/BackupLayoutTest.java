package io.kboss.agent.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import org.junit.Test;

public class BackupLayoutTest {
    @Test
    public void aBackupFileLivesUnderAccountAndVolume() {
        assertEquals("backups/acc-1/vol-2/3f1c.qcow2", BackupLayout.backupFile("acc-1", "vol-2", "3f1c"));
        assertEquals(Path.of("/store/backups/acc-1/vol-2/3f1c.qcow2"),
                BackupLayout.resolve(Path.of("/store"), "backups/acc-1/vol-2/3f1c.qcow2"));
    }

    @Test
    public void pathsThatLeaveTheStoreAndIdsThatAreNotFolderNamesAreRefused() {
        for (String bad : new String[]{"../etc/passwd", "/etc/passwd", "backups/../../x", ""}) {
            try {
                BackupLayout.resolve(Path.of("/store"), bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
        for (String bad : new String[]{"..", "a/b", ".hidden", ""}) {
            try {
                BackupLayout.backupFile(bad, "v", "u");
                fail(bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }
}
