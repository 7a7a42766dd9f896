package io.kboss.client.transport;

import java.net.http.HttpRequest;
import java.util.Map;

/** Who makes the calls: an API key that signs every request, or a logged-in session. */
public interface Authentication {

    /**
     * Adds what identifies the caller to a request about to be sent.
     *
     * @param params the request's parameters, command and response included; may be added to
     * @param request the HTTP request being built, for a header such as the session cookie
     */
    void authenticate(Map<String, String> params, HttpRequest.Builder request);

    /** What the caller is, for error texts (never a secret). */
    String describe();
}
