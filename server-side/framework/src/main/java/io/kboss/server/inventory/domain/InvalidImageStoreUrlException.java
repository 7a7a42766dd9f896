package io.kboss.server.inventory.domain;

/** A refused image-store URL; the message shows the accepted forms. */
public class InvalidImageStoreUrlException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidImageStoreUrlException(String message) {
        super(message);
    }
}
