package io.kboss.plugin.backup.kboss.offering.api;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.backup.Transactions;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.NewEvent;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs an offering change and records its event in one transaction (the service's own transaction joins
 * it): the offering's row and the event that reports it commit together. The event is the caller's.
 */
public final class OfferingEvents {
    private final EventLog events;
    private final TransactionOperations tx;

    public OfferingEvents(EventLog events, TransactionOperations tx) {
        this.events = events;
        this.tx = tx;
    }

    /** A change and what to record once it succeeded. */
    interface Change<T> {
        T run() throws ApiException;
    }

    /** Describes the event of a change by its result. */
    interface Describe<T> {
        /** The description and the uuid of the offering, in that order. */
        String[] of(T result);
    }

    <T> T record(Caller caller, String type, Change<T> change, Describe<T> describe) throws ApiException {
        return Transactions.run(tx, () -> {
            T result = change.run();
            String[] d = describe.of(result);
            events.record(NewEvent.created(type, d[0], caller.accountId(), caller.userId()).about("BackupOffering",
                    d[1]));
            return result;
        });
    }
}
