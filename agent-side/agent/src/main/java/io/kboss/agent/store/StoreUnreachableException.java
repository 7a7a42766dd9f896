package io.kboss.agent.store;

import java.io.IOException;

/** The store did not answer within its bound; the work that needed it was not done. */
public class StoreUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
