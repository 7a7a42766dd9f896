package io.kboss.client.transport;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * A logged-in session, as CloudStack's UI holds one: the {@code JSESSIONID} cookie and the
 * {@code sessionkey} that must accompany every call made with it.
 */
public final class LoginSession implements Authentication {
    private final String username;
    private final String userId;
    private final String cookie;
    private final String sessionKey;

    /**
     * @param userId the user's id as login answered it
     * @param cookie the {@code name=value} part of the login answer's Set-Cookie
     */
    public LoginSession(String username, String userId, String cookie, String sessionKey) {
        this.username = username;
        this.userId = userId;
        this.cookie = cookie;
        this.sessionKey = sessionKey;
    }

    @Override
    public void authenticate(Map<String, String> params, HttpRequest.Builder request) {
        params.put("sessionkey", sessionKey);
        request.header("Cookie", cookie);
    }

    /** The logged-in user's id, as login answered it. */
    public String userId() {
        return userId;
    }

    @Override
    public String describe() {
        return "the session of " + username;
    }
}
