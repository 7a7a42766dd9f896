package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DirtyRanges.Range;
import io.kboss.agent.disk.domain.DirtyRanges;
import io.kboss.agent.disk.domain.QuiesceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class DiskDomainTest {

    @Test
    public void anIncrementalsBackingPathIsRelativeToItsOwnFolder() {
        assertEquals("b0.qcow2",
                BackupFiles.relativeBacking(Path.of("/s/backups/1/7/b1.qcow2"), Path.of("/s/backups/1/7/b0.qcow2")));
        assertEquals("../8/b0.qcow2",
                BackupFiles.relativeBacking(Path.of("/s/backups/1/7/b1.qcow2"), Path.of("/s/backups/1/8/b0.qcow2")));
    }

    @Test
    public void dirtyRangesThatTouchOrOverlapAreCopiedAsOne() {
        List<Range> merged = DirtyRanges.merge(List.of(new Range(128, 64), new Range(0, 64), new Range(64, 32),
                new Range(150, 100), new Range(400, 0)));
        assertEquals(List.of(new Range(0, 96), new Range(128, 122)), merged);
        assertEquals(218, DirtyRanges.total(merged));
    }

    @Test
    public void anIncrementalRequestNeedsAParentFileForEveryDisk() {
        List<BackupTarget> mixed = List.of(
                new BackupTarget("vda", Path.of("/s/a.qcow2"), Path.of("/s/p.qcow2")),
                new BackupTarget("vdb", Path.of("/s/b.qcow2"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new BackupRequest("vm", "cp2", "cp1", null, mixed, QuiesceMode.NONE, Duration.ofMinutes(1),
                        () -> 0));
    }

    @Test
    public void aCheckpointNameCannotCarryXmlOrPathCharacters() {
        List<BackupTarget> full = List.of(new BackupTarget("vda", Path.of("/s/a.qcow2"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new BackupRequest("vm", "a'/b", null, null, full, QuiesceMode.NONE, Duration.ofMinutes(1),
                        () -> 0));
    }

    @Test
    public void backupPathsMustBeAbsolute() {
        assertThrows(IllegalArgumentException.class, () -> new BackupTarget("vda", Path.of("rel.qcow2"), null));
    }
}
