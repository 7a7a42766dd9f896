package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Set;
import org.junit.Test;

/** The table every status machine of a backup is built on, on a machine of its own. */
public class TransitionTableTest {
    private enum Light {
        RED, GREEN, BROKEN
    }

    private enum Signal {
        GO, STOP, BREAK
    }

    private static TransitionTable<Light, Signal> table() {
        return new TransitionTable<>("light", Light.class, Signal.class, l -> l.name().toLowerCase())
                .allow(Light.RED, Signal.GO, Light.GREEN)
                .allow(Light.GREEN, Signal.STOP, Light.RED)
                .allow(Light.RED, Signal.BREAK, Light.BROKEN)
                .allow(Light.GREEN, Signal.BREAK, Light.BROKEN);
    }

    @Test
    public void aListedMoveGoesWhereTheTableSays() {
        assertEquals(Light.GREEN, table().next(Light.RED, Signal.GO));
        assertEquals(Light.RED, table().next(Light.GREEN, Signal.STOP));
    }

    @Test
    public void anUnlistedMoveIsRefusedNamingTheSubjectTheSpelledStateTheEventAndWhatIsAccepted() {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> table().next(Light.GREEN, Signal.GO));
        assertEquals("light in state green cannot take event 'GO'; in green it accepts only [STOP, BREAK]",
                e.getMessage());
        assertEquals("green", e.state());
        assertEquals("GO", e.event());
    }

    @Test
    public void aStatusWithoutRowsAcceptsNothingAndRefusesEveryEvent() {
        assertEquals(Set.of(), table().accepted(Light.BROKEN));
        for (Signal s : Signal.values()) {
            assertThrows(IllegalTransitionException.class, () -> table().next(Light.BROKEN, s));
        }
    }

    @Test
    public void theAcceptedEventsCannotBeChangedThroughTheAnswer() {
        Set<Signal> accepted = table().accepted(Light.RED);
        assertEquals(Set.of(Signal.GO, Signal.BREAK), accepted);
        assertThrows(UnsupportedOperationException.class, () -> accepted.add(Signal.STOP));
    }
}
