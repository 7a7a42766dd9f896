package io.kboss.plugin.backup.kboss.domain.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ChainSizeTest {

    @Test
    public void anOfferingValueAboveZeroWinsOverTheZone() {
        assertEquals(3, ChainSize.resolve(3, 8).limit());
        assertEquals(1, ChainSize.resolve(1, 0).limit());
    }

    @Test
    public void anOfferingValueOfZeroOrNoneUsesTheZone() {
        assertEquals(8, ChainSize.resolve(0, 8).limit());
        assertEquals(8, ChainSize.resolve(null, 8).limit());
        assertEquals(8, ChainSize.resolve(-4, 8).limit());
    }

    @Test
    public void sizeOneMeansEveryBackupIsFull() {
        ChainSize one = new ChainSize(1);
        assertFalse(one.admitsAnotherAfter(1));
    }

    @Test
    public void aChainOfSizeNHoldsTheFullAndNMinusOneIncrements() {
        ChainSize four = new ChainSize(4);
        assertTrue(four.admitsAnotherAfter(3));
        assertFalse(four.admitsAnotherAfter(4));
    }

    @Test
    public void sizesBelowOneAreUnlimited() {
        for (int limit : new int[]{0, -1, Integer.MIN_VALUE}) {
            ChainSize size = ChainSize.resolve(0, limit);
            assertTrue(size.isUnlimited());
            assertTrue(size.admitsAnotherAfter(1_000_000));
        }
    }
}
