package io.kboss.server.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.server.usage.StoreUsageRepository.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The slices' choice without a database (listImageStoreUsageHistory's maxsamples is tested over HTTP). */
public class SampleThinningTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static Sample at(int minute, Long used, Long total, Long backups) {
        return new Sample("s", "store", "z", T0.plusSeconds(60L * minute), used, total, backups);
    }

    private static List<Sample> thin(List<Sample> in, int max) {
        SampleThinning t = new SampleThinning(in.get(0).sampled(), in.get(in.size() - 1).sampled(), max);
        in.forEach(t::add);
        return t.kept();
    }

    @Test
    public void unknownFiguresNeitherLowerNorRaiseASliceAndTheEarliestWinsATie() {
        // One slice (max 8): used unknown at first, then 5, 5, 9; total always 10; backups unknown throughout.
        List<Sample> in = List.of(at(0, null, 10L, null), at(1, 5L, 10L, null), at(2, 5L, 10L, null),
                at(3, 9L, 10L, null), at(4, 7L, 10L, null));
        List<Sample> kept = thin(in, 8);
        assertEquals("first, the earliest lowest, the highest and last, in time order", List.of(in.get(0), in.get(1),
                in.get(3), in.get(4)), kept);
    }

    @Test
    public void everySliceKeepsAtMostEightAndTheAnswerAtMostTheBound() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // Three figures swinging out of step: every slice has distinct extremes of each.
            in.add(at(i, (long) (i * 7919 % 1000), (long) (i * 104729 % 1000), (long) (i * 1299709 % 1000)));
        }
        List<Sample> kept = thin(in, 80);
        assertTrue("10 slices of at most 8: " + kept.size(), kept.size() <= 80 && kept.size() > 20);
        assertEquals(in.get(0), kept.get(0));
        assertEquals(in.get(in.size() - 1), kept.get(kept.size() - 1));
        for (int i = 1; i < kept.size(); i++) {
            assertTrue("oldest first, each once", kept.get(i).sampled().isAfter(kept.get(i - 1).sampled()));
        }
    }

    @Test
    public void oneSampleIsKeptAsItIsAndBadUseIsRefused() {
        Sample only = at(0, 1L, 2L, 3L);
        assertEquals(List.of(only), thin(List.of(only), 8));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new SampleThinning(T0, T0, 7));
        assertTrue(few.getMessage(), few.getMessage().contains("at least 8"));
        SampleThinning t = new SampleThinning(T0, T0.plusSeconds(600), 8);
        t.add(at(5, 1L, 1L, 1L));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> t.add(at(1, 1L, 1L,
                1L)));
        assertTrue(order.getMessage(), order.getMessage().contains("oldest first"));
    }
}
