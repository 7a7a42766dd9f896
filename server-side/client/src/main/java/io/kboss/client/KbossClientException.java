package io.kboss.client;

/**
 * A call to kboss-server that did not give an answer to use: the server could not be reached, its
 * answer could not be read, the wait for a job ran out, or the caller was interrupted (the thread's
 * interrupt flag is then set again). {@link KbossApiException} is the server's own refusal.
 */
public class KbossClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KbossClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
