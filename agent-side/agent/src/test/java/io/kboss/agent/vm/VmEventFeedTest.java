package io.kboss.agent.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventKind;
import io.kboss.agent.contract.VmEventsAnswer;
import org.junit.Test;

public class VmEventFeedTest {
    private final VmEventFeed feed = new VmEventFeed(3);

    private static VmEvent event(String vm) {
        VmEvent e = new VmEvent();
        e.vmUuid = vm;
        e.kind = VmEventKind.STARTED;
        return e;
    }

    @Test
    public void aReaderWithoutTheFeedsIdIsToldToResyncAndWhereToGoOnFrom() {
        feed.append(event("a"));
        VmEventsAnswer first = feed.since(null, 0, 10);
        assertTrue(first.resyncNeeded);
        assertEquals(feed.feedId(), first.feedId);
        assertEquals(1, first.lastSequence);
        assertTrue(first.events.isEmpty());

        feed.append(event("b"));
        VmEventsAnswer next = feed.since(first.feedId, first.lastSequence, 10);
        assertFalse(next.resyncNeeded);
        assertEquals(1, next.events.size());
        assertEquals("b", next.events.get(0).vmUuid);
        assertEquals(2, next.events.get(0).sequence);
    }

    @Test
    public void aCursorOfAnotherFeedOrFromTheFutureMeansResync() {
        feed.append(event("a"));
        assertTrue(feed.since("feed-of-an-earlier-agent-start", 0, 10).resyncNeeded);
        assertTrue(feed.since(feed.feedId(), 5, 10).resyncNeeded);
    }

    @Test
    public void eventsBeyondMaxWaitForTheNextCallAndDroppedOnesMeanResync() {
        for (String vm : new String[]{"a", "b", "c"}) {
            feed.append(event(vm));
        }
        VmEventsAnswer two = feed.since(feed.feedId(), 0, 2);
        assertEquals(2, two.events.size());
        assertTrue(two.more);
        VmEventsAnswer rest = feed.since(feed.feedId(), two.events.get(1).sequence, 2);
        assertEquals("c", rest.events.get(0).vmUuid);
        assertFalse(rest.more);

        feed.append(event("d")); // capacity 3: "a" (sequence 1) is dropped
        assertTrue("a reader still at 0 missed event 1", feed.since(feed.feedId(), 0, 10).resyncNeeded);
        assertEquals(3, feed.since(feed.feedId(), 1, 10).events.size());
        assertTrue(feed.since(feed.feedId(), 4, 10).events.isEmpty());
    }

    @Test
    public void maxEventsOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> feed.since(feed.feedId(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> feed.since(feed.feedId(), 0, 1001));
    }
}
