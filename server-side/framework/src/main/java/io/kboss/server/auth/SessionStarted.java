package io.kboss.server.auth;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The answer of {@code login}, with the fields and types of CloudStack's login answer: {@code type}
 * is the account type as a string ("0", "1", "2"), {@code timeout} a number of seconds,
 * {@code timezone} and {@code timezoneoffset} (hours, e.g. "5.5") only when the user has a time
 * zone. KBOSS has no second factor: {@code is2faenabled} is "false" and {@code is2faverified}
 * "true", as CloudStack answers for a user without one. The cookie value is transient: the HTTP
 * layer sets it as the JSESSIONID cookie; it never appears in the body.
 */
public final class SessionStarted {
    private final String username;
    private final String userid;
    private final String domainid;
    private final int timeout;
    private final String account;
    private final String firstname;
    private final String lastname;
    private final String type;
    private final String timezone;
    private final String timezoneoffset;
    private final String registered = "false";
    private final String sessionkey;
    private final String is2faenabled = "false";
    private final String is2faverified = "true";
    private final transient String cookie;

    SessionStarted(UserAccount u, long timeoutSeconds, String sessionKey, String cookie, Instant now) {
        this.username = u.username();
        this.userid = u.userUuid();
        this.domainid = u.domainUuid();
        this.timeout = (int) Math.min(Integer.MAX_VALUE, timeoutSeconds);
        this.account = u.accountName();
        this.firstname = u.details().firstname();
        this.lastname = u.details().lastname();
        this.type = Integer.toString(u.role().accountType());
        this.timezone = u.details().timezone();
        this.timezoneoffset = timezone == null ? null : offsetHours(timezone, now);
        this.sessionkey = sessionKey;
        this.cookie = cookie;
    }

    /** CloudStack's form: the zone's current offset from UTC in hours, as a decimal ("-3.5"). */
    static String offsetHours(String zone, Instant now) {
        int seconds = ZoneId.of(zone).getRules().getOffset(now).getTotalSeconds();
        return Float.toString(seconds / 3600f);
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
