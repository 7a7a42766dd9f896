package io.kboss.agent.vm;

import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventsAnswer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * The lifecycle changes of this agent's VMs as a change feed with a cursor: each event gets the
 * next sequence number, the newest {@code capacity} are kept in memory, and a reader asks for the
 * events after the last one it applied (see {@link io.kboss.agent.contract.VmEventsCommand}).
 *
 * <p>The feed lives as long as the agent process: its id is new at every start, so a reader whose
 * cursor belongs to an older feed is told to resync (read every VM once) rather than given events
 * that would not follow its cursor. A reader that fell further behind than {@code capacity} events
 * is told the same. Nothing is persisted, because libvirt itself holds the current state.
 */
public final class VmEventFeed {
    private final String feedId = UUID.randomUUID().toString();
    private final int capacity;
    private final Deque<VmEvent> events = new ArrayDeque<>();
    private long lastSequence;

    public VmEventFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a feed keeps at least one event, not " + capacity);
        }
        this.capacity = capacity;
    }

    public String feedId() {
        return feedId;
    }

    /** Gives the event the next sequence number and keeps it, dropping the oldest beyond capacity. */
    public synchronized void append(VmEvent event) {
        event.sequence = ++lastSequence;
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
    }

    /** The events after {@code afterSequence} of feed {@code readerFeedId}, at most {@code max}. */
    public synchronized VmEventsAnswer since(String readerFeedId, long afterSequence, int max) {
        if (max < 1 || max > 1000) {
            throw new IllegalArgumentException("vm-events' maxEvents must be between 1 and 1000, not " + max);
        }
        VmEventsAnswer a = new VmEventsAnswer();
        a.feedId = feedId;
        a.lastSequence = lastSequence;
        long oldest = events.isEmpty() ? lastSequence + 1 : events.peekFirst().sequence;
        if (!feedId.equals(readerFeedId) || afterSequence > lastSequence || afterSequence < oldest - 1) {
            a.resyncNeeded = true;
            return a;
        }
        for (VmEvent e : events) {
            if (e.sequence <= afterSequence) {
                continue;
            }
            if (a.events.size() == max) {
                a.more = true;
                break;
            }
            a.events.add(e);
        }
        return a;
    }
}
