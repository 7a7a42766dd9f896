package io.kboss.server.event;

import java.util.List;

/**
 * Where events are recorded. {@link #record} joins the caller's transaction (a change and the event that
 * reports it commit together or not at all, so a crash loses neither alone) and queues, in the same
 * transaction, one delivery per enabled webhook the event matches. Outside a transaction it commits on
 * its own.
 */
public interface EventLog {

    /** Records the event; returns its uuid. */
    String record(NewEvent event);

    /**
     * Records several events in the same few statements whatever their number (for work that reports many
     * changes in one transaction, such as a claim of many operations); returns their uuids in order.
     */
    List<String> recordAll(List<NewEvent> events);
}
