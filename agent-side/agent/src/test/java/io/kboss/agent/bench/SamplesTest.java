package io.kboss.agent.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import org.junit.Test;

public class SamplesTest {
    @Test
    public void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Samples s = new Samples();
        for (double v : new double[]{4, 1, 3, 2}) {
            s.add("copy", v);
        }
        assertEquals(2.5, s.median("copy"), 1e-9);
        assertEquals(1, s.min("copy"), 1e-9);
        assertEquals(4, s.max("copy"), 1e-9);
    }

    @Test
    public void rollingBackForgetsEverySampleTakenSinceTheMark() {
        Samples s = new Samples();
        s.add("full", 1);
        Samples.Mark mark = s.mark();
        s.add("full", 2);
        s.add("incremental", 3);
        s.rollback(mark);
        assertEquals(List.of(1.0), s.of("full"));
        assertFalse(s.has("incremental"));
    }
}
