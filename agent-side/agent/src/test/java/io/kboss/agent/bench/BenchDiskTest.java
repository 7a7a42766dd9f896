package io.kboss.agent.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class BenchDiskTest {
    private static final long MIB = 1L << 20;
    private final BenchDisk disk = BenchDisk.layout(Path.of("/tmp/x.qcow2"), 4096 * MIB, 2, 1);

    @Test
    public void halfOfTheFourGibDiskHoldsDataInEveryOtherSlot() {
        assertEquals(32, disk.dataSlots().size());
        assertEquals(2048 * MIB, disk.dataBytes());
        assertEquals("the second data slot follows one empty slot", 128 * MIB, (long) disk.dataSlots().get(1));
    }

    @Test
    public void dirtyWritesLandInsideDataSlotsWithoutOverlapping() {
        for (int percent : new int[]{1, 10, 50}) {
            List<Long> offsets = disk.dirtyOffsets(disk.size * percent / 100, 4 * MIB);
            Set<Long> distinct = new HashSet<>(offsets);
            assertEquals("no two writes of " + percent + " % at the same place", offsets.size(), distinct.size());
            for (long o : offsets) {
                long slot = o / disk.slotSize();
                assertEquals("write at " + o + " is in a data slot", 0, slot % 2);
                assertTrue("write at " + o + " ends inside its slot",
                        (o % disk.slotSize()) + 4 * MIB <= disk.slotSize());
            }
            assertTrue(percent + " % dirties at least that much",
                    offsets.size() * 4 * MIB >= disk.size * percent / 100);
        }
    }

    @Test
    public void onePercentIsSpreadOverTheWholeDiskNotBunchedAtTheStart() {
        List<Long> offsets = disk.dirtyOffsets(disk.size / 100, 4 * MIB);
        assertTrue("the last write is in the last quarter of the disk",
                offsets.get(offsets.size() - 1) > disk.size * 3 / 4);
    }

    @Test(expected = IllegalArgumentException.class)
    public void dirtyingMoreThanTheDataHoldsIsRefused() {
        disk.dirtyOffsets(disk.dataBytes() + 4 * MIB, 4 * MIB);
    }
}
