package io.kboss.server.host.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class HostHealthTest {
    private static final HostHealth UP = new HostHealth(HostStatus.Up, 0);

    @Test
    public void oneMissedPingDisconnectsAndTheTimeoutTakesTheHostDown() {
        HostHealth once = UP.missed(3);
        assertEquals(new HostHealth(HostStatus.Disconnected, 1), once);
        HostHealth twice = once.missed(3);
        assertEquals(HostStatus.Disconnected, twice.status());
        HostHealth thrice = twice.missed(3);
        assertEquals(new HostHealth(HostStatus.Down, 3), thrice);
        assertTrue(thrice.wentDownFrom(twice.status()));
        assertFalse(thrice.missed(3).wentDownFrom(thrice.status()));
    }

    @Test
    public void aTimeoutOfOneTakesTheHostDownAtTheFirstMiss() {
        assertEquals(HostStatus.Down, UP.missed(1).status());
    }

    @Test
    public void anAnswerBringsADownHostUpAndClearsTheCount() {
        HostHealth down = new HostHealth(HostStatus.Down, 7);
        HostHealth up = down.answered();
        assertEquals(UP, up);
        assertTrue(up.cameUpFrom(HostStatus.Down));
        assertFalse(UP.answered().cameUpFrom(HostStatus.Up));
    }

    @Test
    public void aTimeoutBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UP.missed(0));
    }
}
