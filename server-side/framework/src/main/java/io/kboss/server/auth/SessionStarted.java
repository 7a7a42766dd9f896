package io.kboss.server.auth;

/**
 * The answer of {@code login}. The cookie value is transient: the HTTP layer sets it as the
 * JSESSIONID cookie; it never appears in the JSON body.
 */
public final class SessionStarted {
    private final String username;
    private final String userid;
    private final String account;
    private final String domainid;
    private final int type;
    private final String timeout;
    private final String registered = "false";
    private final String sessionkey;
    private final transient String cookie;

    SessionStarted(UserAccount u, long timeoutSeconds, String sessionKey, String cookie) {
        this.username = u.username();
        this.userid = u.userUuid();
        this.account = u.accountName();
        this.domainid = u.domainUuid();
        this.type = u.role().accountType();
        this.timeout = Long.toString(timeoutSeconds);
        this.sessionkey = sessionKey;
        this.cookie = cookie;
    }

    public String cookie() {
        return cookie;
    }

    public String sessionKey() {
        return sessionkey;
    }

    @Override
    public String toString() {
        return "SessionStarted[" + username + "]";
    }
}
