package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.config.FrameworkProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code login}: checks username and password and opens a session. Refusals are CloudStack's 531
 * with one message for every cause, so nobody learns which usernames exist.
 */
@Component
public class LoginCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("login")
            .description("Logs a user into the API: sets the JSESSIONID and sessionkey cookies and answers the "
                    + "sessionkey; every later call carries the JSESSIONID cookie and the sessionkey, as a parameter "
                    + "or as the cookie")
            .withoutAuthentication()
            .param(ParamSpec.string("username").required().maxLength(255).description("Username"))
            .param(ParamSpec.string("password").required().maxLength(1024).description("Password"))
            .param(ParamSpec.string("domain").maxLength(1024)
                    .description("Path of the user's domain, e.g. / or /child (default /)"))
            .responseField("sessionkey", "string", "session key to send as the sessionkey parameter or cookie")
            .responseField("userid", "string", "the user's id")
            .responseField("username", "string", "the user's name")
            .responseField("account", "string", "the account the user belongs to")
            .responseField("domainid", "string", "the id of the account's domain")
            .responseField("type", "string", "the account type: 0 user, 1 root admin, 2 domain admin")
            .responseField("firstname", "string", "the user's first name")
            .responseField("lastname", "string", "the user's last name")
            .responseField("timezone", "string", "the user's time zone, when it has one")
            .responseField("timezoneoffset", "string", "that time zone's offset from UTC now, in hours")
            .responseField("timeout", "integer", "idle seconds before the session ends")
            .build();

    private final AccountRepository accounts;
    private final SessionRepository sessions;
    private final Clock clock;
    private final SecureRandom random;
    private final FrameworkProperties properties;

    public LoginCommand(AccountRepository accounts, SessionRepository sessions, Clock clock, SecureRandom random,
            FrameworkProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
        this.random = random;
        this.properties = properties;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String username = call.params().string("username");
        char[] password = call.params().string("password").toCharArray();
        String domain = normalizeDomain(call.params().string("domain", "/"));
        Optional<UserAccount> user = accounts.findUserByName(username);
        boolean ok = user.isPresent() && user.get().password() != null && user.get().isEnabled()
                && user.get().domainPath().equalsIgnoreCase(domain) && user.get().password().matches(password);
        java.util.Arrays.fill(password, '\0');
        if (!ok) {
            throw new ApiException(ApiErrorCode.ACCOUNT_ERROR, CsErrorCode.CLOUD_AUTHENTICATION,
                    "Failed to authenticate user " + username + " in domain " + domain
                            + "; please provide valid credentials");
        }
        // Expired sessions are swept here: logins are rare enough and it keeps the table small.
        sessions.deleteExpired(clock.instant());
        String cookie = token();
        String sessionKey = token();
        sessions.create(SessionRepository.sessionId(cookie, sessionKey), user.get().userId(), clock.instant(),
                properties.sessionIdleTimeout());
        return new SessionStarted(user.get(), properties.sessionIdleTimeout().toSeconds(), sessionKey, cookie,
                clock.instant());
    }

    /** "ROOT", "/", "" all mean the root domain; "child" and "/child/" mean "/child/". */
    static String normalizeDomain(String d) {
        String s = d.trim();
        if (s.isEmpty() || s.equals("/") || s.equalsIgnoreCase("ROOT") || s.equalsIgnoreCase("/ROOT")) {
            return "/";
        }
        if (s.regionMatches(true, 0, "ROOT/", 0, 5)) {
            s = s.substring(4);
        }
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        return s.endsWith("/") ? s : s + "/";
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
