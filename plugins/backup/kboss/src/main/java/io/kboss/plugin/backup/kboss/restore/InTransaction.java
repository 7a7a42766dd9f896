package io.kboss.plugin.backup.kboss.restore;

import io.kboss.server.api.ApiException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs checks that may refuse with an {@link ApiException} in one transaction: the refusal rolls
 * back everything the transaction did and reaches the caller unchanged.
 */
final class InTransaction {

    @FunctionalInterface
    interface Work<T> {
        T run() throws ApiException;
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(ApiException e) {
            super(e);
        }
    }

    private InTransaction() {
    }

    static <T> T run(TransactionOperations tx, Work<T> work) throws ApiException {
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
        }
    }
}
