package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work that may refuse with an {@link ApiException} in one transaction: the refusal rolls the
 * transaction back and reaches the caller unchanged.
 *
 * <p>A transaction MariaDB chose as a deadlock victim (or that waited too long for a row lock) is run
 * again from the start, a few times: the requests that take a VM's row lock race with admission and
 * with each other under a burst, and the loser must get its real answer (accepted, or the
 * one-operation-per-VM refusal), not an internal error. The work only touches the database, so
 * running it again is safe: the victim's transaction was rolled back as a whole. Only the outermost
 * call runs again: work called inside a transaction that is already open (a framework command calling
 * its provider) joins it, and a deadlock there rolls back and reruns the outer transaction.
 */
public final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final int ATTEMPTS = 4;
    private static final long FIRST_PAUSE_MILLIS = 20;

    @FunctionalInterface
    public interface Work<T> {
        T run() throws ApiException;
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(ApiException e) {
            super(e);
        }
    }

    private Transactions() {
    }

    public static <T> T run(TransactionOperations tx, Work<T> work) throws ApiException {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.run(); // joins the caller's transaction, whose outermost run retries
        }
        for (int attempt = 1;; attempt++) {
            try {
                return tx.execute(status -> {
                    try {
                        return work.run();
                    } catch (ApiException e) {
                        throw new Refused(e);
                    }
                });
            } catch (Refused r) {
                throw (ApiException) r.getCause();
            } catch (ConcurrencyFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Transaction lost a lock race (attempt {} of {}), running it again: {}", attempt, ATTEMPTS,
                        e.getMessage());
                pause(FIRST_PAUSE_MILLIS << (attempt - 1));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
